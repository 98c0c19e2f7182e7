/**
 * A network outage is not a bad message: while sends get no answer at all, the outbox backs
 * off for hours before giving a message up, instead of dead-lettering it within minutes.
 */
import { conversationRef } from '../scheduler/harness';
import { message, person, PLAN, startRig, type OutboxRig } from '../outbox/support';

let rig: OutboxRig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => rig.close());

/** The person's chat as stored, but on a port where nothing listens: every send is refused. */
async function networkDown(personId: string) {
  await rig.store.identities.merge(personId, { conversation: conversationRef('http://127.0.0.1:9/', personId), reachable: true });
}

/** Drains whenever the message falls due, until `minutes` have passed on the clock. */
async function drainThrough(minutes: number, options: Parameters<OutboxRig['drain']>[0] = {}) {
  const end = rig.clock.now().getTime() + minutes * 60_000;
  let attempts = 0;
  for (;;) {
    const [due] = await rig.store.outbox.listDue(PLAN, new Date('2100-01-01T00:00:00Z'));
    if (!due) return attempts;
    const at = Date.parse(due.value.notBefore);
    if (at > end) return attempts;
    if (at > rig.clock.now().getTime()) rig.clock.set(new Date(at).toISOString());
    await rig.drain({ maxInlineWaitMs: 0, ...options });
    attempts++;
  }
}

it('keeps a message through a thirty-minute outage and sends it once the connection is back', async () => {
  await rig.store.outbox.enqueue(PLAN, [message(1, person(0))], rig.clock);
  await networkDown(person(0));
  const tries = await drainThrough(30);
  expect(tries).toBeGreaterThan(8);
  expect(await rig.store.outbox.listUndelivered(PLAN)).toEqual([]);
  const [waiting] = await rig.store.outbox.listDue(PLAN, new Date('2100-01-01T00:00:00Z'));
  expect(waiting!.value.failingSince).toBe('2024-01-15T09:00:00.000Z');

  await rig.connect(person(0));
  rig.clock.set(waiting!.value.notBefore);
  expect(await rig.drain({ maxInlineWaitMs: 0 })).toMatchObject({ sent: 1, dead: 0 });
});

it('gives a message up once the outage has outlasted the retry period', async () => {
  await rig.store.outbox.enqueue(PLAN, [message(1, person(0))], rig.clock);
  await networkDown(person(0));
  await drainThrough(120, { connectionRetryMs: 60 * 60_000 });
  const [dead] = await rig.store.outbox.listUndelivered(PLAN);
  expect(dead).toMatchObject({ status: 'dead' });
  expect(Date.parse(dead!.finishedAt!) - Date.parse('2024-01-15T09:00:00Z')).toBeGreaterThanOrEqual(60 * 60_000);
});
