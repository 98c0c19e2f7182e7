/**
 * A plan's own term dates (terms.csv): termly and half-termly measures follow them instead of
 * the English school year's months, a holiday between terms is in no term, and a terms file
 * with mistakes is refused with each one located, importing nothing.
 */
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import/importPlan';
import { judgeMeasure } from '../../src/measures/judgement';
import { parsePeriod, periodContaining, periodEndingOnOrBefore, previousPeriod, type TermDates } from '../../src/measures/periods';
import { measureAskSchedule } from '../../src/scheduler/measureAsks';
import { DEFAULT_PLAN_SETTINGS } from '../../src/domain/model';
import { makeTestStore } from '../support/store';
import { snapshot } from '../import/helpers';
import { planWithMeasures } from './planWithMeasures';

const TERMS_CSV = ['term,start,end', '2023-24-T1,2023-09-05,2023-12-20', '2023-24-T2,2024-01-08,2024-03-22', '2023-24-T3,2024-04-08,2024-07-23'].join('\n');
const TERMS: TermDates[] = [
  { label: '2023-24-T1', start: '2023-09-05', end: '2023-12-20' },
  { label: '2023-24-T2', start: '2024-01-08', end: '2024-03-22' },
  { label: '2023-24-T3', start: '2024-04-08', end: '2024-07-23' },
];

describe('periods on a plan’s own term dates', () => {
  it('gives a listed term its own dates and leaves an unlisted school year on the usual months', () => {
    const spring = parsePeriod('2023-24-T2', 'termly', TERMS);
    expect(spring.ok && [spring.period.start, spring.period.end]).toEqual(['2024-01-08', '2024-03-22']);
    const later = parsePeriod('2024-25-T2', 'termly', TERMS);
    expect(later.ok && [later.period.start, later.period.end]).toEqual(['2025-01-01', '2025-03-31']);
  });

  it('puts a day of the Easter holiday in no term, and knows the spring term has ended by then', () => {
    expect(periodContaining('termly', '2024-03-28', TERMS)).toBeUndefined();
    expect(periodEndingOnOrBefore('termly', '2024-03-28', TERMS).label).toBe('2023-24-T2');
    expect(periodEndingOnOrBefore('termly', '2024-03-21', TERMS).label).toBe('2023-24-T1');
    const spring = parsePeriod('2023-24-T2', 'termly', TERMS);
    expect(spring.ok && previousPeriod(spring.period, TERMS).label).toBe('2023-24-T1');
  });

  it('asks for the spring term’s value the first working day after the plan’s term ends, not after March', () => {
    const spring = periodEndingOnOrBefore('termly', '2024-03-25', TERMS);
    expect(measureAskSchedule(spring, DEFAULT_PLAN_SETTINGS, 'Europe/London').dates.open).toBe('2024-03-25');
  });
});

describe('importing terms.csv', () => {
  it('keeps the plan’s term dates with its termly measures, which are then judged by them', async () => {
    const store = await makeTestStore();
    const result = await importPlan(store, planWithMeasures({ terms: TERMS_CSV }), { timeZone: 'Europe/London', planId: 'p', clock: fixedClock('2024-03-01T09:00:00Z') });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const termly = await store.measures.get('p', 'ar-timely');
    expect(termly?.terms).toEqual(TERMS);
    expect((await store.measures.get('p', 'ehcp-20wk'))?.terms).toBeUndefined();
    // On 25 March the plan's spring term has ended (22 March): its value is the one expected.
    expect(judgeMeasure(termly!, [], '2024-03-25').duePeriod).toMatchObject({ label: '2023-24-T2', end: '2024-03-22' });
  });

  it('refuses a terms file with a term it cannot read, an end before its start and overlapping terms, and imports nothing', async () => {
    const store = await makeTestStore();
    const bad = ['term,start,end', '2023-24-T1,2023-09-05,2023-12-20', 'Spring,2024-01-08,2024-03-22', '2023-24-T3,2024-07-23,2024-04-08', '2023-24-T2,2023-12-01,2024-03-22'].join('\n');
    const before = await snapshot(store);
    const result = await importPlan(store, planWithMeasures({ terms: bad }), { timeZone: 'Europe/London', planId: 'p', clock: fixedClock('2024-03-01T09:00:00Z') });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'terms.csv:3: term: "Spring" is not a term: write the school year and the term (2023-24-T1 to T3) or half-term (2023-24-HT1 to HT6).',
      'terms.csv:4: end: 2024-04-08 is before the start 2024-07-23.',
      'terms.csv:5: start: 2023-24-T2 starts on 2023-12-01, before 2023-24-T1 (terms.csv:2) ends on 2023-12-20.',
    ]);
    expect(await snapshot(store)).toEqual(before);
  });
});
