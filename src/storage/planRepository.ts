/**
 * The plan's structure: plans, areas, groups, people and actions, and the action
 * indexes (by group, by lead, open-by-due) that keep every scheduler query on one
 * partition. An index entry is one row per group, lead or due date holding the refs it
 * lists, so a 10,000-action import writes a few hundred index rows rather than tens of
 * thousands. Action writes use ETags; index rows change under their ETags too.
 */
import type { Action, Area, Group, Person, Plan } from '../domain/model';
import { compareRefs, isOpenAction } from '../domain/actions';
import { mapLimit, SerialQueue } from '../util/async';
import { retryOnConflict } from './retry';
import { compositeKey, encodeKey } from './keys';
import type { BatchOp, Stored, Table, TableStore } from './tableStore';
import { AlreadyExistsError, ConflictError } from './errors';

/** One index entry: the refs filed under a group, a lead or a due date. */
interface IndexRow {
  refs: string[];
}

/** Refs to add to and remove from each index row of one partition. */
type IndexDelta = Map<string, { add: Set<string>; remove: Set<string> }>;

/** A new row written in an action's partition in the same transaction as the action. */
export interface RowAlongside {
  rowKey: string;
  value: unknown;
}

/** A change waiting to be written to an action, and whom to tell. */
interface ActionWrite {
  change: (a: Action) => Action;
  alongside?: RowAlongside;
  done: (row: Stored<Action>) => void;
  failed: (err: unknown) => void;
}

/** A transaction holds 100 operations: the action's row and 99 beside it. */
const MAX_GROUP = 99;

export interface Membership {
  planId: string;
  personId: string;
}

/**
 * Actions and memberships are spread over a fixed number of partition buckets chosen by a
 * hash of the row's own key. A plan of 10,000 actions then never puts
 * thousands of rows in one partition (Azurite's look-ups and Azure's per-partition
 * throughput both grow with partition size), while a point read still names its partition
 * and a whole-plan read is a fixed number of partition queries run side by side.
 */
export const BUCKETS = 32;

export function bucketOf(key: string): string {
  // FNV-1a: small, stable across processes and versions.
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return String(h % BUCKETS).padStart(2, '0');
}

const ALL_BUCKETS = Array.from({ length: BUCKETS }, (_, i) => String(i).padStart(2, '0'));
const areaKey = (n: number) => String(n).padStart(4, '0');
/** An action's partition: its row, and (src/storage/updateRepository.ts) its history. */
export const actionPartition = (planId: string, ref: string) => compositeKey(planId, 'a', bucketOf(ref));
/**
 * The lowest key an action's row can have. Refs are trimmed, so an encoded ref starts with a
 * printable character other than a space (controls are percent-encoded): at or after '!'.
 * History rows share the partition under keys that start with a space, below every action,
 * so the actions of a partition are one range query that reads no history.
 */
export const FIRST_ACTION_KEY = '!';

/** An action's row key; a ref that would sort among history rows is refused rather than hidden. */
function actionKey(ref: string): string {
  const key = encodeKey(ref);
  if (!(key >= FIRST_ACTION_KEY)) throw new Error(`The ref "${ref}" cannot be stored: a ref may not be empty or start with a space.`);
  return key;
}
/**
 * Archived actions (removed from the plan's file by an import) live in a partition of their
 * own: every reader of live actions names the `a` buckets, so none of them sees an archived
 * action, and its history stays in Updates under the same ref.
 */
const archivePartition = (planId: string) => compositeKey(planId, 'x');
const membershipPartition = (email: string) => compositeKey('m', bucketOf(email));
const membershipRow = (email: string, planId: string) => `${encodeKey(email)}~${encodeKey(planId)}`;
const groupIndex = (planId: string) => compositeKey(planId, 'g');
const leadIndex = (planId: string) => compositeKey(planId, 'l');
const dueIndex = (planId: string) => compositeKey(planId, 'due');

/** Adds an operation to its partition's list, for one batch per partition. */
export function addTo<T>(byPartition: Map<string, BatchOp<T>[]>, partition: string, op: BatchOp<T>): void {
  const list = byPartition.get(partition);
  if (list) list.push(op);
  else byPartition.set(partition, [op]);
}

