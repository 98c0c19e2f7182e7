/**
 * The scorecard boards read: a plan with a monthly measure on track, a quarterly one off track
 * and a termly one with no value for its latest term, in the exception and progress reports
 * (with a line chart and its text fallback) beside each area's BRAG counts.
 */
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import/importPlan';
import { loadBoardReportFacts } from '../../src/facts/board';
import { renderBoardReport, renderProgressReport } from '../../src/cards';
import { loadProgressReportFacts } from '../../src/facts/progress';
import { validateCard } from '../../src/cards/render';
import { scorecardFacts } from '../../src/measures/scorecard';
import type { Measure } from '../../src/measures/model';
import type { Store } from '../../src/storage/store';
import { makeTestStore } from '../support/store';
import { elementsOf, textOf } from '../cards/plymouthCards';
import { planWithMeasures } from './planWithMeasures';
import { copyFixture } from '../import/helpers';

const PLAN = 'plymouth-2023';
const TZ = 'Europe/London';
const clock = fixedClock('2024-02-20T10:00:00Z');

const measure = (m: Partial<Measure> & Pick<Measure, 'id' | 'frequency'>): Measure => ({
  planId: 'p',
  area: 1,
  name: m.id,
  ownerId: 'o@x.org',
  ownerLead: 'O',
  unit: 'percent',
  direction: 'up',
  baseline: 40,
  target: 60,
  ...m,
});
const value = (measureId: string, period: string, v: number) => ({ planId: 'p', measureId, period, value: v, recordedBy: 'import', recordedAt: '2024-01-01T00:00:00Z' });

const chartsIn = (card: unknown) => elementsOf(card, 'Chart.Line');

describe('scorecard facts', () => {
  const measures = [
    measure({ id: 'monthly-on', frequency: 'monthly', targetDate: '2024-12-31', baselineDate: '2023-01-01' }),
    measure({ id: 'quarterly-off', frequency: 'quarterly', area: 2, unit: 'days', direction: 'down', baseline: 60, target: 42 }),
    measure({ id: 'termly-missing', frequency: 'termly', area: 2 }),
  ];
  const values = new Map([
    ['monthly-on', ['2023-10', '2023-11', '2023-12', '2024-01'].map((p, i) => value('monthly-on', p, 45 + i * 3))],
    ['quarterly-off', [value('quarterly-off', '2023-Q3', 58), value('quarterly-off', '2023-Q4', 55)]],
    ['termly-missing', [value('termly-missing', '2022-23-T3', 60)]],
  ]);
  const actions = [
    { ref: '1.1', area: 1, brag: 'green', measureIds: ['monthly-on'] },
    { ref: '1.2', area: 1, brag: 'amber' },
    { ref: '2.1', area: 2, brag: 'red', measureIds: ['quarterly-off'] },
  ] as never[];
  const facts = scorecardFacts({ measures, values, actions, areas: [{ planId: 'p', number: 1, title: 'Leadership' }, { planId: 'p', number: 2, title: 'Health' }], today: '2024-02-20' });

  it('judges each measure at the report’s date: on track, off track, and no data for the latest period', () => {
    expect(facts.areas.map((a) => [a.area, a.measures.map((m) => [m.measure.id, m.judgement])])).toEqual([
      [1, [['monthly-on', 'onTrack']]],
      [
        2,
        [
          ['quarterly-off', 'offTrack'],
          ['termly-missing', 'noData'],
        ],
      ],
    ]);
    expect(facts.offTrack.map((m) => m.measure.id)).toEqual(['quarterly-off']);
    expect(facts.noData.map((m) => [m.measure.id, m.duePeriod])).toEqual([['termly-missing', '2023-24-T1']]);
  });

  it('puts the area’s BRAG counts, the recent values oldest first and the actions that should move each measure beside it', () => {
    expect(facts.areas[0]!.counts).toMatchObject({ green: 1, amber: 1, red: 0 });
    expect(facts.areas[0]!.measures[0]!.trend.map((v) => [v.period, v.value])).toEqual([
      ['2023-10', 45],
      ['2023-11', 48],
      ['2023-12', 51],
      ['2024-01', 54],
    ]);
    expect(facts.areas[1]!.measures[0]!.actionRefs).toEqual(['2.1']);
  });
});

