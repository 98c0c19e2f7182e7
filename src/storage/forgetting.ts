/**
 * Forgetting a person in storage: their email address, which is their id and keys rows across
 * a plan, is replaced everywhere the plan keeps it by a pseudonym that identifies nobody, so
 * actions, groups and histories keep pointing at one (now anonymous) person and the plan keeps
 * working. Rows keyed by the address are moved to the pseudonym's key; values holding the
 * address (leads, chairs, delegates, authors, deciders, message keys, links) are rewritten; a
 * value that is exactly their name becomes the plan's lead string; the copies of messages sent
 * to them lose their card and mail. Only this module knows which tables and partitions a plan
 * spreads over.
 */
import { bucketOf } from './planRepository';
import { compositeKey, encodeKey } from './keys';
import type { Stored, Table, TableStore } from './tableStore';
import type { TableName } from './tables';

/** What to replace: the address (anywhere in a string) and the name (a whole value only). */
export interface Forgetting {
  email: string;
  pseudonym: string;
  /** Their name as the plan had it, and what stands for it (the plan's lead string). */
  names: ReadonlyMap<string, string>;
  at: Date;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The plan's partitions in each table that may hold the person: the plan's own, and those that start `planId~`. */
// Updates is not among them: what an earlier version kept there is moved beside the actions
// (into Actions) when the store opens, before anything here runs.
const PLAN_TABLES: ReadonlyArray<{ table: TableName; own: boolean; below: boolean }> = [
  { table: 'Areas', own: true, below: false },
  { table: 'Groups', own: true, below: false },
  { table: 'People', own: true, below: false },
  { table: 'Actions', own: false, below: true },
  { table: 'ActionIndex', own: false, below: true },
  { table: 'Cycles', own: false, below: true },
  { table: 'Outbox', own: true, below: false },
  { table: 'Escalations', own: true, below: false },
  { table: 'BragSnapshots', own: false, below: true },
  { table: 'ReportSnapshots', own: false, below: true },
  { table: 'Measures', own: true, below: false },
  { table: 'MeasureValues', own: false, below: true },
];

export class PersonEraser {
  private readonly address: RegExp;

  constructor(
    private readonly tables: TableStore,
    private readonly forgetting: Forgetting,
  ) {
    this.address = new RegExp(escapeRe(forgetting.email), 'gi');
  }

  /** The value with the address replaced in every string, and any value that is exactly their name replaced. */
  private scrub(value: unknown, planId: string): unknown {
    if (typeof value === 'string') {
      const name = this.forgetting.names.get(`${planId}\u0000${value}`);
      if (name !== undefined) return name;
      return value.replace(this.address, this.forgetting.pseudonym);
    }
    if (Array.isArray(value)) return value.map((v) => this.scrub(v, planId));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.scrub(v, planId);
      return out;
    }
    return value;
  }

  private rekey(key: string): string {
    return key.replace(new RegExp(escapeRe(encodeKey(this.forgetting.email)), 'gi'), encodeKey(this.forgetting.pseudonym));
  }

  /** Rewrites one row; moves it when its key held the address. Answers whether it changed. */
  private async rewrite<T>(table: Table<T>, row: Stored<T>, planId: string, change?: (value: T) => T): Promise<boolean> {
    let next = this.scrub(row.value, planId) as T;
    if (change) next = change(next);
    const partitionKey = this.rekey(row.partitionKey);
    const rowKey = this.rekey(row.rowKey);
    const moved = partitionKey !== row.partitionKey || rowKey !== row.rowKey;
    if (!moved && JSON.stringify(next) === JSON.stringify(row.value)) return false;
    if (moved) {
      await table.upsert(partitionKey, rowKey, next);
      await table.delete(row.partitionKey, row.rowKey);
    } else {
      await table.upsert(row.partitionKey, row.rowKey, next);
    }
    return true;
  }

  /** Rewrites every row of one plan that holds the person; answers how many rows changed. */
  async erasePlan(planId: string): Promise<number> {
    const own = encodeKey(planId);
    let changed = 0;
    for (const spec of PLAN_TABLES) {
      const table = this.tables.table<Record<string, unknown>>(spec.table);
      const rows = [...(spec.own ? await table.list(own) : []), ...(spec.below ? await table.listPartitions(`${own}~`, `${own}~\uffff`) : [])];
      for (const row of rows) {
        const theirs = (field: string) => typeof row.value[field] === 'string' && (row.value[field] as string).toLowerCase() === this.forgetting.email;
        let change: ((v: Record<string, unknown>) => Record<string, unknown>) | undefined;
        if (spec.table === 'Outbox' && theirs('recipientId')) {
          // A copy of what they were sent names them and their work: only its record stays.
          change = (v) => {
            const { mail: _mail, ...rest } = v;
            return { ...rest, activity: { type: 'message' }, prunedAt: this.forgetting.at.toISOString() };
          };
        } else if (spec.table === 'People' && theirs('id')) {
          change = (v) => {
            const { aadObjectId: _aad, ...rest } = v;
            return rest;
          };
        }
        if (await this.rewrite(table, row, planId, change)) changed++;
      }
    }
    const plans = this.tables.table<Record<string, unknown>>('Plans');
    const plan = await plans.get('plan', own);
    if (plan && (await this.rewrite(plans, plan, planId))) changed++;
    return changed;
  }

  /** Moves their links (already revoked) to the pseudonym, so the links' index no longer holds the address. */
  async eraseLinks(planId: string): Promise<number> {
    const links = this.tables.table<Record<string, unknown>>('ResponseLinks');
    const index = await links.list(`p~${encodeKey(planId)}~${encodeKey(this.forgetting.email)}`);
    let changed = 0;
    for (const entry of index) {
      const link = await links.get('link', entry.rowKey);
      if (link && (await this.rewrite(links, link, planId))) changed++;
      if (await this.rewrite(links, entry, planId)) changed++;
    }
    return changed;
  }

  /** The plan's membership row moves to the pseudonym (last, so a run cut short can be run again). */
  async moveMembership(planId: string): Promise<void> {
    const memberships = this.tables.table<{ planId: string; personId: string }>('Memberships');
    const { email, pseudonym } = this.forgetting;
    await memberships.upsert(compositeKey('m', bucketOf(pseudonym)), `${encodeKey(pseudonym)}~${encodeKey(planId)}`, { planId, personId: pseudonym });
    await memberships.delete(compositeKey('m', bucketOf(email)), `${encodeKey(email)}~${encodeKey(planId)}`);
  }

  /** Mail captured for them on a developer's machine (/dev/mail). */
  async eraseCapturedMail(): Promise<number> {
    const mail = this.tables.table<{ to?: string }>('CapturedMail');
    let removed = 0;
    for (const row of await mail.list('mail')) {
      if ((row.value.to ?? '').toLowerCase().includes(this.forgetting.email) && (await mail.delete(row.partitionKey, row.rowKey))) removed++;
    }
    return removed;
  }
}