/** The index rows an action is filed under, as [partition, row key]. */
function indexEntries(a: Action): Array<[string, string]> {
  const entries: Array<[string, string]> = [[groupIndex(a.planId), encodeKey(a.groupId)]];
  for (const id of a.leadIds) entries.push([leadIndex(a.planId), encodeKey(id)]);
  if (isOpenAction(a) && a.due) entries.push([dueIndex(a.planId), a.due]);
  return entries;
}

/** What filing `actions` (previously `previous`) and unfiling `removed` changes, per partition. */
function indexDeltas(actions: Action[], previous: Map<string, Action>, removed: Action[]): Map<string, IndexDelta> {
  const deltas = new Map<string, IndexDelta>();
  const change = (partition: string, rowKey: string, ref: string, kind: 'add' | 'remove') => {
    let delta = deltas.get(partition);
    if (!delta) deltas.set(partition, (delta = new Map()));
    let entry = delta.get(rowKey);
    if (!entry) delta.set(rowKey, (entry = { add: new Set(), remove: new Set() }));
    entry[kind].add(ref);
  };
  const id = ([p, r]: [string, string]) => `${p}\u0000${r}`;
  for (const a of actions) {
    const next = indexEntries(a);
    const prev = previous.has(a.ref) ? indexEntries(previous.get(a.ref)!) : [];
    const nextIds = new Set(next.map(id));
    const prevIds = new Set(prev.map(id));
    for (const e of next) if (!prevIds.has(id(e))) change(e[0], e[1], a.ref, 'add');
    for (const e of prev) if (!nextIds.has(id(e))) change(e[0], e[1], a.ref, 'remove');
  }
  for (const a of removed) for (const [p, r] of indexEntries(a)) change(p, r, a.ref, 'remove');
  return deltas;
}

export class PlanRepository {
  private readonly plans: Table<Plan>;
  private readonly areas: Table<Area>;
  private readonly groups: Table<Group>;
  private readonly people: Table<Person>;
  private readonly actions: Table<Action>;
  /** The same table, for a transaction that writes an action with a row of its history. */
  private readonly actionPartitions: Table<unknown>;
  private readonly index: Table<IndexRow>;
  private readonly memberships: Table<Membership>;

  constructor(store: TableStore) {
    this.plans = store.table('Plans');
    this.areas = store.table('Areas');
    this.groups = store.table('Groups');
    this.people = store.table('People');
    this.actions = store.table('Actions');
    this.actionPartitions = store.table('Actions');
    this.index = store.table('ActionIndex');
    this.memberships = store.table('Memberships');
  }

  // Plans
  async getPlan(planId: string): Promise<Plan | undefined> {
    return (await this.plans.get('plan', encodeKey(planId)))?.value;
  }
  async listPlans(): Promise<Plan[]> {
    return (await this.plans.list('plan')).map((r) => r.value);
  }
  async savePlan(plan: Plan): Promise<void> {
    await this.plans.upsert('plan', encodeKey(plan.id), plan);
  }
  /**
   * Records the plan's tenant unless it has one: the first to write wins, and a plan's
   * tenant never changes here (only an import with --tenant changes it).
   */
  async pinTenant(planId: string, tenantId: string): Promise<Plan | undefined> {
    return retryOnConflict(async () => {
      const row = await this.plans.get('plan', encodeKey(planId));
      if (!row || row.value.tenantId) return row?.value;
      const next = { ...row.value, tenantId };
      await this.plans.replace('plan', encodeKey(planId), next, row.etag);
      return next;
    });
  }
  /**
   * Changes the plan row under its ETag, retrying on conflict, so an import writing the row
   * at the same moment is not overwritten. Answers undefined when there is no such plan.
   */
  async modifyPlan(planId: string, change: (p: Plan) => Plan): Promise<Plan | undefined> {
    return retryOnConflict(async () => {
      const row = await this.plans.get('plan', encodeKey(planId));
      if (!row) return undefined;
      const next = change(row.value);
      // The same object back means no change: nothing is written.
      if (next !== row.value) await this.plans.replace('plan', encodeKey(planId), next, row.etag);
      return next;
    });
  }