describe('the board reports with a scorecard', () => {
  let store: Store;
  beforeAll(async () => {
    store = await makeTestStore();
    const imported = await importPlan(store, planWithMeasures(), { timeZone: TZ, planId: PLAN, clock: fixedClock('2023-09-01T08:00:00Z') });
    if (!imported.ok) throw new Error(JSON.stringify(imported).slice(0, 400));
    await store.measures.addValueIfAbsent({ planId: PLAN, measureId: 'ehcp-20wk', period: '2024-01', value: 53, recordedBy: 'dh@plymouth.example', recordedAt: '2024-02-02T10:00:00Z' });
  });

  const board = async (name: string) => (await store.plans.listGroups(PLAN)).find((g) => g.name === name)!;

  it('lists off-track measures among the exceptions and shows each area’s measures with a line chart and a text fallback', async () => {
    const improvementBoard = await board('Local Area SEND Improvement Board');
    const facts = await loadBoardReportFacts({ store, clock, timeZone: TZ }, improvementBoard, '2024-02-20');
    const card = renderBoardReport({ facts, people: await store.plans.peopleById(PLAN), memberTeamsIds: [], generatedAt: clock.now().toISOString(), today: '2024-02-20' }, TZ);
    expect(validateCard(card)).toEqual([]);
    const text = textOf(card);
    expect(text).toContain('Impact measures off track');
    expect(text).toContain('**Days to educational psychology advice** · Latest 55 days (Oct to Dec 2023) · Target 42 days (lower is better)');
    expect(text).toContain('1 of 3 measures on track, 1 off track, 1 with no data for the latest period.');
    expect(text).toContain('EHC plans issued within 20 weeks');
    expect(text).toContain('Latest 53% (January 2024); trajectory');
    expect(text).toContain('Actions that should move it: 1.1, 1.2');
    expect(text).toContain('No value for autumn term 2023-24 (last 60%, summer term 2022-23)');
    const [chart] = chartsIn(card);
    expect(chart).toMatchObject({
      title: 'EHC plans issued within 20 weeks (%)',
      data: [
        { legend: 'EHC plans issued within 20 weeks', values: [{ x: 'Nov 2023', y: 45 }, { x: 'Dec 2023', y: 50 }, { x: 'Jan 2024', y: 53 }] },
        { legend: 'Target', values: [{ x: 'Nov 2023', y: 60 }, { x: 'Dec 2023', y: 60 }, { x: 'Jan 2024', y: 60 }] },
      ],
      fallback: { type: 'TextBlock', text: 'Trend: Nov 2023 45%, Dec 2023 50%, Jan 2024 53%' },
    });
  });

  it('gives the progress report the same scorecard, with the off-track measure among its exceptions', async () => {
    const ssdg = await board('SEND Strategic Delivery Group (SSDG)');
    const facts = await loadProgressReportFacts({ store, clock, timeZone: TZ }, ssdg, '2024-02-20');
    const card = renderProgressReport({ facts, people: await store.plans.peopleById(PLAN), generatedAt: clock.now().toISOString(), today: '2024-02-20' }, TZ);
    expect(validateCard(card)).toEqual([]);
    const text = textOf(card);
    expect(text).toContain('Impact measures off track');
    expect(text).toContain('**Days to educational psychology advice**');
    expect(chartsIn(card)).toHaveLength(1);
  });

  it('leaves the scorecard out of a plan without measures', async () => {
    const plain = await makeTestStore();
    await importPlan(plain, copyFixture(), { timeZone: TZ, planId: PLAN, clock: fixedClock('2023-09-01T08:00:00Z') });
    const b = (await plain.plans.listGroups(PLAN)).find((g) => g.kind === 'board')!;
    const facts = await loadBoardReportFacts({ store: plain, clock, timeZone: TZ }, b, '2024-02-20');
    expect(facts.scorecard).toBeUndefined();
    const text = textOf(renderBoardReport({ facts, people: new Map(), memberTeamsIds: [], generatedAt: clock.now().toISOString(), today: '2024-02-20' }, TZ));
    expect(text).not.toContain('Impact measures');
  });
});
