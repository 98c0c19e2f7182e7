/**
 * An action's history. Updates are appended, never overwritten. Each is one row keyed by
 * its submissionId in the action's partition, so the insert itself is the idempotency
 * guard: a repeated submit fails it and finds the update already recorded, and nothing is
 * read before a first submit. An action's partition holds a few dozen updates over a plan's
 * life; the history is read whole and ordered newest first, then by id within one
 * millisecond (the order isNewer in src/updates uses for the action's current rating).
 *
 * Rows written before this layout are still read: an update at `u~<newest-first time>~<id>`
 * and a marker at `s~<submissionId>` pointing at it.
 */
import type { Update } from '../domain/model';
import { AlreadyExistsError } from './errors';
import { compositeKey, encodeKey } from './keys';
import type { Table, TableStore } from './tableStore';

/** An update, or (in the earlier layout) the marker pointing at one. */
type UpdateRow = Update | { submissionOf: string };

const historyPartition = (planId: string, ref: string) => compositeKey(planId, ref);
const submissionKey = (submissionId: string) => `s~${encodeKey(submissionId)}`;

const isUpdate = (row: UpdateRow): row is Update => !('submissionOf' in row);

/** Newest first; within one millisecond, lowest id first. */
function newestFirst(a: Update, b: Update): number {
  const byTime = Date.parse(b.at) - Date.parse(a.at);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class UpdateRepository {
  private readonly updates: Table<UpdateRow>;

  constructor(store: TableStore) {
    this.updates = store.table('Updates');
  }

  /**
   * Appends an update. Returns `{ created: false, update }` with the earlier update when
   * the same submissionId was already recorded.
   */
  async append(update: Update): Promise<{ created: boolean; update: Update }> {
    const pk = historyPartition(update.planId, update.ref);
    try {
      await this.updates.insert(pk, submissionKey(update.submissionId), update);
      return { created: true, update };
    } catch (err) {
      if (err instanceof AlreadyExistsError) {
        const earlier = await this.findBySubmission(update.planId, update.ref, update.submissionId);
        if (earlier) return { created: false, update: earlier };
      }
      throw err;
    }
  }

  async findBySubmission(planId: string, ref: string, submissionId: string): Promise<Update | undefined> {
    const pk = historyPartition(planId, ref);
    const row = await this.updates.get(pk, submissionKey(submissionId));
    if (!row) return undefined;
    if (isUpdate(row.value)) return row.value;
    const pointed = await this.updates.get(pk, row.value.submissionOf);
    return pointed && isUpdate(pointed.value) ? pointed.value : undefined;
  }

  /** The action's updates, newest first. */
  async history(planId: string, ref: string, limit?: number): Promise<Update[]> {
    const all = (await this.updates.list(historyPartition(planId, ref))).map((r) => r.value).filter(isUpdate).sort(newestFirst);
    return limit === undefined ? all : all.slice(0, limit);
  }

  /** Updates of an action at or after `since` (ISO instant), newest first. */
  async historySince(planId: string, ref: string, since: string): Promise<Update[]> {
    const from = Date.parse(since);
    return (await this.history(planId, ref)).filter((u) => Date.parse(u.at) >= from);
  }
}
