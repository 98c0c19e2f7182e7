/**
 * Outbox storage. Per plan, one partition holds each message (m~key), its place in the due
 * queue while pending (d~notBefore~key) and, once it can no longer be delivered, a row in the
 * undelivered list (x~key). Because they share a partition, every change of state moves the
 * message and its queue rows in one transaction: a message is never pending without being
 * queued, nor queued twice.
 */
import type { Clock } from '../domain/clock';
import { AlreadyExistsError } from '../storage/errors';
import { encodeKey } from '../storage/keys';
import type { BatchOp, Stored, Table, TableStore } from '../storage/tableStore';
import type { DueRow, NewMessage, OutboxMessage, OutboxRow } from './model';

const ENQUEUE_CHUNK = 50; // a message plus its due row: 100 operations, one transaction

const messageKey = (key: string) => `m~${encodeKey(key)}`;
const dueKey = (notBefore: string, key: string) => `d~${notBefore}~${encodeKey(key)}`;
const undeliveredKey = (key: string) => `x~${encodeKey(key)}`;

export interface DueEntry {
  key: string;
  notBefore: string;
  rowKey: string;
}

export class OutboxRepository {
  readonly table: Table<OutboxRow>;

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
    const rows = unique.map((m) => {
      const message: OutboxMessage = {
        planId,
        key: m.key,
        kind: m.kind,
        recipientId: m.recipientId.toLowerCase(),
        conversation: m.conversation,
        activity: m.activity,
        params: m.params ?? {},
        status: 'pending',
        attempts: 0,
        createdAt: now,
        notBefore: (m.notBefore ?? clock.now()).toISOString(),
        expiresAt: m.expiresAt?.toISOString(),
      };
      return message;
    });
    const created: string[] = [];
    const existing: string[] = [];
    for (let i = 0; i < rows.length; i += ENQUEUE_CHUNK) {
      const chunk = rows.slice(i, i + ENQUEUE_CHUNK);
      try {
        await this.table.batch(pk, chunk.flatMap((m) => this.insertOps(m)));
        created.push(...chunk.map((m) => m.key));
      } catch (err) {
        if (!(err instanceof AlreadyExistsError)) throw err;
        // Some of this chunk were queued before (a step re-run): insert one by one to learn which.
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

  private insertOps(m: OutboxMessage): BatchOp<OutboxRow>[] {
    return [
      { op: 'insert', rowKey: messageKey(m.key), value: m },
      { op: 'insert', rowKey: dueKey(m.notBefore, m.key), value: { key: m.key } },
    ];
  }

  async get(planId: string, key: string): Promise<Stored<OutboxMessage> | undefined> {
    const row = await this.table.get(encodeKey(planId), messageKey(key));
    return row as Stored<OutboxMessage> | undefined;
  }

  /** Queue entries due at `now`, oldest first. Reads only what is due. */
  async listDue(planId: string, now: Date, limit = 1000): Promise<DueEntry[]> {
    const rows = await this.table.list(encodeKey(planId), { from: 'd~', to: `d~${now.toISOString()}~\uffff`, limit });
    return rows.map((r) => ({ key: (r.value as DueRow).key, notBefore: r.rowKey.slice(2, 26), rowKey: r.rowKey }));
  }

  /** Messages that could not be delivered (dead-lettered or unreachable), for the plan's administrators. */
  async listUndelivered(planId: string): Promise<OutboxMessage[]> {
    const rows = await this.table.listPrefix(encodeKey(planId), 'x~');
    return rows.map((r) => r.value as OutboxMessage);
  }

  /** Claims a pending message for one drain run (ETag-guarded). Throws ConflictError when someone else moved first. */
  async claim(row: Stored<OutboxMessage>, by: string, until: Date): Promise<Stored<OutboxMessage>> {
    const next: OutboxMessage = { ...row.value, attempts: row.value.attempts + 1, claim: { by, until: until.toISOString() } };
    const etag = await this.table.replace(row.partitionKey, row.rowKey, next, row.etag);
    return { ...row, value: next, etag };
  }

  /** Records a delivered message and takes it off the queue, in one transaction. */
  async markSent(message: OutboxMessage, result: { activityId: string; conversationId: string }, at: Date): Promise<void> {
    const next: OutboxMessage = {
      ...message,
      status: 'sent',
      activityId: result.activityId,
      conversationId: result.conversationId,
      sentAt: at.toISOString(),
      finishedAt: at.toISOString(),
      deferredReason: undefined,
      claim: undefined,
    };
    await this.table.batch(encodeKey(message.planId), [
      { op: 'upsert', rowKey: messageKey(message.key), value: next },
      { op: 'delete', rowKey: dueKey(message.notBefore, message.key) },
    ]);
  }

  /** Ends a message that will not be delivered: dead-lettered, unreachable or expired. */
  async finish(
    message: OutboxMessage,
    status: 'dead' | 'unreachable' | 'expired',
    at: Date,
    lastError?: OutboxMessage['lastError'],
  ): Promise<void> {
    const next: OutboxMessage = { ...message, status, finishedAt: at.toISOString(), claim: undefined, lastError: lastError ?? message.lastError };
    const ops: BatchOp<OutboxRow>[] = [
      { op: 'upsert', rowKey: messageKey(message.key), value: next },
      { op: 'delete', rowKey: dueKey(message.notBefore, message.key) },
    ];
    if (status !== 'expired') ops.push({ op: 'upsert', rowKey: undeliveredKey(message.key), value: next });
    await this.table.batch(encodeKey(message.planId), ops);
  }

  /** Puts a pending message back on the queue for `notBefore`. */
  async reschedule(
    message: OutboxMessage,
    notBefore: Date,
    change: Partial<Pick<OutboxMessage, 'deferredReason' | 'lastError'>> = {},
  ): Promise<OutboxMessage> {
    const next: OutboxMessage = { ...message, ...change, notBefore: notBefore.toISOString(), claim: undefined };
    const ops: BatchOp<OutboxRow>[] = [{ op: 'upsert', rowKey: messageKey(message.key), value: next }];
    if (next.notBefore !== message.notBefore) {
      ops.push({ op: 'delete', rowKey: dueKey(message.notBefore, message.key) });
      ops.push({ op: 'upsert', rowKey: dueKey(next.notBefore, message.key), value: { key: message.key } });
    }
    await this.table.batch(encodeKey(message.planId), ops);
    return next;
  }

  /** Removes a queue row whose message is gone or no longer pending. */
  async dropDueRow(planId: string, rowKey: string): Promise<void> {
    await this.table.delete(encodeKey(planId), rowKey);
  }
}