  // Areas
  async listAreas(planId: string): Promise<Area[]> {
    return (await this.areas.list(encodeKey(planId))).map((r) => r.value);
  }
  async replaceAreas(planId: string, areas: Area[]): Promise<void> {
    const pk = encodeKey(planId);
    const existing = await this.areas.list(pk);
    const keep = new Set(areas.map((a) => areaKey(a.number)));
    await this.areas.batch(pk, [
      ...areas.map((a) => ({ op: 'upsert' as const, rowKey: areaKey(a.number), value: a })),
      ...existing.filter((r) => !keep.has(r.rowKey)).map((r) => ({ op: 'delete' as const, rowKey: r.rowKey })),
    ]);
  }

  // Groups
  async listGroups(planId: string): Promise<Group[]> {
    return (await this.groups.list(encodeKey(planId))).map((r) => r.value);
  }
  async getGroup(planId: string, groupId: string): Promise<Stored<Group> | undefined> {
    return this.groups.get(encodeKey(planId), encodeKey(groupId));
  }
  async saveGroup(group: Group, etag?: string): Promise<void> {
    if (etag) await this.groups.replace(encodeKey(group.planId), encodeKey(group.id), group, etag);
    else await this.groups.upsert(encodeKey(group.planId), encodeKey(group.id), group);
  }
  /** Reads, changes and writes a group with its ETag, retrying on conflict. */
  async modifyGroup(planId: string, groupId: string, change: (g: Group) => Group): Promise<Group> {
    return retryOnConflict(async () => {
      const row = await this.getGroup(planId, groupId);
      if (!row) throw new Error(`Group ${groupId} is not in plan ${planId}.`);
      const next = change(row.value);
      await this.saveGroup(next, row.etag);
      return next;
    });
  }
  /** Writes many groups of one plan in transactions (import). */
  async saveGroups(planId: string, groups: Group[]): Promise<void> {
    await this.groups.batch(
      encodeKey(planId),
      groups.map((g) => ({ op: 'upsert', rowKey: encodeKey(g.id), value: g })),
    );
  }
  async deleteGroups(planId: string, groupIds: string[]): Promise<void> {
    await this.groups.batch(
      encodeKey(planId),
      groupIds.map((id) => ({ op: 'delete', rowKey: encodeKey(id) })),
    );
  }

  // People
  async listPeople(planId: string): Promise<Person[]> {
    return (await this.people.list(encodeKey(planId))).map((r) => r.value);
  }
  /** A plan's people by id. */
  async peopleById(planId: string): Promise<Map<string, Person>> {
    return new Map((await this.listPeople(planId)).map((p) => [p.id, p]));
  }
  async getPerson(planId: string, personId: string): Promise<Stored<Person> | undefined> {
    return this.people.get(encodeKey(planId), encodeKey(personId));
  }
  async savePerson(person: Person, etag?: string): Promise<void> {
    if (etag) await this.people.replace(encodeKey(person.planId), encodeKey(person.id), person, etag);
    else await this.people.upsert(encodeKey(person.planId), encodeKey(person.id), person);
  }
  async modifyPerson(planId: string, personId: string, change: (p: Person) => Person): Promise<Person> {
    return retryOnConflict(async () => {
      const row = await this.getPerson(planId, personId);
      if (!row) throw new Error(`Person ${personId} is not in plan ${planId}.`);
      const next = change(row.value);
      await this.savePerson(next, row.etag);
      return next;
    });
  }
  async savePeople(planId: string, people: Person[], removedIds: string[] = []): Promise<void> {
    await this.people.batch(encodeKey(planId), [
      ...people.map((p) => ({ op: 'upsert' as const, rowKey: encodeKey(p.id), value: p })),
      ...removedIds.map((id) => ({ op: 'delete' as const, rowKey: encodeKey(id) })),
    ]);
    const byPartition = new Map<string, BatchOp<Membership>[]>();
    for (const p of people)
      addTo(byPartition, membershipPartition(p.id), { op: 'upsert', rowKey: membershipRow(p.id, planId), value: { planId, personId: p.id } });
    for (const id of removedIds) addTo(byPartition, membershipPartition(id), { op: 'delete', rowKey: membershipRow(id, planId) });
    await mapLimit([...byPartition.entries()], 8, ([pk, ops]) => this.memberships.batch(pk, ops));
  }
  /** The plans a user (by email) belongs to. */
  async membershipsOf(email: string): Promise<Membership[]> {
    const key = email.toLowerCase();
    return (await this.memberships.listPrefix(membershipPartition(key), `${encodeKey(key)}~`)).map((r) => r.value);
  }

