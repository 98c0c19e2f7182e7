/**
 * Outbox storage. Per plan one partition holds each message's record (m~key: its idempotency
 * guard and final status), while it is pending a full copy in the due queue
 * (d~notBefore~seq~key: what the sender lists, claims and sends from, so sending a message costs
 * no extra read), and once it can no longer be delivered a row in the undelivered list (x~key).
 * They share a partition, so every change of state is one transaction: a message is never
 * pending without being queued, nor queued twice.
 *
 * `seq` orders rows queued by this process at the same instant in the order they were queued,
 * so a drain running alongside the step that queues can follow the queue with a cursor.
 */
import type { Clock } from '../domain/clock';
import { AlreadyExistsError } from './errors';
import { encodeKey } from './keys';
import type { BatchOp, Stored, Table, TableStore } from './tableStore';
import type { NewMessage, OutboxMessage } from '../outbox/model';

const ENQUEUE_CHUNK = 50; // a record plus its queue row: 100 operations, one transaction
/**
 * A transaction's body is at most 4 MiB: a chunk holding mail with attachments (a board paper,
 * stored twice: record and queue row) is sent sooner, keeping the files within this many characters.
 */
const ATTACHMENTS_PER_TRANSACTION = 1_500_000;
const attachedChars = (m: NewMessage) => 2 * (m.mail?.attachments ?? []).reduce((n, a) => n + a.content.length, 0);

const messageKey = (key: string) => `m~${encodeKey(key)}`;
const noticeKey = (key: string) => `n~${encodeKey(key)}`;

/**
 * A notice's mark: written in the same transaction as the combined message that carries the
 * notice, so a notice goes out in one message only, whatever tick decides it again.
 */
interface NoticeMark {
  notice: string;
  messageKey: string;
  at: string;
}

/** A message that carries notices (the tick's combined message to one person). */
export interface CombinedEntry {
  message: NewMessage;
  noticeKeys: readonly string[];
}
const undeliveredKey = (key: string) => `x~${encodeKey(key)}`;
const heldKey = (key: string) => `h~${encodeKey(key)}`;

/**
 * A notice decided outside a tick (a chair's decision on a blue, in a bot turn) and held for the
 * next tick, which carries it in the person's one message. Kept as JSON: the scheduler owns its shape.
 */
interface HeldNotice {
  key: string;
  notice: string;
  at: string;
}

let sequence = 0;
function dueKey(notBefore: string, key: string): string {
  sequence = (sequence + 1) % 1e12;
  return `d~${notBefore}~${String(sequence).padStart(12, '0')}~${encodeKey(key)}`;
}

export type QueuedMessage = Stored<OutboxMessage>;

export class OutboxRepository {
  private readonly table: Table<OutboxMessage>;

  constructor(store: TableStore) {
    this.table = store.table('Outbox');
  }

  /**
   * Queues messages that are not queued yet. A key seen before (in any state) is left alone,
   * so running a step again queues nothing twice. Returns the keys newly queued.
   */
  async enqueue(planId: string, messages: NewMessage[], clock: Clock): Promise<{ created: string[]; existing: string[] }> {
    const pk = encodeKey(planId);
    const now = clock.now().toISOString();
    const unique = [...new Map(messages.map((m) => [m.key, m])).values()];
    const rows = unique.map((m) => this.rowOf(planId, m, now, clock));
    const created: string[] = [];
    const existing: string[] = [];
    for (let i = 0; i < rows.length; i += ENQUEUE_CHUNK) {
      const chunk = rows.slice(i, i + ENQUEUE_CHUNK);
      try {
        await this.table.batch(pk, chunk.flatMap((m) => this.insertOps(m)));
        created.push(...chunk.map((m) => m.key));
      } catch (err) {
        if (!(err instanceof AlreadyExistsError)) throw err;
        // Some of this chunk were queued before (a step run again): insert one by one to learn which.
        for (const m of chunk) {
          try {
            await this.table.batch(pk, this.insertOps(m));
            created.push(m.key);
          } catch (inner) {
            if (!(inner instanceof AlreadyExistsError)) throw inner;
            existing.push(m.key);
          }
        }
      }
    }
    return { created, existing };
  }

