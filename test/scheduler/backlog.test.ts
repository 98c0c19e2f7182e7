import { fixedClock } from '../../src/domain/clock';
import { DEFAULT_PLAN_SETTINGS, type Plan } from '../../src/domain/model';
import { SendBacklog } from '../../src/outbox/backlog';
import { planTickContext, zeroCounts } from '../../src/scheduler/context';
import { queueInSlices } from '../../src/scheduler/queueing';
import type { Store } from '../../src/storage/store';
import { makeTestStore } from '../support/store';

const PLAN: Plan = { id: 'backlog', name: 'Backlog plan', settings: DEFAULT_PLAN_SETTINGS, importedAt: '2024-01-01T00:00:00Z', sourceHash: 'x' };
const NOW = new Date('2024-01-09T09:00:00Z');

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (storage writes take their time), failing after a few seconds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 5000) throw new Error(`Timed out waiting until ${what}.`);
    await pause(10);
  }
}

let store: Store;

function context(backlog?: SendBacklog) {
  return planTickContext(store, fixedClock(NOW), PLAN, 'Europe/London', NOW, '2024-01-09', zeroCounts(), backlog);
}

const message = (i: number) => ({
  key: `backlog~${i}`,
  kind: 'prompt' as const,
  recipientId: `lead${i}@example.org`,
  activity: { type: 'message' as const, text: `Message ${i}` },
});

async function queuedCount(): Promise<number> {
  return (await store.outbox.listDue(PLAN.id, NOW, { limit: 1000 })).length;
}

describe('send backlog', () => {
  beforeEach(async () => {
    // A fresh store per test: each starts with nothing queued.
    store = await makeTestStore();
  });

  it('lets a step queue only while fewer than the high-water mark are waiting to be sent', async () => {
    const backlog = new SendBacklog(100);
    const items = Array.from({ length: 300 }, (_, i) => i);
    let done = false;
    const queueing = queueInSlices(context(backlog), items, message).then((keys) => {
      done = true;
      return keys;
    });

    await until(() => backlog.pending === 100, 'two slices are queued');
    await pause(200);
    expect(backlog.pending).toBe(100);
    expect(await queuedCount()).toBe(100);
    expect(done).toBe(false);

    // The drain is done with 49: 51 are left waiting, so one more slice of 50 goes in and the step waits again.
    for (let i = 0; i < 49; i++) backlog.settle();
    await until(() => backlog.pending === 101, 'one more slice is queued');
    await pause(200);
    expect(backlog.pending).toBe(101);
    expect(await queuedCount()).toBe(150);
    expect(done).toBe(false);

    backlog.close();
    const keys = await queueing;
    expect(keys).toHaveLength(300);
    expect(await queuedCount()).toBe(300);
  });

  it('queues everything at once when no drain runs alongside', async () => {
    const keys = await queueInSlices(context(), Array.from({ length: 120 }, (_, i) => i), message);
    expect(keys).toHaveLength(120);
    expect(await queuedCount()).toBe(120);
  });

  it('counts only newly queued messages, so a step run again does not wait for messages already sent', async () => {
    await queueInSlices(context(), Array.from({ length: 60 }, (_, i) => i), message);
    const backlog = new SendBacklog(50);
    const keys = await queueInSlices(context(backlog), Array.from({ length: 60 }, (_, i) => i), message);
    expect(keys).toEqual([]);
    expect(backlog.pending).toBe(0);
  });

  it('refuses a high-water mark that is not positive', () => {
    expect(() => new SendBacklog(0)).toThrow('A send backlog needs a positive high-water mark, got 0.');
  });
});