  // Actions
  async getAction(planId: string, ref: string): Promise<Stored<Action> | undefined> {
    return this.actions.get(actionPartition(planId, ref), encodeKey(ref));
  }
  async listActions(planId: string): Promise<Action[]> {
    const buckets = await mapLimit(ALL_BUCKETS, 8, (b) => this.actions.list(compositeKey(planId, 'a', b), { from: FIRST_ACTION_KEY }));
    return buckets
      .flat()
      .map((r) => r.value)
      .sort((a, b) => compareRefs(a.ref, b.ref));
  }
  private async getMany(planId: string, refs: string[]): Promise<Action[]> {
    const rows = await mapLimit(refs, 16, (ref) => this.getAction(planId, ref));
    return rows
      .filter((r): r is Stored<Action> => r !== undefined)
      .map((r) => r.value)
      .sort((a, b) => compareRefs(a.ref, b.ref));
  }
  /** The refs filed under a group (one read, no actions loaded). */
  async refsOfGroup(planId: string, groupId: string): Promise<string[]> {
    return (await this.index.get(groupIndex(planId), encodeKey(groupId)))?.value.refs ?? [];
  }
  /** The actions of one group (open and complete), read through the group index. */
  async listActionsOfGroup(planId: string, groupId: string): Promise<Action[]> {
    return this.getMany(planId, await this.refsOfGroup(planId, groupId));
  }
  /** The refs one person leads (one read, no actions loaded). */
  async refsOfLead(planId: string, personId: string): Promise<string[]> {
    return (await this.index.get(leadIndex(planId), encodeKey(personId)))?.value.refs ?? [];
  }
  /** The actions one person leads, read through the lead index. */
  async listActionsOfLead(planId: string, personId: string): Promise<Action[]> {
    return this.getMany(planId, await this.refsOfLead(planId, personId));
  }
  /** Open actions whose due date is before `date` (YYYY-MM-DD): a range query on the due index. */
  async listOpenActionsDueBefore(planId: string, date: string): Promise<Action[]> {
    const rows = await this.index.list(dueIndex(planId), { to: date });
    return this.getMany(
      planId,
      rows.flatMap((r) => r.value.refs),
    );
  }

  /** Writes an action and brings its index rows in line with it (and away from `previous`). */
  async saveAction(action: Action, options: { etag?: string; previous?: Action } = {}): Promise<string> {
    const pk = actionPartition(action.planId, action.ref);
    const etag = options.etag
      ? await this.actions.replace(pk, actionKey(action.ref), action, options.etag)
      : await this.actions.upsert(pk, actionKey(action.ref), action);
    await this.syncIndex(action, options.previous);
    return etag;
  }

  /** Writes an action under the ETag it was read with, and new rows beside it, in one transaction. */
  private async saveActionWith(action: Action, read: Stored<Action>, alongside: RowAlongside[]): Promise<string> {
    const etags = await this.actionPartitions.transaction(actionPartition(action.planId, action.ref), [
      ...alongside.map((row) => ({ op: 'insert' as const, rowKey: row.rowKey, value: row.value })),
      { op: 'update', rowKey: actionKey(action.ref), value: action, etag: read.etag },
    ]);
    await this.syncIndex(action, read.value);
    return etags[etags.length - 1]!;
  }

