/**
 * SROs on the Plymouth fixture with its governance table: each area's SRO named in people.csv
 * receives an area digest, inside their one message of the tick, when the board that oversees
 * the area's groups first hand meets (through the real transport and the connector stand-in),
 * not again when the board above it meets, and may act as a chair for the area's actions.
 */
import { atPlanTime } from '../../src/calendar';
import { fixedClock } from '../../src/domain/clock';
import { decideBlue } from '../../src/decisions/blueDecisions';
import { reportingHooks } from '../../src/reporting/hooks';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { cardTitle, conversationIdOf, delivered, startHarness, type Harness } from '../scheduler/harness';
import { governanceFixture, PLAN_ID } from './fixture';

jest.setTimeout(120_000);

const SS = 'ss@plymouth.example';
const HP = 'hp@plymouth.example';

let h: Harness;
const sent: Array<{ date: string; to: string; title: string; text: string }> = [];
/** The area digests a message carries: "Area 7", … */
const areasIn = (text: string) => [...text.matchAll(/"text":"(Area \d+):[^"]*"/g)].map((m) => m[1]!);

beforeAll(async () => {
  h = await startHarness({ source: governanceFixture() });
  const people = await h.store.plans.peopleById(PLAN_ID);
  // 7.2 is red before the Strategic Delivery Group meets on 24 October.
  const red = await submitUpdate({ store: h.store, clock: fixedClock('2023-10-16T10:00:00Z'), timeZone: 'Europe/London' }, PLAN_ID, people.get(HP)!, {
    ref: '7.2',
    brag: 'red',
    narrative: 'The waiting list reduction group has not met: no clinical lead is in post.',
    submissionId: 'hp-7.2',
  });
  if (red.kind !== 'recorded') throw new Error(JSON.stringify(red));
  const hooks = reportingHooks({ transport: h.transport });
  // The Strategic Delivery Group meets on 24 October, the Improvement Board above it on 14 November.
  for (const date of ['2023-10-17', '2023-10-24', '2023-11-14']) {
    const before = h.connector.sent.length;
    await h.tick(atPlanTime(date, 9, 'Europe/London').toISOString(), { onCycleClosed: hooks, sender: { ratePerSecond: 200 } });
    sent.push(...delivered(h.connector, before).map((r) => ({ date, to: r.conversationId!, title: cardTitle(r.activity), text: JSON.stringify(r.activity) })));
  }
});
afterAll(async () => h?.close());

describe('an area SRO', () => {
  it('receives each of their areas’ digests in one message at the board meeting, with its red actions', () => {
    const toSs = sent.filter((s) => s.to === conversationIdOf(SS) && s.date === '2023-10-24');
    expect(toSs).toHaveLength(1);
    expect(areasIn(toSs[0]!.text).sort()).toEqual(['Area 4', 'Area 7']);
    const text = toSs[0]!.text;
    expect(text).toContain('Area digest for Deputy Director of Commissioning -Out of Hospital (SS), senior responsible officer');
    expect(text).toContain('For the SEND Strategic Delivery Group (SSDG) meeting on 24 Oct 2023');
    expect(text).toMatch(/Area 7:[\s\S]*Red actions[\s\S]*\*\*7\.2\*\*/);
  });

  it('reaches every SRO people.csv names, and no one for an SRO it does not', () => {
    const areasDigested = new Set(sent.filter((s) => s.date === '2023-10-24').flatMap((s) => areasIn(s.text)));
    expect([...areasDigested].sort()).toEqual(['Area 1', 'Area 2', 'Area 3', 'Area 4', 'Area 5', 'Area 7', 'Area 9']);
  });

  it('is not given the area digest again when the Improvement Board above the Strategic Delivery Group meets', () => {
    const atBoard = sent.filter((s) => s.date === '2023-11-14').flatMap((s) => areasIn(s.text));
    expect(atBoard).toEqual([]);
  });

  it('may confirm a blue for an action of the area', async () => {
    const people = await h.store.plans.peopleById(PLAN_ID);
    const groups = await h.store.plans.listGroups(PLAN_ID);
    const clock = fixedClock('2023-10-25T10:00:00Z');
    await h.store.plans.modifyAction(PLAN_ID, '7.3', (a) => ({ ...a, brag: 'green' }));
    const proposal = await submitUpdate({ store: h.store, clock, timeZone: 'Europe/London' }, PLAN_ID, people.get(HP)!, {
      ref: '7.3',
      brag: 'blue',
      narrative: 'The new triage has run for two terms and the audit found it applied throughout.',
      evidence: 'audit',
      submissionId: 'hp-7.3',
    });
    if (proposal.kind !== 'recorded') throw new Error(JSON.stringify(proposal));
    clock.advance(60_000);
    const result = await decideBlue(h.store, clock, { planId: PLAN_ID, ref: '7.3', updateId: proposal.update.id, outcome: 'confirmed', decider: people.get(SS), groups, people, timeZone: 'Europe/London' });
    expect(result).toMatchObject({ kind: 'decided', outcome: 'confirmed', action: { brag: 'blue' } });
  });
});
