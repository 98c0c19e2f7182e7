import { conversationIdOf, deliveryCounts, message, person, PLAN, startRig, type OutboxRig } from './support';
import type { Transport } from '../../src/outbox/transport';
import { SendBacklog } from '../../src/outbox/backlog';
import { drainOutbox } from '../../src/outbox/sender';
import { fastSleep } from '../scheduler/harness';

let rig: OutboxRig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => rig.close());

async function queue(count: number, people: number) {
  const messages = Array.from({ length: count }, (_, i) => message(i, person(i % people)));
  for (let p = 0; p < people; p++) await rig.connect(person(p));
  await rig.store.outbox.enqueue(PLAN, messages, rig.clock);
  return messages;
}

/** A transport that sends as usual and, after `sends` sends, aborts `stop`: the process "dies". */
function dyingAfter(sends: number): { stop: AbortController; dying: Transport } {
  const stop = new AbortController();
  let sent = 0;
  const dying: Transport = {
    ...rig.transport,
    send: async (ref, activity, options) => {
      const res = await rig.transport.send(ref, activity, options);
      if (++sent === sends) stop.abort();
      return res;
    },
  };
  return { stop, dying };
}

function expectEachDeliveredOnce(count: number) {
  const counts = deliveryCounts(rig.connector);
  expect(counts.size).toBe(count);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}