  /**
   * Queues combined messages, each with the marks of the notices it carries, one transaction
   * per message. An entry whose message key or any of whose notices is already marked is not
   * queued and comes back in `refused`, so the caller can drop the notices sent before and
   * combine the rest again.
   */
  async enqueueCombined(planId: string, entries: readonly CombinedEntry[], clock: Clock): Promise<{ created: string[]; refused: CombinedEntry[] }> {
    const pk = encodeKey(planId);
    const now = clock.now().toISOString();
    const created: string[] = [];
    const refused: CombinedEntry[] = [];
    const opsOf = (e: CombinedEntry): BatchOp<OutboxMessage>[] => [
      ...this.insertOps(this.rowOf(planId, e.message, now, clock)),
      // Marks share the partition (so the message and its marks are one transaction) but not the row shape.
      ...e.noticeKeys.map((k) => ({ op: 'insert' as const, rowKey: noticeKey(k), value: { notice: k, messageKey: e.message.key, at: now } satisfies NoticeMark as unknown as OutboxMessage })),
    ];
    let chunk: CombinedEntry[] = [];
    let size = 0;
    let attached = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const batch = chunk;
      chunk = [];
      size = 0;
      attached = 0;
      try {
        await this.table.batch(pk, batch.flatMap(opsOf));
        created.push(...batch.map((e) => e.message.key));
      } catch (err) {
        if (!(err instanceof AlreadyExistsError)) throw err;
        for (const e of batch) {
          try {
            await this.table.batch(pk, opsOf(e));
            created.push(e.message.key);
          } catch (inner) {
            if (!(inner instanceof AlreadyExistsError)) throw inner;
            refused.push(e);
          }
        }
      }
    };
    for (const e of entries) {
      const ops = 2 + e.noticeKeys.length;
      const chars = attachedChars(e.message);
      if (size + ops > 2 * ENQUEUE_CHUNK || attached + chars > ATTACHMENTS_PER_TRANSACTION) await flush();
      chunk.push(e);
      size += ops;
      attached += chars;
    }
    await flush();
    return { created, refused };
  }

  /** Holds a notice for the next tick; holding the same key again changes nothing. */
  async holdNotice(planId: string, key: string, notice: unknown, clock: Clock): Promise<void> {
    const value: HeldNotice = { key, notice: JSON.stringify(notice), at: clock.now().toISOString() };
    try {
      await this.table.insert(encodeKey(planId), heldKey(key), value as unknown as OutboxMessage);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
  }

  /** The notices held for the next tick (one partition read), oldest first. */
  async listHeldNotices(planId: string): Promise<Array<{ key: string; notice: unknown }>> {
    const rows = await this.table.listPrefix(encodeKey(planId), 'h~');
    return rows
      .map((r) => r.value as unknown as HeldNotice)
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((h) => ({ key: h.key, notice: JSON.parse(h.notice) as unknown }));
  }

  /** Lets go of a held notice once a message carries it. */
  async releaseHeldNotice(planId: string, key: string): Promise<void> {
    await this.table.delete(encodeKey(planId), heldKey(key));
  }

  /** Which of these notices have gone out in a message already. */
  async noticesMarked(planId: string, keys: readonly string[]): Promise<Set<string>> {
    const pk = encodeKey(planId);
    const found = await Promise.all(keys.map(async (k) => ((await this.table.get(pk, noticeKey(k))) ? k : undefined)));
    return new Set(found.filter((k): k is string => k !== undefined));
  }

  /** The message that carried a notice, if one did. */
  async messageOfNotice(planId: string, notice: string): Promise<Stored<OutboxMessage> | undefined> {
    const mark = await this.table.get(encodeKey(planId), noticeKey(notice));
    return mark ? this.get(planId, (mark.value as unknown as NoticeMark).messageKey) : undefined;
  }

  /** The marked notices whose keys start with `prefix` (one partition read). */
  async listNoticesMarked(planId: string, prefix: string): Promise<Set<string>> {
    const rows = await this.table.listPrefix(encodeKey(planId), noticeKey(prefix));
    return new Set(rows.map((r) => (r.value as unknown as NoticeMark).notice));
  }

  private rowOf(planId: string, m: NewMessage, now: string, clock: Clock): OutboxMessage {
    const notBefore = (m.notBefore ?? clock.now()).toISOString();
    return {
      planId,
      key: m.key,
      kind: m.kind,
      recipientId: m.recipientId.toLowerCase(),
      conversation: m.conversation,
      activity: m.activity,
      ...(m.mail ? { mail: m.mail } : {}),
      params: m.params ?? {},
      status: 'pending',
      attempts: 0,
      createdAt: now,
      notBefore,
      dueRowKey: dueKey(notBefore, m.key),
      expiresAt: m.expiresAt?.toISOString(),
      updateOf: m.updateOf,
    };
  }

  private insertOps(m: OutboxMessage): BatchOp<OutboxMessage>[] {
    return [
      { op: 'insert', rowKey: messageKey(m.key), value: m },
      { op: 'insert', rowKey: m.dueRowKey!, value: m },
    ];
  }

  /** The message's record: its final status once finished (while pending, the queue row is live). */
  async get(planId: string, key: string): Promise<Stored<OutboxMessage> | undefined> {
    return this.table.get(encodeKey(planId), messageKey(key));
  }

  /** The live copy of a pending message: its row in the due queue (what the sender sends). */
  async getQueued(planId: string, key: string): Promise<QueuedMessage | undefined> {
    const record = await this.get(planId, key);
    if (!record || record.value.status !== 'pending' || !record.value.dueRowKey) return undefined;
    return this.table.get(record.partitionKey, record.value.dueRowKey);
  }

  /**
   * Changes what a pending message says, in its queue row and its record in one transaction.
   * Guarded by the queue row's ETag: ConflictError when a drain claimed (or sent) it meanwhile.
   */
  async changeQueued(row: QueuedMessage, change: Pick<OutboxMessage, 'activity' | 'conversation'>): Promise<void> {
    const next: OutboxMessage = { ...row.value, activity: change.activity, conversation: change.conversation };
    await this.table.batch(row.partitionKey, [
      { op: 'update', rowKey: row.rowKey, value: next, etag: row.etag },
      { op: 'upsert', rowKey: messageKey(next.key), value: next },
    ]);
  }

  /**
   * Records that a sent message now says `activity` and that `edits` edits of it are queued,
   * under the record's ETag (ConflictError when another publisher moved first).
   */
  async recordEdited(record: Stored<OutboxMessage>, activity: OutboxMessage['activity'], edits: number): Promise<void> {
    await this.table.replace(record.partitionKey, record.rowKey, { ...record.value, activity, edits }, record.etag);
  }

  /** Queued messages due at `now`, in queue order, optionally after a row key already seen. */
  async listDue(planId: string, now: Date, options: { after?: string; limit?: number } = {}): Promise<QueuedMessage[]> {
    // A space sorts right after the key itself (keys hold no control characters): "after", exclusive.
    const from = options.after ? `${options.after} ` : 'd~';
    return this.table.list(encodeKey(planId), { from, to: `d~${now.toISOString()}~\uffff`, limit: options.limit ?? 500 });
  }

  /** Messages that could not be delivered (dead-lettered or unreachable), for the plan's administrators. */
  /** Every message of a plan in any state (its records, not the queue). */
  async listMessages(planId: string): Promise<OutboxMessage[]> {
    return (await this.table.listPrefix(encodeKey(planId), 'm~')).map((r) => r.value);
  }

  async listUndelivered(planId: string): Promise<OutboxMessage[]> {
    return (await this.table.listPrefix(encodeKey(planId), 'x~')).map((r) => r.value);
  }

  /**
   * Claims a queued message for one drain run and counts the attempt (ETag-guarded, so of two
   * runs only one wins). Throws ConflictError when someone else moved first.
   */
  async claim(row: QueuedMessage, by: string, until: Date): Promise<QueuedMessage> {
    const next: OutboxMessage = { ...row.value, attempts: row.value.attempts + 1, claim: { by, until: until.toISOString() } };
    const etag = await this.table.replace(row.partitionKey, row.rowKey, next, row.etag);
    return { ...row, value: next, etag };
  }

  /** Records a delivered message and takes it off the queue, in one transaction. */
  async markSent(row: QueuedMessage, result: { activityId: string; conversationId: string }, at: Date): Promise<void> {
    const next: OutboxMessage = {
      ...row.value,
      status: 'sent',
      activityId: result.activityId,
      conversationId: result.conversationId,
      sentAt: at.toISOString(),
      finishedAt: at.toISOString(),
      deferredReason: undefined,
      failingSince: undefined,
      claim: undefined,
      dueRowKey: undefined,
    };
    await this.table.batch(row.partitionKey, [
      { op: 'upsert', rowKey: messageKey(next.key), value: next },
      { op: 'delete', rowKey: row.rowKey },
    ]);
  }

  /** Ends a message that will not be delivered: dead-lettered, unreachable or expired. */
  async finish(row: QueuedMessage, status: 'dead' | 'unreachable' | 'expired', at: Date, lastError?: OutboxMessage['lastError']): Promise<void> {
    const next: OutboxMessage = {
      ...row.value,
      status,
      finishedAt: at.toISOString(),
      claim: undefined,
      dueRowKey: undefined,
      lastError: lastError ?? row.value.lastError,
    };
    const ops: BatchOp<OutboxMessage>[] = [
      { op: 'upsert', rowKey: messageKey(next.key), value: next },
      { op: 'delete', rowKey: row.rowKey },
    ];
    if (status !== 'expired') ops.push({ op: 'upsert', rowKey: undeliveredKey(next.key), value: next });
    await this.table.batch(row.partitionKey, ops);
  }

  /**
   * Drops the copy of what was sent (the card, the mail) from every finished message that
   * finished before `before`, and its row in the undelivered list. The record itself stays,
   * as the idempotency guard that keeps the same decision from being sent again. Returns how
   * many messages were pruned.
   */
  async pruneCopies(planId: string, before: Date, at: Date): Promise<number> {
    const partition = encodeKey(planId);
    const cutoff = before.toISOString();
    const [records, undelivered] = await Promise.all([this.table.listPrefix(partition, 'm~'), this.table.listPrefix(partition, 'x~')]);
    const listed = new Set(undelivered.map((r) => r.rowKey));
    const ops: BatchOp<OutboxMessage>[] = [];
    let pruned = 0;
    for (const { value } of records) {
      const finished = value.finishedAt ?? value.sentAt;
      if (value.status === 'pending' || value.prunedAt || !finished || finished >= cutoff) continue;
      const { mail: _mail, ...rest } = value;
      ops.push({ op: 'upsert', rowKey: messageKey(value.key), value: { ...rest, activity: { type: 'message' }, prunedAt: at.toISOString() } });
      if (listed.has(undeliveredKey(value.key))) ops.push({ op: 'delete', rowKey: undeliveredKey(value.key) });
      pruned++;
    }
    // A message's record and its undelivered row go in the same transaction (at most 100 operations).
    let batch: BatchOp<OutboxMessage>[] = [];
    for (const op of ops) {
      const pairEnds = op.op === 'upsert' && batch.length >= 98;
      if (pairEnds) {
        await this.table.batch(partition, batch);
        batch = [];
      }
      batch.push(op);
    }
    if (batch.length > 0) await this.table.batch(partition, batch);
    return pruned;
  }

  /** Puts a pending message back on the queue for `notBefore`, releasing any claim. */
  async reschedule(
    row: QueuedMessage,
    notBefore: Date,
    change: Partial<Pick<OutboxMessage, 'deferredReason' | 'lastError' | 'failingSince'>> = {},
  ): Promise<void> {
    const at = notBefore.toISOString();
    const next: OutboxMessage = { ...row.value, ...change, notBefore: at, claim: undefined, dueRowKey: dueKey(at, row.value.key) };
    await this.table.batch(row.partitionKey, [
      { op: 'upsert', rowKey: messageKey(next.key), value: next },
      { op: 'delete', rowKey: row.rowKey },
      { op: 'insert', rowKey: next.dueRowKey!, value: next },
    ]);
  }
}
