/**
 * The plan's structure: plans, areas, groups, people and actions, and the action
 * indexes (by group, by lead, open-by-due) that keep every scheduler query on one
 * partition. Action writes use ETags; the indexes follow the action.
 */
import type { Action, Area, Group, Person, Plan } from '../domain/model';
import { isComplete } from '../domain/brag';
import { mapLimit } from '../util/async';
import { retryOnConflict } from './retry';
import { compositeKey, encodeKey } from './keys';
import type { Stored, Table, TableStore } from './tableStore';

interface IndexRow {
  ref: string;
  due?: string;
}

export interface Membership {
  planId: string;
  personId: string;
}

const areaKey = (n: number) => String(n).padStart(4, '0');
const groupIndex = (planId: string, groupId: string) => compositeKey(planId, 'g', groupId);
const leadIndex = (planId: string, personId: string) => compositeKey(planId, 'l', personId);
const dueIndex = (planId: string) => compositeKey(planId, 'due');
const dueRow = (due: string, ref: string) => `${due}~${encodeKey(ref)}`;

/** An action is open while it is not blue or green. */
export function isOpenAction(action: Action): boolean {
  return !isComplete(action.brag);
}

/** Natural order of refs: 2.4 before 2.10, 10.1 after 9.9. */
export function compareRefs(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export class PlanRepository {
  readonly plans: Table<Plan>;
  readonly areas: Table<Area>;
  readonly groups: Table<Group>;
  readonly people: Table<Person>;
  readonly actions: Table<Action>;
  readonly index: Table<IndexRow>;
  readonly memberships: Table<Membership>;

  constructor(store: TableStore) {
    this.plans = store.table('Plans');
    this.areas = store.table('Areas');
    this.groups = store.table('Groups');
    this.people = store.table('People');
    this.actions = store.table('Actions');
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
    await Promise.all([
      ...people.map((p) => this.memberships.upsert(encodeKey(p.id), encodeKey(planId), { planId, personId: p.id })),
      ...removedIds.map((id) => this.memberships.delete(encodeKey(id), encodeKey(planId))),
    ]);
  }
  /** The plans a user (by email) belongs to. */
  async membershipsOf(email: string): Promise<Membership[]> {
    return (await this.memberships.list(encodeKey(email.toLowerCase()))).map((r) => r.value);
  }

  // Actions
  async getAction(planId: string, ref: string): Promise<Stored<Action> | undefined> {
    return this.actions.get(encodeKey(planId), encodeKey(ref));
  }
  async listActions(planId: string): Promise<Action[]> {
    return (await this.actions.list(encodeKey(planId))).map((r) => r.value).sort((a, b) => compareRefs(a.ref, b.ref));
  }
  private async getMany(planId: string, refs: string[]): Promise<Action[]> {
    const rows = await mapLimit(refs, 16, (ref) => this.getAction(planId, ref));
    return rows
      .filter((r): r is Stored<Action> => r !== undefined)
      .map((r) => r.value)
      .sort((a, b) => compareRefs(a.ref, b.ref));
  }
  /** The actions of one group (open and complete), read through the group index. */
  async listActionsOfGroup(planId: string, groupId: string): Promise<Action[]> {
    const refs = (await this.index.list(groupIndex(planId, groupId))).map((r) => r.value.ref);
    return this.getMany(planId, refs);
  }
  /** The actions one person leads, read through the lead index. */
  async listActionsOfLead(planId: string, personId: string): Promise<Action[]> {
    const refs = (await this.index.list(leadIndex(planId, personId))).map((r) => r.value.ref);
    return this.getMany(planId, refs);
  }
  /** Open actions whose due date is before `date` (YYYY-MM-DD): a range query on the due index. */
  async listOpenActionsDueBefore(planId: string, date: string): Promise<Action[]> {
    const refs = (await this.index.list(dueIndex(planId), { to: date })).map((r) => r.value.ref);
    return this.getMany(planId, refs);
  }

  /** Writes an action and brings its index rows in line with it (and away from `previous`). */
  async saveAction(action: Action, options: { etag?: string; previous?: Action } = {}): Promise<string> {
    const pk = encodeKey(action.planId);
    const etag = options.etag
      ? await this.actions.replace(pk, encodeKey(action.ref), action, options.etag)
      : await this.actions.upsert(pk, encodeKey(action.ref), action);
    await this.syncIndex(action, options.previous);
    return etag;
  }

  private async syncIndex(action: Action, previous?: Action): Promise<void> {
    const { planId, ref } = action;
    const rk = encodeKey(ref);
    const writes: Promise<unknown>[] = [];
    const prevLeads = new Set(previous?.leadIds ?? []);
    const nextLeads = new Set(action.leadIds);
    if (!previous || previous.groupId !== action.groupId) {
      if (previous) writes.push(this.index.delete(groupIndex(planId, previous.groupId), rk));
      writes.push(this.index.upsert(groupIndex(planId, action.groupId), rk, { ref }));
    }
    for (const id of nextLeads) if (!prevLeads.has(id)) writes.push(this.index.upsert(leadIndex(planId, id), rk, { ref }));
    for (const id of prevLeads) if (!nextLeads.has(id)) writes.push(this.index.delete(leadIndex(planId, id), rk));
    const prevDue = previous && isOpenAction(previous) && previous.due ? previous.due : undefined;
    const nextDue = isOpenAction(action) && action.due ? action.due : undefined;
    if (prevDue !== nextDue || !previous) {
      if (prevDue) writes.push(this.index.delete(dueIndex(planId), dueRow(prevDue, ref)));
      if (nextDue) writes.push(this.index.upsert(dueIndex(planId), dueRow(nextDue, ref), { ref, due: nextDue }));
    }
    await Promise.all(writes);
  }

  /**
   * Writes many actions of one plan at once, in transactions per partition. Used by
   * import; `previous` maps ref to the stored action so only changed index rows move.
   */
  async saveActionsBulk(planId: string, actions: Action[], previous: Map<string, Action>, removed: Action[]): Promise<void> {
    const pk = encodeKey(planId);
    await this.actions.batch(pk, [
      ...actions.map((a) => ({ op: 'upsert' as const, rowKey: encodeKey(a.ref), value: a })),
      ...removed.map((a) => ({ op: 'delete' as const, rowKey: encodeKey(a.ref) })),
    ]);
    const ops = new Map<string, { op: 'upsert' | 'delete'; rowKey: string; value?: IndexRow }[]>();
    const add = (partition: string, op: 'upsert' | 'delete', rowKey: string, value?: IndexRow) => {
      const list = ops.get(partition) ?? [];
      list.push({ op, rowKey, value });
      ops.set(partition, list);
    };
    const indexRows = (a: Action): Array<[string, string, IndexRow]> => {
      const rk = encodeKey(a.ref);
      const rows: Array<[string, string, IndexRow]> = [[groupIndex(planId, a.groupId), rk, { ref: a.ref }]];
      for (const id of a.leadIds) rows.push([leadIndex(planId, id), rk, { ref: a.ref }]);
      if (isOpenAction(a) && a.due) rows.push([dueIndex(planId), dueRow(a.due, a.ref), { ref: a.ref, due: a.due }]);
      return rows;
    };
    const rowId = (p: string, r: string) => `${p}\u0000${r}`;
    for (const a of actions) {
      const prev = previous.get(a.ref);
      const next = indexRows(a);
      const nextIds = new Set(next.map(([p, r]) => rowId(p, r)));
      const prevRows = prev ? indexRows(prev) : [];
      const prevIds = new Set(prevRows.map(([p, r]) => rowId(p, r)));
      for (const [p, r, v] of next) if (!prevIds.has(rowId(p, r))) add(p, 'upsert', r, v);
      for (const [p, r] of prevRows) if (!nextIds.has(rowId(p, r))) add(p, 'delete', r);
    }
    for (const a of removed) for (const [p, r] of indexRows(a)) add(p, 'delete', r);
    await mapLimit([...ops.entries()], 8, ([partition, list]) =>
      this.index.batch(
        partition,
        list.map((o) => (o.op === 'delete' ? { op: 'delete', rowKey: o.rowKey } : { op: 'upsert', rowKey: o.rowKey, value: o.value! })),
      ),
    );
  }

  /**
   * Reads, changes and writes an action with its ETag; a conflict re-reads and re-applies
   * the change, so two writers both land and neither is lost.
   */
  async modifyAction(planId: string, ref: string, change: (a: Action) => Action): Promise<Action> {
    return retryOnConflict(async () => {
      const row = await this.getAction(planId, ref);
      if (!row) throw new Error(`Action ${ref} is not in plan ${planId}.`);
      const next = change(row.value);
      await this.saveAction(next, { etag: row.etag, previous: row.value });
      return next;
    });
  }
}

