/**
 * An action's history. Updates are appended, never overwritten. Each is one row in its
 * action's partition of the Actions table, beside the action's own row, keyed by its
 * submissionId, so:
 * - the insert itself is the idempotency guard: a repeated submit fails it and finds the
 *   update already recorded, and nothing is read before a first submit;
 * - a new update and the action it moves are written in one transaction (appendWithAction):
 *   both or neither, in one round trip.
 * History keys start with a space, below every action's key (FIRST_ACTION_KEY), so reading a
 * partition's actions reads no history. An action's history holds a few dozen updates over a
 * plan's life; it is read whole and ordered newest first, then by id within one millisecond
 * (the order isNewer in src/updates uses for the action's current rating).
 *
 * Earlier versions kept updates in the Updates table (partition planId~ref, keys s~submissionId,
 * and before that u~<newest-first time>~id with an s~ marker pointing at it).
 * moveEarlierHistory moves them here when the store opens, before anything reads a history.
 */
import type { Action, Update } from '../domain/model';
import { AlreadyExistsError } from './errors';
import { decodeKey, encodeKey } from './keys';
import { actionPartition, addTo, type PlanRepository } from './planRepository';
import type { BatchOp, Stored, Table, TableStore } from './tableStore';

/** An update, or (in the earlier layout) the marker pointing at one. */
type EarlierRow = Update | { submissionOf: string };

const isUpdate = (row: EarlierRow): row is Update => !('submissionOf' in row);

/** The start of every history key of one action. Its ref's '~' is escaped, so one ref's prefix never starts another's. */
const historyPrefix = (ref: string) => ` ~${encodeKey(ref).replace(/~/g, '%7E')}~`;
const historyKey = (ref: string, submissionId: string) => historyPrefix(ref) + encodeKey(submissionId);

/** Newest first; within one millisecond, lowest id first. */
function newestFirst(a: Update, b: Update): number {
  const byTime = Date.parse(b.at) - Date.parse(a.at);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export type Appended = { created: true; update: Update; stored: Stored<Action> } | { created: false; update: Update };

export class UpdateRepository {
  private readonly rows: Table<Update>;
  private readonly earlier: Table<EarlierRow>;

  constructor(
    store: TableStore,
    private readonly plans: PlanRepository,
  ) {
    this.rows = store.table('Actions');
    this.earlier = store.table('Updates');
  }

  /**
   * Appends an update. Returns `{ created: false, update }` with the earlier update when
   * the same submissionId was already recorded.
   */
  async append(update: Update): Promise<{ created: boolean; update: Update }> {
    try {
      await this.rows.insert(actionPartition(update.planId, update.ref), historyKey(update.ref, update.submissionId), update);
      return { created: true, update };
    } catch (err) {
      return { created: false, update: await this.recordedBefore(update, err) };
    }
  }

  /**
   * Appends an update and changes its action in one transaction, under the action's ETag
   * (`lastRead` saves reading it first). A repeated submissionId writes neither and answers
   * the update recorded the first time.
   */
  async appendWithAction(update: Update, change: (a: Action) => Action, lastRead?: Stored<Action>): Promise<Appended> {
    try {
      const stored = await this.plans.modifyActionRow(update.planId, update.ref, change, lastRead, { rowKey: historyKey(update.ref, update.submissionId), value: update });
      return { created: true, update, stored };
    } catch (err) {
      return { created: false, update: await this.recordedBefore(update, err) };
    }
  }

  /** The update first recorded under a submissionId an insert found taken; any other failure is rethrown. */
  private async recordedBefore(update: Update, err: unknown): Promise<Update> {
    if (err instanceof AlreadyExistsError) {
      const earlier = await this.findBySubmission(update.planId, update.ref, update.submissionId);
      if (earlier) return earlier;
    }
    throw err;
  }

  async findBySubmission(planId: string, ref: string, submissionId: string): Promise<Update | undefined> {
    const row = await this.rows.get(actionPartition(planId, ref), historyKey(ref, submissionId));
    return row?.value;
  }

  /** The action's updates, newest first. */
  async history(planId: string, ref: string, limit?: number): Promise<Update[]> {
    const all = (await this.rows.listPrefix(actionPartition(planId, ref), historyPrefix(ref))).map((r) => r.value).sort(newestFirst);
    return limit === undefined ? all : all.slice(0, limit);
  }

  /** Updates of an action at or after `since` (ISO instant), newest first. */
  async historySince(planId: string, ref: string, since: string): Promise<Update[]> {
    const from = Date.parse(since);
    return (await this.history(planId, ref)).filter((u) => Date.parse(u.at) >= from);
  }

  /**
   * Moves the updates an earlier version kept in the Updates table to their actions'
   * partitions, one earlier partition (one action's history) at a time: copied, then
   * deleted. A run cut short, or two processes opening the store at once, copy the same
   * rows to the same keys again. Answers how many updates were moved.
   */
  async moveEarlierHistory(): Promise<number> {
    let moved = 0;
    for (;;) {
      const page = await this.earlier.listPartitions('', '\uffff', 1000);
      if (page.length === 0) return moved;
      for (const partition of new Set(page.map((r) => r.partitionKey))) moved += await this.moveEarlierPartition(partition);
    }
  }

  private async moveEarlierPartition(partition: string): Promise<number> {
    const rows = await this.earlier.list(partition);
    // In the oldest layout an update's submissionId is the key of the marker pointing at it.
    const markedAs = new Map<string, string>();
    for (const r of rows) if (!isUpdate(r.value)) markedAs.set(r.value.submissionOf, decodeKey(r.rowKey.replace(/^s~/, '')));
    const writes = new Map<string, BatchOp<Update>[]>();
    let moved = 0;
    for (const r of rows) {
      if (!isUpdate(r.value)) continue;
      const u = r.value;
      const submissionId = r.rowKey.startsWith('s~') ? decodeKey(r.rowKey.slice(2)) : (markedAs.get(r.rowKey) ?? u.submissionId ?? u.id);
      addTo(writes, actionPartition(u.planId, u.ref), { op: 'upsert', rowKey: historyKey(u.ref, submissionId), value: { ...u, submissionId } });
      moved++;
    }
    for (const [target, ops] of writes) await this.rows.batch(target, ops);
    await this.earlier.batch(
      partition,
      rows.map((r) => ({ op: 'delete', rowKey: r.rowKey })),
    );
    return moved;
  }
}
