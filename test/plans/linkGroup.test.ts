/**
 * Linking a channel to a group, as the service decides it: who may link, who may take a
 * channel another group holds, and what the store holds afterwards. The Plymouth plan in
 * Azurite; the conversation around it is test/groups/groupsAndBoards.test.ts's.
 */
import path from 'node:path';
import type { ConversationRef, Group, Person, Plan } from '../../src/domain/model';
import { importPlan } from '../../src/import/importPlan';
import { linkGroup } from '../../src/plans/linkGroup';
import type { Store } from '../../src/storage/store';
import { projectRoot } from '../../src/util/projectRoot';
import { fixedClock, systemClock } from '../../src/domain/clock';
import { cardText } from '../groups/support';
import { makeTestStore } from '../support/store';

const PLAN = 'plymouth-2023';
let store: Store;
let plan: Plan;

const channel = (id: string): ConversationRef => ({
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
  channelId: 'msteams',
  bot: { id: '28:bot', name: 'Plan Pulse' },
  conversation: { id, conversationType: 'channel', tenantId: 'tenant-1' },
});

async function group(name: string): Promise<Group> {
  const found = (await store.plans.listGroups(PLAN)).find((g) => g.name.startsWith(name));
  if (!found) throw new Error(`no group ${name}`);
  return found;
}

async function person(email: string): Promise<Person> {
  const found = (await store.plans.peopleById(PLAN)).get(email);
  if (!found) throw new Error(`no person ${email}`);
  return found;
}

beforeAll(async () => {
  store = await makeTestStore();
  const imported = await importPlan(store, path.join(projectRoot(), 'fixtures', PLAN), { planId: PLAN, clock: systemClock, timeZone: 'Europe/London' });
  if (!imported.ok) throw new Error('the Plymouth plan did not import');
  plan = (await store.plans.getPlan(PLAN))!;
});

describe('linking a channel to a group', () => {
  it("links the channel for the group's chair and records who linked it", async () => {
    const governance = await group('Governance');
    const result = await linkGroup(store, { plan, group: governance, channel: channel('19:governance@thread.tacv2'), person: await person(governance.chairId), clock: systemClock, timeZone: 'Europe/London' });
    expect(result).toMatchObject({ kind: 'linked', movedFromChannel: false, tookFrom: undefined });
    const stored = await group('Governance');
    expect(stored.channel?.conversation.id).toBe('19:governance@thread.tacv2');
    expect(stored.channelLinkedBy).toBe(governance.chairId);
  });

  it('refuses someone who neither chairs the group nor administers the plan, naming its chairs, and changes nothing', async () => {
    const inclusion = await group('Inclusion');
    const outsider = await person((await group('Early identification')).chairId);
    const result = await linkGroup(store, { plan, group: inclusion, channel: channel('19:inclusion@thread.tacv2'), person: outsider, clock: systemClock, timeZone: 'Europe/London' });
    expect(result).toEqual({ kind: 'notChair', group: inclusion, chairIds: [inclusion.chairId] });
    expect((await group('Inclusion')).channel).toBeUndefined();
  });

  it('refuses a caller the plan does not name', async () => {
    const inclusion = await group('Inclusion');
    expect(await linkGroup(store, { plan, group: inclusion, channel: channel('19:x@thread.tacv2'), person: undefined, clock: systemClock, timeZone: 'Europe/London' })).toMatchObject({ kind: 'notChair' });
  });

  it('lets a co-chair link the group, as co-chairs share every right of the chair', async () => {
    const early = await group('Early identification');
    const coChair = (await group('Inclusion')).chairId;
    const withCoChair = await store.plans.modifyGroup(PLAN, early.id, (g) => ({ ...g, coChairIds: [coChair] }));
    const result = await linkGroup(store, { plan, group: withCoChair, channel: channel('19:early@thread.tacv2'), person: await person(coChair), clock: systemClock, timeZone: 'Europe/London' });
    expect(result.kind).toBe('linked');
    expect((await group('Early identification')).channelLinkedBy).toBe(coChair);
  });

  it("keeps another group's channel from a chair who does not chair that group", async () => {
    const inclusion = await group('Inclusion');
    const result = await linkGroup(store, { plan, group: inclusion, channel: channel('19:governance@thread.tacv2'), person: await person(inclusion.chairId), clock: systemClock, timeZone: 'Europe/London' });
    expect(result).toMatchObject({ kind: 'heldByOther', holder: { name: (await group('Governance')).name } });
    expect((await group('Governance')).channel?.conversation.id).toBe('19:governance@thread.tacv2');
    expect((await group('Inclusion')).channel).toBeUndefined();
  });

  it('lets an administrator move a channel from the group that held it, and says which group let it go', async () => {
    const inclusion = await group('Inclusion');
    const admin = await store.plans.modifyPerson(PLAN, 'tl@plymouth.example', (p) => ({ ...p, admin: true }));
    const result = await linkGroup(store, { plan, group: inclusion, channel: channel('19:governance@thread.tacv2'), person: admin, clock: systemClock, timeZone: 'Europe/London' });
    expect(result).toMatchObject({ kind: 'linked', tookFrom: { name: (await group('Governance')).name } });
    expect((await group('Inclusion')).channel?.conversation.id).toBe('19:governance@thread.tacv2');
    expect((await group('Governance')).channel).toBeUndefined();
    // Governance's chair hears of it in a message of their own, queued in the outbox.
    const queued = (await store.outbox.listDue(PLAN, new Date('2100-01-01'))).map((r) => r.value).filter((m) => m.kind === 'channelMoved');
    expect(queued.map((m) => m.recipientId)).toEqual([(await group('Governance')).chairId]);
  });

  it('moves a group from its old channel to the new one and says so', async () => {
    const inclusion = await group('Inclusion');
    const result = await linkGroup(store, { plan, group: inclusion, channel: channel('19:inclusion@thread.tacv2'), person: await person(inclusion.chairId), clock: systemClock, timeZone: 'Europe/London' });
    expect(result).toMatchObject({ kind: 'linked', movedFromChannel: true });
  });

  it("tells the chairs of the group that lost the channel the day of the move in the plan's time zone", async () => {
    const governance = await group('Governance');
    await linkGroup(store, { plan, group: governance, channel: channel('19:bst@thread.tacv2'), person: await person(governance.chairId), clock: systemClock, timeZone: 'Europe/London' });
    const admin = await person('tl@plymouth.example');
    // 23:30 UTC on 1 May is 00:30 on 2 May in British Summer Time.
    const lateAtNight = fixedClock('2024-05-01T23:30:00Z');
    await linkGroup(store, { plan, group: await group('Inclusion'), channel: channel('19:bst@thread.tacv2'), person: admin, clock: lateAtNight, timeZone: 'Europe/London' });
    const told = (await store.outbox.listDue(PLAN, new Date('2100-01-01'))).map((r) => r.value).filter((m) => m.kind === 'channelMoved' && m.key.includes('2024-05-01T23:30'));
    expect(told.map((m) => m.recipientId)).toEqual([governance.chairId]);
    const text = cardText(told[0]!.activity);
    expect(text).toContain(`linked the channel that received ${governance.name}'s cycle summaries to ${(await group('Inclusion')).name} on 2 May 2024.`);
  });
});