describe('outbox sender', () => {
  it('delivers every message exactly once through a storm of 429s, 5xx answers and slowness', async () => {
    await queue(150, 30);
    rig.connector.setRandomFailures({ rate: 0.3, status: [429, 429, 429, 502, 503, 504, 412], retryAfterSeconds: 1 }, 7);
    rig.connector.setLatency(15);
    rig.connector.failNext(3, { delayMs: 400 });
    const result = await rig.drain({ maxAttempts: 12 });
    expect(result.sent).toBe(150);
    expect(result.failed).toBe(0);
    expect(result.retried).toBeGreaterThan(20);
    expectEachDeliveredOnce(150);
    expect(await rig.store.outbox.listDue(PLAN, new Date('2100-01-01'))).toEqual([]);
    const stored = await rig.store.outbox.get(PLAN, 'test~0');
    expect(stored?.value).toMatchObject({ status: 'sent', conversationId: conversationIdOf(person(0)) });
    expect(stored?.value.activityId).toMatch(/^\d+$/);
  });

  it('queues a message once however often the same key is queued', async () => {
    await queue(5, 5);
    const again = await rig.store.outbox.enqueue(PLAN, [message(0, person(0)), message(9, person(1))], rig.clock);
    expect(again).toEqual({ created: ['test~9'], existing: ['test~0'] });
    await rig.drain();
    await rig.drain();
    expectEachDeliveredOnce(6);
  });

  it('marks a person who blocked the bot unreachable and stops sending to them', async () => {
    await queue(6, 3);
    rig.connector.blockConversation(conversationIdOf(person(1)), 'ConversationBlockedByUser');
    const result = await rig.drain();
    expect(result.sent).toBe(4);
    expect(result.unreachable).toBe(2);
    const identity = await rig.store.identities.get(person(1));
    expect(identity).toMatchObject({ reachable: false });
    expect(identity?.unreachableReason).toContain('ConversationBlockedByUser');
    // One refused attempt at most, then the other message is not tried at all.
    const tries = rig.connector.sent.filter((r) => r.conversationId === conversationIdOf(person(1)));
    expect(tries.length).toBeLessThanOrEqual(2);
    await rig.drain();
    expect(rig.connector.sent.filter((r) => r.conversationId === conversationIdOf(person(1)))).toHaveLength(tries.length);
    const undelivered = await rig.store.outbox.listUndelivered(PLAN);
    expect(undelivered.map((m) => m.status)).toEqual(['unreachable', 'unreachable']);
  });

  it('opens a personal chat again when Teams no longer finds it (history removed) and sends the message there once', async () => {
    await queue(1, 1);
    await rig.store.identities.merge(person(0), { aadObjectId: 'aad-lead0' });
    rig.connector.blockConversation(conversationIdOf(person(0)), 'ConversationNotFound');
    const result = await rig.drain();
    expect(result).toMatchObject({ sent: 1, unreachable: 0, failed: 0 });
    const [created] = rig.connector.conversations;
    expect(created).toMatchObject({ tenantId: 'tenant-1', memberIds: ['aad-lead0'] });
    expect(rig.connector.activitiesTo(created!.id).map((a) => a.text)).toEqual(['message 0 for lead0@example.org']);
    expect(await rig.store.identities.get(person(0))).toMatchObject({ reachable: true, conversation: { conversation: { id: created!.id } } });
  });

  it('reinstalls the app when the chat is gone and Teams will not open a new one without it', async () => {
    await queue(1, 1);
    await rig.store.identities.merge(person(0), { aadObjectId: 'aad-lead0' });
    rig.connector.blockConversation(conversationIdOf(person(0)), 'ConversationNotFound');
    rig.connector.requireInstallation(true);
    const reinstalled: string[] = [];
    const result = await rig.drain({
      reinstall: async (aad) => {
        reinstalled.push(aad);
        rig.connector.setInstalled(aad, true);
        return true;
      },
    });
    expect(reinstalled).toEqual(['aad-lead0']);
    expect(result).toMatchObject({ sent: 1, unreachable: 0 });
  });

  it('keeps a message for later, and the person reachable, when a chat is gone and nothing is known to open it again', async () => {
    await queue(1, 1);
    rig.connector.blockConversation(conversationIdOf(person(0)), 'ConversationNotFound');
    const result = await rig.drain();
    expect(result).toMatchObject({ sent: 0, unreachable: 0, deferred: 1 });
    const identity = await rig.store.identities.get(person(0));
    expect(identity?.reachable).not.toBe(false);
    expect(identity?.conversation).toBeUndefined();
  });

  it('dead-letters a message after a bounded number of attempts and keeps it for the administrators', async () => {
    await queue(2, 2);
    rig.connector.failNext(100, { status: 503 }, conversationIdOf(person(0)));
    const result = await rig.drain({ maxAttempts: 4 });
    expect(result).toMatchObject({ sent: 1, dead: 1, failed: 1, retried: 3 });
    expect(rig.connector.sent.filter((r) => r.conversationId === conversationIdOf(person(0)))).toHaveLength(4);
    const [dead] = await rig.store.outbox.listUndelivered(PLAN);
    expect(dead).toMatchObject({ key: 'test~0', status: 'dead', attempts: 4, lastError: { status: 503 } });
  });

  it('leaves a long Retry-After to a later tick and sends then', async () => {
    await queue(1, 1);
    rig.connector.failNext(1, { status: 429, retryAfterSeconds: 120 });
    const first = await rig.drain({ maxInlineWaitMs: 30_000 });
    expect(first).toMatchObject({ sent: 0, retried: 1, deferred: 1 });
    expect(await rig.drain()).toMatchObject({ sent: 0 }); // not due yet at the same instant
    rig.clock.advance(121_000);
    expect(await rig.drain()).toMatchObject({ sent: 1 });
  });

  it('defers a message for someone with no conversation yet and sends it once they have one', async () => {
    await rig.store.outbox.enqueue(PLAN, [message(1, 'new@example.org')], rig.clock);
    expect(await rig.drain()).toMatchObject({ sent: 0, deferred: 1 });
    expect((await rig.store.outbox.get(PLAN, 'test~1'))?.value).toMatchObject({ status: 'pending', deferredReason: 'noConversation' });
    await rig.connect('new@example.org');
    rig.clock.advance(6 * 60_000);
    expect(await rig.drain()).toMatchObject({ sent: 1 });
  });

  it('opens a personal chat for someone whose AAD id and tenant are known', async () => {
    await rig.store.identities.merge('aad@example.org', { aadObjectId: 'aad-1', reachable: true });
    await rig.store.outbox.enqueue(PLAN, [message(1, 'aad@example.org')], rig.clock);
    const result = await rig.drain({ proactive: { serviceUrl: rig.connector.serviceUrl, tenantId: 'tenant-1' } });
    expect(result.sent).toBe(1);
    expect(rig.connector.conversations).toHaveLength(1);
    expect((await rig.store.identities.get('aad@example.org'))?.conversation?.conversation.id).toBe(rig.connector.conversations[0]!.id);
  });

  it('loses nothing when a drain is killed part-way: the next drain sends the rest', async () => {
    await queue(40, 10);
    const { stop, dying } = dyingAfter(12);
    const first = await rig.drain({ signal: stop.signal, concurrency: 4 }, dying);
    expect(first.sent).toBeGreaterThanOrEqual(12);
    expect(first.sent).toBeLessThan(40);
    rig.clock.advance(3 * 60_000); // past the killed run's claims
    const second = await rig.drain();
    expect(first.sent + second.sent).toBe(40);
    expectEachDeliveredOnce(40);
  });

  it('tells the backlog of each message it is done with, and releases a waiting step when it stops', async () => {
    await queue(40, 10);
    const backlog = new SendBacklog(10);
    backlog.added(40);
    const { stop, dying } = dyingAfter(12);
    const waiting = backlog.room();
    const result = await rig.drain({ signal: stop.signal, concurrency: 4, backlog }, dying);
    expect(backlog.pending).toBe(40 - result.sent - result.deferred);
    expect(backlog.pending).toBeGreaterThanOrEqual(10);
    await expect(Promise.race([waiting.then(() => 'released'), new Promise((r) => setTimeout(() => r('still waiting'), 1000))])).resolves.toBe('released');
  });

  it('delivers each message once when two drains run at the same time', async () => {
    await queue(60, 20);
    rig.connector.setLatency(10);
    const other = () =>
      drainOutbox({ store: rig.store, transport: rig.transport, clock: rig.clock, planId: PLAN, options: { ratePerSecond: 50, sleep: fastSleep } });
    const [a, b] = await Promise.all([rig.drain(), other()]);
    expect(a.sent + b.sent).toBe(60);
    expectEachDeliveredOnce(60);
  });

  it('paces one person’s many messages to Teams’ per-conversation limits', async () => {
    await queue(10, 1);
    rig.connector.enforceLimits();
    const started = Date.now();
    const result = await rig.drain();
    expect(result.sent).toBe(10);
    expectEachDeliveredOnce(10);
    // 8 in any 2 seconds: the 9th and 10th wait for the window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(rig.connector.stats().rejected).toBeLessThanOrEqual(2);
  });

  it('keeps to the plan’s send rate', async () => {
    await queue(30, 30);
    rig.connector.enforceLimits({ perApp: [[10, 1000]] });
    const started = Date.now();
    const result = await rig.drain({ ratePerSecond: 10 });
    expect(result.sent).toBe(30);
    expectEachDeliveredOnce(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    // Requests reach the connector with some jitter, so a few land just inside its window and are retried.
    expect(rig.connector.stats().rejected).toBeLessThanOrEqual(8);
  });
});
