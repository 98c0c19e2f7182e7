/**
 * Recording an update: the update and the action it moves are written together, a repeated
 * submit records once, and leads writing at once (in one process or two) all land.
 */
import { fixedClock } from '../../src/domain/clock';
import type { Person, Update } from '../../src/domain/model';
import { Store } from '../../src/storage/store';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { importGovernancePlan, PLAN_ID } from '../governance/fixture';

const AG = 'ag@plymouth.example';
// 15 January 2024: 2.1 is not yet due, so amber and green are both allowed.
const clock = fixedClock('2024-01-15T10:00:00Z');
let store: Store;
let people: Map<string, Person>;

const ctx = (s: Store = store) => ({ store: s, clock, timeZone: 'Europe/London' });
const person = (id: string) => people.get(id)!;
const form = (ref: string, submissionId: string, fields: Record<string, unknown> = {}) => ({
  ref,
  brag: 'amber',
  narrative: 'Progress this cycle, as discussed with the group.',
  submissionId,
  ...fields,
});

beforeAll(async () => {
  ({ store, people } = await importGovernancePlan());
});

const actionOf = async (ref: string) => (await store.plans.getAction(PLAN_ID, ref))!.value;

it('records an update with the rating it gives the action, and a repeated submit records nothing more', async () => {
  const before = await actionOf('2.1');
  clock.advance(60_000);
  const first = await submitUpdate(ctx(), PLAN_ID, person(AG), form('2.1', 'once', { brag: 'red' }));
  expect(first).toMatchObject({ kind: 'recorded', duplicate: false });
  clock.advance(60_000);
  const again = await submitUpdate(ctx(), PLAN_ID, person(AG), form('2.1', 'once', { brag: 'green' }));
  expect(again).toMatchObject({ kind: 'recorded', duplicate: true });
  const after = await actionOf('2.1');
  expect(after).toMatchObject({ brag: 'red', updateCount: before.updateCount + 1, lastUpdateBy: AG });
  expect((await store.updates.history(PLAN_ID, '2.1')).filter((u) => u.submissionId === 'once')).toHaveLength(1);
});

it('brings the action in line with an update an earlier version recorded without it, when the lead submits again', async () => {
  const before = await actionOf('2.1');
  clock.advance(60_000);
  // As an earlier version left it after a crash between its two writes: the update, and the action unchanged.
  const stranded: Update = {
    planId: PLAN_ID,
    ref: '2.1',
    id: 'stranded-update',
    submissionId: 'stranded',
    brag: 'red',
    narrative: 'Recorded, but the action was never told.',
    evidence: [],
    escalate: false,
    authorId: AG,
    at: clock.now().toISOString(),
  };
  await store.updates.append(stranded);
  clock.advance(60_000);
  const again = await submitUpdate(ctx(), PLAN_ID, person(AG), form('2.1', 'stranded', { brag: 'red' }));
  expect(again).toMatchObject({ kind: 'recorded', duplicate: true });
  expect(await actionOf('2.1')).toMatchObject({ brag: 'red', lastUpdateId: 'stranded-update', updateCount: before.updateCount + 1 });
});

it('lands every update when leads of one action submit at once, from this process and another', async () => {
  const before = await actionOf('2.1');
  const otherProcess = new Store(store.tables);
  clock.advance(60_000);
  const results = await Promise.all([
    submitUpdate(ctx(), PLAN_ID, person(AG), form('2.1', 'at-once-1')),
    submitUpdate(ctx(), PLAN_ID, person(AG), form('2.1', 'at-once-2')),
    submitUpdate(ctx(otherProcess), PLAN_ID, person(AG), form('2.1', 'at-once-3')),
    submitUpdate(ctx(otherProcess), PLAN_ID, person(AG), form('2.1', 'at-once-4')),
  ]);
  expect(results.map((r) => r.kind)).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
  expect((await actionOf('2.1')).updateCount).toBe(before.updateCount + 4);
  const ids = (await store.updates.history(PLAN_ID, '2.1')).map((u) => u.submissionId);
  for (const id of ['at-once-1', 'at-once-2', 'at-once-3', 'at-once-4']) expect(ids).toContain(id);
});

it('refuses someone who does not lead the action, and writes nothing', async () => {
  const lead = (await actionOf('2.1')).leadIds;
  const stranger = [...people.values()].find((p) => !lead.includes(p.id) && ![...people.values()].some((q) => lead.includes(q.id) && q.delegateId === p.id))!;
  const before = await actionOf('2.1');
  const result = await submitUpdate(ctx(), PLAN_ID, stranger, form('2.1', 'not-theirs'));
  expect(result.kind).toBe('forbidden');
  expect(await actionOf('2.1')).toEqual(before);
  expect(await store.updates.findBySubmission(PLAN_ID, '2.1', 'not-theirs')).toBeUndefined();
});
