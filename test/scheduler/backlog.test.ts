import { fixedClock } from '../../src/domain/clock';
import { DEFAULT_PLAN_SETTINGS, type Plan } from '../../src/domain/model';
import { SendBacklog } from '../../src/outbox/backlog';
import { planTickContext, zeroCounts } from '../../src/scheduler/context';
import { queueNotices } from '../../src/scheduler/combining';
import type { Notice } from '../../src/scheduler/notices';
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

const notice = (i: number): Notice => ({
  key: `chase~2024-01-08~lead${i}@example.org`,
  kind: 'overdue',
  recipientId: `lead${i}@example.org`,
  actions: [{ ref: `1.${i}`, text: `Action ${i}`, brag: 'amber', due: '2024-01-02' }],
});

/** Queues one message for each of `people` leads, as a tick's last part does; resolves to how many were new. */
async function queueFor(people: number, backlog?: SendBacklog): Promise<number> {
  const ctx = context(backlog);
  ctx.notices.push(...Array.from({ length: people }, (_, i) => notice(i)));
  await queueNotices(ctx);
  return ctx.counts.messages;
}

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
    let done = false;
    const queueing = queueFor(300, backlog).then((n) => {
      done = true;
      return n;
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
    expect(await queueing).toBe(300);
    expect(await queuedCount()).toBe(300);
  });

  it('queues everything at once when no drain runs alongside', async () => {
    expect(await queueFor(120)).toBe(120);
    expect(await queuedCount()).toBe(120);
  });

  it('counts only newly queued messages, so a step run again does not wait for messages already sent', async () => {
    await queueFor(60);
    const backlog = new SendBacklog(50);
    expect(await queueFor(60, backlog)).toBe(0);
    expect(backlog.pending).toBe(0);
  });

  it('refuses a high-water mark that is not positive', () => {
    expect(() => new SendBacklog(0)).toThrow('A send backlog needs a positive high-water mark, got 0.');
  });
});
