/**
 * An action's history. Updates are appended, never overwritten; each is written in
 * one transaction with a marker row keyed by its submissionId, so a repeated submit
 * finds the marker and stores nothing new.
 */
import type { Update } from '../domain/model';
import { AlreadyExistsError } from './errors';
import { compositeKey, encodeKey, newestFirstKey } from './keys';
import type { Table, TableStore } from './tableStore';

type UpdateRow = Update | { submissionOf: string };

const historyPartition = (planId: string, ref: string) => compositeKey(planId, ref);

export class UpdateRepository {
  readonly updates: Table<UpdateRow>;

  constructor(store: TableStore) {
    this.updates = store.table('Updates');
  }

  /**
   * Appends an update. Returns `{ created: false, update }` with the earlier update when
   * the same submissionId was already recorded: the marker row's insert fails the
   * transaction, so nothing is read before a first submit.
   */
  async append(update: Update): Promise<{ created: boolean; update: Update }> {
    const pk = historyPartition(update.planId, update.ref);
    const updateKey = `u~${newestFirstKey(new Date(update.at))}~${encodeKey(update.id)}`;
    try {
      await this.updates.batch(pk, [
        { op: 'insert', rowKey: `s~${encodeKey(update.submissionId)}`, value: { submissionOf: updateKey } },
        { op: 'insert', rowKey: updateKey, value: update },
      ]);
      return { created: true, update };
    } catch (err) {
      if (err instanceof AlreadyExistsError) {
        const raced = await this.findBySubmission(update.planId, update.ref, update.submissionId);
        if (raced) return { created: false, update: raced };
      }
      throw err;
    }
  }

  async findBySubmission(planId: string, ref: string, submissionId: string): Promise<Update | undefined> {
    const pk = historyPartition(planId, ref);
    const marker = await this.updates.get(pk, `s~${encodeKey(submissionId)}`);
    if (!marker || !('submissionOf' in marker.value)) return undefined;
    const row = await this.updates.get(pk, marker.value.submissionOf);
    return row && !('submissionOf' in row.value) ? row.value : undefined;
  }

  /** The action's updates, newest first. */
  async history(planId: string, ref: string, limit?: number): Promise<Update[]> {
    const rows = await this.updates.listPrefix(historyPartition(planId, ref), 'u~', limit);
    return rows.map((r) => r.value).filter((v): v is Update => !('submissionOf' in v));
  }

  /** Updates of an action at or after `since` (ISO instant), newest first. */
  async historySince(planId: string, ref: string, since: string): Promise<Update[]> {
    const to = `u~${newestFirstKey(new Date(since))}~\uffff`;
    const rows = await this.updates.list(historyPartition(planId, ref), { from: 'u~', to });
    return rows.map((r) => r.value).filter((v): v is Update => !('submissionOf' in v));
  }
}
