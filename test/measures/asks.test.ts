/**
 * Owners are asked for each period's value when the period ends, in the same one message per
 * person as every other prompt, and chased like updates: a reminder and a last call while the
 * value is missing, nothing once it is given. The Plymouth plan with three measures, ticked at
 * 09:00 on chosen days through the real botbuilder transport and the connector stand-in.
 */
import { atPlanTime } from '../../src/calendar';
import { fixedClock } from '../../src/domain/clock';
import { submitMeasureValue } from '../../src/measures/submitValue';
import { measureAskSchedule } from '../../src/scheduler/measureAsks';
import { parsePeriod } from '../../src/measures/periods';
import { DEFAULT_PLAN_SETTINGS } from '../../src/domain/model';
import { conversationIdOf, delivered, sectionHeadings, startHarness, type Harness } from '../scheduler/harness';
import { planWithMeasures } from './planWithMeasures';

jest.setTimeout(240_000);

const DH = 'dh@plymouth.example';
const TL = 'tl@plymouth.example';
const DAYS = ['2024-01-31', '2024-02-01', '2024-02-05', '2024-02-06', '2024-02-07', '2024-02-08', '2024-02-09', '2024-04-02', '2024-04-03', '2024-04-08', '2024-04-09'];

interface Sent {
  date: string;
  to: string;
  activity: unknown;
}

let h: Harness;
const sent: Sent[] = [];
const asked = (person: string, measure: string) =>
  sent.filter((s) => s.to === conversationIdOf(person) && JSON.stringify(s.activity).includes(`"measureId":"${measure}"`));
const measureButtons = (activity: unknown) =>
  [...JSON.stringify(activity).matchAll(/"verb":"measure\.open","data":\{"measureId":"([^"]+)","planId":"[^"]+","period":"([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);

beforeAll(async () => {
  h = await startHarness({ source: planWithMeasures() });
  const people = await h.store.plans.peopleById('plymouth-2023');
  for (const date of DAYS) {
    const before = h.connector.sent.length;
    await h.tick(atPlanTime(date, 9, 'Europe/London').toISOString(), { sender: { ratePerSecond: 200 } });
    for (const r of delivered(h.connector, before)) sent.push({ date, to: r.conversationId!, activity: r.activity });
    if (date === '2024-04-03') {
      // TL gives the quarter's value the day after being asked, and not the term's.
      const ctx = { store: h.store, clock: fixedClock(atPlanTime(date, 11, 'Europe/London')), timeZone: 'Europe/London' };
      const result = await submitMeasureValue(ctx, 'plymouth-2023', people.get(TL)!, { measureId: 'ep-advice', period: '2024-Q1', value: '47', submissionId: 'tl-q1' });
      expect(result.kind).toBe('recorded');
    }
  }
});
afterAll(async () => h?.close());

describe('the schedule of a period’s asks', () => {
  it('asks on the first working day after the period ends and wants the value five working days later, with the reminder and last call before', () => {
    const q1 = parsePeriod('2024-Q1');
    if (!q1.ok) throw new Error(q1.message);
    // 31 March 2024 is a Sunday and 1 April Easter Monday, a bank holiday.
    expect(measureAskSchedule(q1.period, DEFAULT_PLAN_SETTINGS, 'Europe/London').dates).toEqual({ open: '2024-04-02', reminder: '2024-04-05', lastCall: '2024-04-08', due: '2024-04-09' });
  });
});

describe('asking owners for their measures’ values', () => {
  it('asks DH for January’s value on 1 February, in the one message of the tick, with a button opening the form', () => {
    const first = asked(DH, 'ehcp-20wk')[0]!;
    expect(first.date).toBe('2024-02-01');
    expect(sent.filter((s) => s.date === '2024-02-01' && s.to === conversationIdOf(DH))).toHaveLength(1);
    expect(sectionHeadings(first.activity)).toContain('An impact measure: value due');
    expect(measureButtons(first.activity)).toEqual(['ehcp-20wk 2024-01']);
    const text = JSON.stringify(first.activity);
    expect(text).toContain('EHC plans issued within 20 weeks');
    expect(text).toContain('The value for January 2024 (2024-01) · target 60% by 31 Dec 2024 (higher is better) · due by 8 Feb 2024');
    expect(text).toContain('1 measure value to give');
  });

  it('chases the missing value with a reminder and a last call, then stops when it is due', () => {
    const february = asked(DH, 'ehcp-20wk').filter((s) => s.date < '2024-03-01');
    expect(february.map((s) => s.date)).toEqual(['2024-02-01', '2024-02-06', '2024-02-07']);
    const [, reminder, lastCall] = february;
    expect(JSON.stringify(reminder!.activity)).toContain('Reminder: EHC plans issued within 20 weeks');
    expect(JSON.stringify(lastCall!.activity)).toContain('Last call: EHC plans issued within 20 weeks');
  });

  it('asks TL for the quarter and the term that ended in March in one message after the Easter bank holiday', () => {
    const april = sent.filter((s) => s.date === '2024-04-02' && s.to === conversationIdOf(TL));
    expect(april).toHaveLength(1);
    expect(measureButtons(april[0]!.activity)).toEqual(['ar-timely 2023-24-T2', 'ep-advice 2024-Q1']);
    expect(JSON.stringify(april[0]!.activity)).toContain('2 impact measures: values due');
  });

  it('stops chasing a value once it is given, and keeps chasing the one still missing', () => {
    expect(asked(TL, 'ep-advice').map((s) => s.date)).toEqual(['2024-04-02']);
    // Ticked on 2, 3, 8 and 9 April: the ask, then the last call (the reminder on the 5th had no tick).
    expect(asked(TL, 'ar-timely').map((s) => s.date)).toEqual(['2024-04-02', '2024-04-08']);
    expect(asked(DH, 'ehcp-20wk').map((s) => s.date)).toContain('2024-04-02');
  });

  it('does not ask for a period whose value is already known', () => {
    // December 2023's value came with the plan; the 2023-Q4 ask (2 to 9 January) was before the first tick.
    expect(sent.some((s) => JSON.stringify(s.activity).includes('"period":"2023-12"'))).toBe(false);
  });
});
