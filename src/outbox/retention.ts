/**
 * How long the outbox keeps a copy of what it sent: PLANPULSE_OUTBOX_RETENTION_DAYS (default
 * 90) after a message finished, its card or mail is dropped, once a day per plan; the record
 * that stops the same message being sent twice stays.
 */
import type { Store } from '../storage/store';

export const DEFAULT_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function pruneOutboxCopies(store: Store, planId: string, now: Date, today: string, retentionDays: number): Promise<number> {
  if (await store.cycles.prunedOn(planId, today)) return 0;
  const pruned = await store.outbox.pruneCopies(planId, new Date(now.getTime() - retentionDays * DAY_MS), now);
  await store.cycles.markPruned(planId, today, now.toISOString(), pruned);
  return pruned;
}
