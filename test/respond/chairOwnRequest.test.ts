/**
 * On the chair's decisions page, as on the card, nobody decides on their own request: a chair
 * who leads an action cannot confirm the blue they proposed for it, even when their link names it.
 */
import { decideFromForm } from '../../src/respond/decisions';
import { submitUpdate } from '../../src/updates/submitUpdate';
import type { ResponseLink } from '../../src/storage/responseLinkRepository';
import { PLAN_ID, startRespondRig, type RespondRig } from './support';

let rig: RespondRig;
afterAll(() => rig?.close());

it("refuses a chair's decision on a blue they proposed themselves, and changes nothing", async () => {
  rig = await startRespondRig();
  const groups = await rig.store.plans.listGroups(PLAN_ID);
  const people = await rig.store.plans.peopleById(PLAN_ID);
  let found: { ref: string; chairId: string; groupId: string } | undefined;
  for (const group of groups) {
    const own = (await rig.store.plans.listActionsOfGroup(PLAN_ID, group.id)).find((a) => a.leadIds.includes(group.chairId) && a.brag !== 'blue');
    if (own) {
      found = { ref: own.ref, chairId: group.chairId, groupId: group.id };
      break;
    }
  }
  if (!found) throw new Error('The fixture should have a chair who leads an action of their own group.');
  const chair = people.get(found.chairId)!;
  const proposed = await submitUpdate({ store: rig.store, clock: rig.clock, timeZone: 'Europe/London' }, PLAN_ID, chair, {
    ref: found.ref,
    brag: 'blue',
    narrative: 'Complete and embedded: the termly audit shows every setting using the new pathway.',
    evidence: ['audit'],
    submissionId: 'own-blue-1',
  });
  expect(proposed.kind).toBe('recorded');
  if (proposed.kind !== 'recorded') return;
  expect(proposed.action.blueProposal).toBeDefined();

  const link: ResponseLink = {
    hash: 'test',
    planId: PLAN_ID,
    personId: chair.id,
    kind: 'decisions',
    groupId: found.groupId,
    refs: [found.ref],
    issuedAt: rig.clock.now().toISOString(),
    expiresAt: '2099-01-01T00:00:00Z',
    messageKey: 'test',
  };
  const form = new URLSearchParams({ decision: 'blue', ref: found.ref, updateId: proposed.update.id, outcome: 'confirmed' });
  const decided = await decideFromForm({ store: rig.store, clock: rig.clock, timeZone: 'Europe/London' }, link, chair, form);
  expect(decided).toMatchObject({ ok: false, status: 403 });
  expect(decided.ok ? '' : decided.message).toContain('nobody decides on their own request');
  const after = (await rig.store.plans.getAction(PLAN_ID, found.ref))!.value;
  expect(after.brag).not.toBe('blue');
  expect(after.blueProposal?.updateId).toBe(proposed.update.id);
});
