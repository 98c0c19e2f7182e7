/**
 * A tick run as of another instant (`planpulse tick --now <future>`) holds the scheduler
 * lease by the machine's clock: killed mid-way, it blocks the scheduler for one hold, not
 * until the date it simulated.
 */
import { fixedClock } from '../../src/domain/clock';
import type { Store } from '../../src/storage/store';
import { SCHEDULER_LEASE } from '../../src/scheduler/tick';
import { startHarness, type Harness } from '../scheduler/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

/** The store as a process that dies before giving the lease back sees it: release never happens. */
function diesBeforeRelease(store: Store): Store {
  const leases = Object.assign(Object.create(store.leases) as Store['leases'], { release: async () => {} });
  return Object.assign(Object.create(store) as Store, { leases });
}

it('lets the scheduler run a minute after a killed "tick --now" in the future, not after that date', async () => {
  // The machine's clock says Monday 2 October 2023; the tick runs as of a week later.
  const machine = (iso: string) => ({ leaseClock: fixedClock(iso) });
  const killed = await h.tick('2023-10-09T08:00:00Z', { store: diesBeforeRelease(h.store), ...machine('2023-10-02T09:00:00Z') });
  expect(killed.lease).toBe('held');
  expect(killed.sent).toBeGreaterThan(0);
  const left = await h.store.leases.current(SCHEDULER_LEASE);
  expect(left?.released).toBeFalsy();
  expect(left?.expiresAt).toBe('2023-10-02T09:01:00.000Z');

  // The next ticks the machine runs, half a minute and just over a minute later.
  expect((await h.tick('2023-10-02T09:00:30Z', machine('2023-10-02T09:00:30Z'))).lease).toBe('busy');
  expect((await h.tick('2023-10-02T09:01:01Z', machine('2023-10-02T09:01:01Z'))).lease).toBe('held');
});