  private async syncIndex(action: Action, previous?: Action): Promise<void> {
    await this.applyIndexDeltas(indexDeltas([action], previous ? new Map([[action.ref, previous]]) : new Map(), []));
  }

  /** The plan's archived actions, each with the live state it had when it was archived. */
  async listArchivedActions(planId: string): Promise<Action[]> {
    return (await this.actions.list(archivePartition(planId))).map((r) => r.value).sort((a, b) => compareRefs(a.ref, b.ref));
  }

  /**
   * Writes many actions of one plan at once, in transactions per partition. Used by
   * import; `previous` maps ref to the stored action so only changed index rows move.
   * `removed` actions leave the live partitions (and the indexes) for the archive;
   * `restored` refs leave the archive (their rows are among `actions`).
   */
  async saveActionsBulk(planId: string, actions: Action[], previous: Map<string, Action>, removed: Action[], restored: string[] = []): Promise<void> {
    const actionOps = new Map<string, BatchOp<Action>[]>();
    for (const a of actions) addTo(actionOps, actionPartition(planId, a.ref), { op: 'upsert', rowKey: actionKey(a.ref), value: a });
    for (const a of removed) {
      addTo(actionOps, actionPartition(planId, a.ref), { op: 'delete', rowKey: encodeKey(a.ref) });
      addTo(actionOps, archivePartition(planId), { op: 'upsert', rowKey: encodeKey(a.ref), value: a });
    }
    for (const ref of restored) addTo(actionOps, archivePartition(planId), { op: 'delete', rowKey: encodeKey(ref) });
    // Rows in key order: the table service (Azurite measurably) files a sorted batch faster.
    for (const ops of actionOps.values()) ops.sort((x, y) => (x.rowKey < y.rowKey ? -1 : x.rowKey > y.rowKey ? 1 : 0));
    // The index rows go alongside the actions: a reader meeting a ref whose row is not written
    // yet skips it, as it does a ref removed a moment ago.
    await Promise.all([
      // Eight transactions in flight keep the service busy; more only make them queue there
      // (Azurite measurably slows with 16 or 32, each holding its rows in memory).
      mapLimit([...actionOps.entries()], 8, ([pk, ops]) => this.actions.batch(pk, ops)),
      this.applyIndexDeltas(indexDeltas(actions, previous, removed)),
    ]);
  }

  /**
   * Applies ref additions and removals to index rows, each partition's rows read and
   * written back under their ETags; a conflict re-reads and re-applies (adding and removing
   * refs is safe to repeat). One partition at a time per process keeps concurrent imports
   * of slices from conflicting with each other.
   */
  private async applyIndexDeltas(deltas: Map<string, IndexDelta>): Promise<void> {
    await Promise.all(
      [...deltas.entries()].map(([partition, delta]) =>
        this.indexQueue(partition).run(() =>
          retryOnConflict(async () => {
            const keys = [...delta.keys()];
            const current = new Map(
              keys.length > 20
                ? (await this.index.list(partition)).map((r) => [r.rowKey, r] as const)
                : (await mapLimit(keys, 8, (k) => this.index.get(partition, k))).filter((r) => r !== undefined).map((r) => [r!.rowKey, r!] as const),
            );
            const ops: BatchOp<IndexRow>[] = [];
            for (const [rowKey, { add, remove }] of delta) {
              const row = current.get(rowKey);
              const refs = new Set(row?.value.refs ?? []);
              for (const r of remove) refs.delete(r);
              for (const r of add) refs.add(r);
              const value = { refs: [...refs].sort(compareRefs) };
              if (row && value.refs.join('\u0000') === [...row.value.refs].sort(compareRefs).join('\u0000')) continue;
              ops.push(row ? { op: 'update', rowKey, value, etag: row.etag } : { op: 'insert', rowKey, value });
            }
            try {
              await this.index.batch(partition, ops);
            } catch (err) {
              // Another writer created a row first: re-read as for a stale ETag.
              if (err instanceof AlreadyExistsError) throw new ConflictError(this.index.name, partition, err.rowKey);
              throw err;
            }
          }),
        ),
      ),
    );
  }

