/**
 * The outbox keeps a copy of each card it sent only for the retention period
 * (PLANPULSE_OUTBOX_RETENTION_DAYS, default 90): then the card goes, and the record that
 * stops the same message being sent twice stays.
 */
import { loadConfig } from '../../src/config/config';
import { delivered, startHarness, type Harness } from '../scheduler/harness';

const MONDAY = '2023-10-09T08:00:00Z';
const WEDNESDAY = '2023-10-11T08:30:00Z';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const sentCards = async () => (await h.store.outbox.listMessages('plymouth-2023')).filter((m) => m.status === 'sent' && m.activity.attachments?.length);

it('keeps sent cards for 90 days by default', async () => {
  expect(loadConfig({}).PLANPULSE_OUTBOX_RETENTION_DAYS).toBe(90);
  const first = await h.tick(MONDAY);
  expect(first.sent).toBeGreaterThan(0);
  const later = await h.tick(WEDNESDAY, { config: { PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: 50 } });
  expect(later.pruned).toBe(0);
  expect((await sentCards()).length).toBeGreaterThanOrEqual(first.sent);
});

it('drops the copies of cards sent before the retention period, keeps their records, and sends nothing again', async () => {
  const first = await h.tick(MONDAY);
  const mondays = (await sentCards()).map((m) => m.key);
  expect(mondays.length).toBe(first.sent);

  const config = { PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: 50, PLANPULSE_OUTBOX_RETENTION_DAYS: 1 };
  const later = await h.tick(WEDNESDAY, { config });
  expect(later.pruned).toBe(mondays.length);
  const records = new Map((await h.store.outbox.listMessages('plymouth-2023')).map((m) => [m.key, m]));
  for (const key of mondays) {
    const record = records.get(key)!;
    expect(record.status).toBe('sent');
    expect(record.activity).toEqual({ type: 'message' });
    expect(record.prunedAt).toBeDefined();
  }
  // Once a day: a second tick that day prunes nothing more, and nothing pruned is sent again.
  const again = await h.tick('2023-10-11T09:30:00Z', { config });
  expect(again.pruned).toBe(0);
  expect(h.connector.stats().duplicates).toBe(0);
  expect(delivered(h.connector)).toHaveLength(first.sent + later.sent + again.sent);
});
