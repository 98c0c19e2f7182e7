import { fixedClock } from '../../src/domain/clock';
import type { Transport } from '../../src/outbox/transport';
import { SCHEDULER_LEASE } from '../../src/scheduler/tick';
import { delivered, startHarness, type Harness } from './harness';

// 9 October 2023, 09:00 BST: three groups' cycles open and the first overdue chases go out.
const BUSY_DAY = '2023-10-09T08:00:00Z';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

function expectNoDuplicates() {
  expect(h.connector.stats().duplicates).toBe(0);
}

describe('one scheduler at a time', () => {
  it('lets only one of two concurrent ticks work, and each message is delivered once', async () => {
    const [a, b] = await Promise.all([h.tick(BUSY_DAY), h.tick(BUSY_DAY)]);
    expect([a.lease, b.lease].sort()).toEqual(['busy', 'held']);
    const worker = a.lease === 'held' ? a : b;
    expect(worker.sent).toBeGreaterThanOrEqual(8);
    expect(delivered(h.connector)).toHaveLength(worker.sent);
    expectNoDuplicates();
  });

  it('delivers each message once when two ticks run without the lease at all', async () => {
    const [a, b] = await Promise.all([h.tick(BUSY_DAY, { lease: false }), h.tick(BUSY_DAY, { lease: false })]);
    expect(a.sent + b.sent).toBe(delivered(h.connector).length);
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(8);
    expectNoDuplicates();
  });

  it('takes over the lease of a holder that crashed once its hold expires', async () => {
    // The hold is measured by the machine's clock, here a fixed one.
    const machine = fixedClock('2026-12-03T10:00:00Z');
    const crashed = await h.store.leases.acquire(SCHEDULER_LEASE, 'crashed-instance', 60_000, machine);
    expect(crashed.held).toBe(true);
    expect((await h.tick(BUSY_DAY, { leaseClock: machine })).lease).toBe('busy');
    expect(delivered(h.connector)).toHaveLength(0);
    const summary = await h.tick(BUSY_DAY, { leaseClock: fixedClock('2026-12-03T10:01:01Z') });
    expect(summary.lease).toBe('held');
    expect(summary.sent).toBeGreaterThanOrEqual(8);
  });

  it('loses nothing when a tick is killed in the middle of draining: the next tick delivers the rest', async () => {
    let sends = 0;
    const stop = new AbortController();
    const dying: Transport = {
      ...h.transport,
      send: async (ref, activity, options) => {
        const res = await h.transport.send(ref, activity, {
          beforeSend: async () => {
            await options?.beforeSend?.();
            if (stop.signal.aborted) throw new Error('process killed');
          },
        });
        if (++sends === 5) stop.abort();
        return res;
      },
    };
    const first = await h.tick(BUSY_DAY, { transport: dying, sender: { signal: stop.signal } });
    expect(first.sent).toBeGreaterThanOrEqual(5);
    const queued = first.messages;
    expect(first.sent).toBeLessThan(queued);
    const next = await h.tick(new Date(new Date(BUSY_DAY).getTime() + 3 * 60_000).toISOString());
    expect(next.messages + next.prompts + next.overdueChases).toBe(0);
    expect(first.sent + next.sent).toBe(queued);
    expect(delivered(h.connector)).toHaveLength(queued);
    expectNoDuplicates();
  });

  it('stops sending to a lead who blocked the bot, marks them unreachable, and keeps the rest flowing', async () => {
    h.connector.blockConversation('a:dh@plymouth.example', 'ConversationBlockedByUser');
    const summary = await h.tick(BUSY_DAY);
    expect(summary.failed).toBeGreaterThan(0);
    expect((await h.store.identities.get('dh@plymouth.example'))?.reachable).toBe(false);
    expect(h.connector.sent.filter((r) => r.conversationId === 'a:dh@plymouth.example')).toHaveLength(1);
    expect(summary.sent).toBe(delivered(h.connector).length);
    const undelivered = await h.store.outbox.listUndelivered('plymouth-2023');
    expect(undelivered.every((m) => m.recipientId === 'dh@plymouth.example' && m.status === 'unreachable')).toBe(true);
  });

  it('writes its summary line under a correlation id of its own', async () => {
    const lines: Array<{ correlationId?: string; msg?: string }> = [];
    const sink = {
      info: (o: object, msg?: string) => lines.push({ ...o, msg }),
      warn: (o: object, msg?: string) => lines.push({ ...o, msg }),
      error: (o: object, msg?: string) => lines.push({ ...o, msg }),
    };
    await h.tick(BUSY_DAY, { logger: sink });
    const summary = lines.find((l) => l.msg === 'scheduler tick');
    expect(summary?.correlationId).toMatch(/^tick-[0-9a-f-]{36}$/);
  });

  it('gets everything through a connector answering 30% of sends with 429 and some with 5xx, slowly', async () => {
    h.connector.setRandomFailures({ rate: 0.3, status: [429, 429, 429, 429, 503, 502], retryAfterSeconds: 1 }, 11);
    h.connector.setLatency(20);
    const summary = await h.tick(BUSY_DAY, { sender: { maxAttempts: 12 } });
    expect(summary.retried).toBeGreaterThan(0);
    expect(summary.failed).toBe(0);
    expect(summary.deferred).toBe(0);
    expect(summary.sent).toBe(summary.messages);
    expect(delivered(h.connector)).toHaveLength(summary.sent);
    expectNoDuplicates();
  });
});

describe('the scheduler lease', () => {
  it('is free once released, even for a tick run as of an earlier instant', async () => {
    const later = fixedClock('2024-02-01T09:00:00Z');
    expect((await h.store.leases.acquire(SCHEDULER_LEASE, 'server', 60_000, later)).held).toBe(true);
    await h.store.leases.release(SCHEDULER_LEASE, 'server', later);
    const summary = await h.tick(BUSY_DAY);
    expect(summary.lease).toBe('held');
  });

  it('is refused to a second holder while the first still holds it, and renewed for the holder', async () => {
    const clock = fixedClock(BUSY_DAY);
    expect((await h.store.leases.acquire(SCHEDULER_LEASE, 'a', 60_000, clock)).held).toBe(true);
    expect(await h.store.leases.acquire(SCHEDULER_LEASE, 'b', 60_000, clock)).toMatchObject({ held: false, holder: 'a' });
    clock.advance(30_000);
    const renewed = await h.store.leases.acquire(SCHEDULER_LEASE, 'a', 60_000, clock);
    expect(renewed).toMatchObject({ held: true, lease: { holder: 'a', expiresAt: '2023-10-09T08:01:30.000Z' } });
  });
});