  private readonly queues = new Map<string, SerialQueue>();
  private indexQueue(partition: string): SerialQueue {
    let queue = this.queues.get(partition);
    if (!queue) {
      queue = new SerialQueue();
      this.queues.set(partition, queue);
    }
    return queue;
  }

  /**
   * Reads, changes and writes an action with its ETag; a conflict re-reads and re-applies
   * the change, so two writers both land and neither is lost.
   */
  async modifyAction(planId: string, ref: string, change: (a: Action) => Action): Promise<Action> {
    return (await this.modifyActionRow(planId, ref, change)).value;
  }

  /**
   * Writers of one action in this process, waiting their turn. Two leads of
   * an action submitting at once would otherwise both write under the same ETag, and the loser
   * would pay a failed write and a read before writing again. Instead the first writes at
   * once, and those who arrive while it writes are written together after it, in one
   * transaction starting from the row it wrote: each change applied in turn, each history row
   * inserted beside them (group commit). Writers in other processes are still met by the ETag.
   * An entry lives only while writes are waiting.
   */
  private readonly actionWriters = new Map<string, { waiting: ActionWrite[] }>();

  /**
   * modifyAction, answering with the row as written (its new ETag), for callers that keep it.
   * With `alongside`, a new row of the action's partition (an update in its history) is
   * inserted in the same transaction as the change: both are written or neither, and a key
   * already taken fails it with AlreadyExistsError, leaving the action as it was. The row
   * answered may also carry changes written in the same transaction by other writers.
   */
  modifyActionRow(planId: string, ref: string, change: (a: Action) => Action, lastRead?: Stored<Action>, alongside?: RowAlongside): Promise<Stored<Action>> {
    return new Promise((done, failed) => {
      const write: ActionWrite = { change, alongside, done, failed };
      const key = compositeKey(planId, ref);
      const writers = this.actionWriters.get(key);
      if (writers) {
        writers.waiting.push(write);
        return;
      }
      const slot = { waiting: [write] };
      this.actionWriters.set(key, slot);
      void this.writeWaiting(key, planId, ref, slot, lastRead);
    });
  }

  /**
   * Writes what is waiting, a group at a time, each group from the row the one before wrote,
   * until nothing waits. The entry goes in the same step as the last look at what waits, so a
   * writer arriving later starts a new one and is never left waiting on a loop that has ended.
   */
  private async writeWaiting(key: string, planId: string, ref: string, slot: { waiting: ActionWrite[] }, lastRead?: Stored<Action>): Promise<void> {
    // A row the first caller read saves the first read; a stale one fails on its ETag and the retry reads afresh.
    let known = lastRead;
    try {
      while (slot.waiting.length > 0) {
        const group = slot.waiting.splice(0, MAX_GROUP);
        try {
          known = await this.writeGroup(planId, ref, group, known);
          for (const w of group) w.done(known);
        } catch (err) {
          known = undefined;
          if (group.length === 1) {
            group[0]!.failed(err);
            continue;
          }
          // One of them may be at fault (a submission already recorded): each on its own, so only that one fails.
          for (const w of group) {
            try {
              known = await this.writeGroup(planId, ref, [w], known);
              w.done(known);
            } catch (one) {
              known = undefined;
              w.failed(one);
            }
          }
        }
      }
    } finally {
      this.actionWriters.delete(key);
    }
  }

  /** One transaction: every change of the group applied in turn, with their history rows. */
  private async writeGroup(planId: string, ref: string, group: ActionWrite[], lastRead?: Stored<Action>): Promise<Stored<Action>> {
    let known = lastRead;
    return retryOnConflict(async () => {
      const row = known ?? (await this.getAction(planId, ref));
      known = undefined;
      if (!row) throw new Error(`Action ${ref} is not in plan ${planId}.`);
      const next = group.reduce((a, w) => w.change(a), row.value);
      const alongside = group.flatMap((w) => (w.alongside ? [w.alongside] : []));
      const etag = alongside.length > 0 ? await this.saveActionWith(next, row, alongside) : await this.saveAction(next, { etag: row.etag, previous: row.value });
      return { ...row, value: next, etag };
    });
  }
}
