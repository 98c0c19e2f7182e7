/**
 * Fourteen weeks of the Plymouth plan with its governance table's co-chairs, a tick at 09:00
 * every day from 25 September 2023 to 1 January 2024, through the real botbuilder transport and
 * the connector stand-in, with the reporting hooks. One action takes the road to blue: 5.1
 * (Social Care and Children's Disability Team, led by FG, chaired by ND, DH and HP) goes green
 * on 9 October, is asked at the second cycle after that whether it is embedded, is proposed blue
 * with evidence, appears in its co-chairs' digests with Confirm, is confirmed by ND, and FG is
 * told. It is not asked again.
 */
import { atPlanTime, addDays } from '../../src/calendar';
import { fixedClock } from '../../src/domain/clock';
import { decideBlue } from '../../src/decisions/blueDecisions';
import { reportingHooks } from '../../src/reporting/hooks';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { cardTitle, conversationIdOf, delivered, startHarness, type Harness } from '../scheduler/harness';
import { governanceFixture, PLAN_ID } from './fixture';

jest.setTimeout(300_000);

const FIRST = '2023-09-25';
const LAST = '2024-01-01';
const REF = '5.1';
const FG = 'fg@plymouth.example';
const ND = 'nd@plymouth.example';
const DH = 'dh@plymouth.example';
const HP = 'hp@plymouth.example';
const GREEN_DAY = '2023-10-09';
const CONFIRM_DAY = '2023-11-23';
const EMBEDDED = 'Social Care and Children\'s Disability Team: is it embedded?';

interface Sent {
  date: string;
  to: string;
  title: string;
  text: string;
}

let h: Harness;
const sent: Sent[] = [];
const notes: Record<string, unknown> = {};

const textOf = (activity: unknown) => JSON.stringify(activity);
const to = (person: string) => sent.filter((s) => s.to === conversationIdOf(person));

beforeAll(async () => {
  h = await startHarness({ source: governanceFixture() });
  const people = await h.store.plans.peopleById(PLAN_ID);
  const groups = await h.store.plans.listGroups(PLAN_ID);
  const hooks = reportingHooks({ transport: h.transport });
  for (let date = FIRST; date <= LAST; date = addDays(date, 1)) {
    const at = atPlanTime(date, 9, 'Europe/London').toISOString();
    const before = h.connector.sent.length;
    await h.tick(at, { onCycleClosed: hooks, sender: { ratePerSecond: 200 } });
    for (const r of delivered(h.connector, before)) sent.push({ date, to: r.conversationId!, title: cardTitle(r.activity), text: textOf(r.activity) });

    const later = fixedClock(atPlanTime(date, 11, 'Europe/London'));
    const ctx = { store: h.store, clock: later, timeZone: 'Europe/London' };
    if (date === GREEN_DAY) {
      const green = await submitUpdate(ctx, PLAN_ID, people.get(FG)!, {
        ref: REF,
        brag: 'green',
        narrative: 'The quality assurance framework for the Children\'s Disability Team is signed off and in use.',
        evidence: 'review',
        submissionId: 'fg-green',
      });
      notes.green = green.kind;
    }
    // FG answers the embedding question the day after it is asked.
    if (!notes.blue && to(FG).some((s) => s.text.includes(EMBEDDED))) {
      const blue = await submitUpdate(ctx, PLAN_ID, people.get(FG)!, {
        ref: REF,
        brag: 'blue',
        narrative: 'Two audit rounds since sign-off found the framework applied in every case file; families say reviews now happen on time.',
        evidence: 'audit,voice',
        submissionId: 'fg-blue',
      });
      notes.blue = blue.kind;
      notes.blueDay = date;
      notes.proposal = (await h.store.plans.getAction(PLAN_ID, REF))!.value;
    }
    if (date === CONFIRM_DAY) {
      const updateId = (await h.store.plans.getAction(PLAN_ID, REF))!.value.blueProposal!.updateId;
      const result = await decideBlue(h.store, later, { planId: PLAN_ID, ref: REF, updateId, outcome: 'confirmed', decider: people.get(ND), groups, people, timeZone: 'Europe/London' });
      notes.confirmed = result.kind === 'decided' ? result.action.brag : result;
    }
  }
});
afterAll(async () => h?.close());

describe('fourteen weeks on the road to blue', () => {
  it('records 5.1 green on 9 October', () => {
    expect(notes.green).toBe('recorded');
  });

  it('asks FG whether 5.1 is embedded once: when the second cycle after it went green opens', () => {
    // Meetings on 1 Nov (one cycle after 9 Oct) and 22 Nov (two); the 22 Nov cycle opens on 15 Nov.
    const asks = to(FG).filter((s) => s.text.includes(EMBEDDED));
    expect(asks.map((s) => s.date)).toEqual(['2023-11-15']);
    expect(asks[0]!.text).toContain('**5.1**');
    expect(asks[0]!.text).toContain('rate it blue with that evidence; a chair then confirms it');
  });

  it('records FG\'s blue with evidence as green with blue proposed', () => {
    expect(notes.blue).toBe('recorded');
    expect(notes.blueDay).toBe('2023-11-15');
    expect(notes.proposal).toMatchObject({ brag: 'green', blueProposal: { by: FG } });
  });

  it('puts the proposal in each co-chair\'s digest at the 22 November meeting, with Confirm and Not yet', () => {
    for (const chair of [ND, DH, HP]) {
      const digests = to(chair).filter((s) => s.date === '2023-11-22' && s.text.includes('blue.confirm'));
      expect({ chair, digests: digests.length }).toEqual({ chair, digests: 1 });
      expect(digests[0]!.text).toContain('Blue proposed: is it complete and embedded?');
      expect(digests[0]!.text).toContain('blue.decline');
      expect(digests[0]!.text).toContain('Evidence: Audit, Voice of children, young people and families');
    }
  });

  it('makes 5.1 blue when ND confirms, and tells FG at the next tick', async () => {
    expect(notes.confirmed).toBe('blue');
    const told = to(FG).filter((s) => s.text.includes('A chair decided on your blue'));
    expect(told.map((s) => s.date)).toEqual([addDays(CONFIRM_DAY, 1)]);
    expect(told[0]!.text).toMatch(/confirmed blue on \d{1,2} [A-Z][a-z]{2} 2023: the action is complete and embedded\./);
    const history = await h.store.updates.history(PLAN_ID, REF);
    expect(history.map((u) => u.brag)).toEqual(['blue', 'green', 'green']);
  });

  it('does not ask about 5.1 again once it is blue, nor prompt for it', () => {
    const after = to(FG).filter((s) => s.date > CONFIRM_DAY && (s.text.includes(EMBEDDED) || s.text.includes('**5.1**')));
    expect(after.filter((s) => !s.text.includes('A chair decided on your blue'))).toEqual([]);
  });
});
