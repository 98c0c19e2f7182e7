/**
 * One message per subject, posted once and then kept current: a message goes through the
 * outbox under its idempotency key; publishing the same key again changes the queued message
 * while it waits, or, once Teams has it, queues an edit of the posted message (updateActivity
 * with the stored activity id) instead of posting again. Nothing happens when the content is
 * unchanged. Sends and edits alike go out through the sender, with its pacing, retries,
 * verdicts and dead letters.
 */
import type { Clock } from '../domain/clock';
import { editKey, type NewMessage, type OutboxMessage } from '../outbox/model';
import { deliverNow, type DrainResult, type SenderOptions } from '../outbox/sender';
import type { Transport } from '../outbox/transport';
import { ConflictError } from '../storage/errors';
import type { Store } from '../storage/store';
import type { Stored } from '../storage/tableStore';

export type PublishOutcome = 'queued' | 'sent' | 'updated' | 'replaced' | 'unchanged' | 'undeliverable';

export interface PublishOptions {
  /** Edits posted messages, at once (without one, a posted message is left as it is). */
  transport?: Transport;
  /** Sends a new or still queued message at once (inside a bot turn) instead of leaving it to the drain. */
  sendNow?: boolean;
  /** The sender's limits for what goes out at once; its defaults suit a message or two. */
  sender?: Partial<SenderOptions>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const failed = (result: DrainResult) => result.dead + result.unreachable + result.expired > 0;

export async function publish(store: Store, clock: Clock, planId: string, message: NewMessage, options: PublishOptions = {}): Promise<PublishOutcome> {
  const { transport } = options;
  const deliver = (t: Transport, key: string) => deliverNow({ store, transport: t, clock, planId, options: options.sender }, [key]);
  const now =
    options.sendNow && transport
      ? async (): Promise<PublishOutcome> => {
          const result = await deliver(transport, message.key);
          return result.sent > 0 ? 'sent' : failed(result) ? 'undeliverable' : 'queued';
        }
      : undefined;

  const { created } = await store.outbox.enqueue(planId, [message], clock);
  if (created.length > 0) return now ? now() : 'queued';
  const record = await store.outbox.get(planId, message.key);
  if (!record) return 'unchanged';
  const pending = record.value.status === 'pending' ? await store.outbox.getQueued(planId, message.key) : undefined;
  const current = pending?.value ?? record.value;
  const changed = !same(current.activity, message.activity) || (message.conversation !== undefined && !same(current.conversation, message.conversation));
  if (pending) {
    if (changed) {
      // Guarded by the queue row's ETag: a drain that claimed it meanwhile sends the old text, and the next publish edits it.
      await store.outbox.changeQueued(pending, { activity: message.activity, conversation: message.conversation ?? current.conversation });
    }
    return now ? now() : changed ? 'replaced' : 'unchanged';
  }
  if (!changed) return 'unchanged';
  // A sent email cannot be edited: its reader already has it.
  if (current.mail) return 'unchanged';
  if (current.status !== 'sent' || !current.activityId) return 'undeliverable';
  if (!transport) return 'unchanged';
  const key = await queueEdit(store, clock, planId, record, message);
  return failed(await deliver(transport, key)) ? 'undeliverable' : 'updated';
}

/**
 * Queues an edit of a posted message, or changes the edit still waiting to go out (so two
 * edits never race each other), and records the new content on the posted message.
 */
async function queueEdit(store: Store, clock: Clock, planId: string, record: Stored<OutboxMessage>, message: NewMessage): Promise<string> {
  const posted = record.value;
  const edits = posted.edits ?? 0;
  const waiting = edits > 0 ? await store.outbox.getQueued(planId, editKey(posted.key, edits)) : undefined;
  if (waiting && (await changedInQueue(store, waiting, message))) {
    await store.outbox.recordEdited(record, message.activity, edits);
    return waiting.value.key;
  }
  const key = editKey(posted.key, edits + 1);
  const edit: NewMessage = {
    key,
    kind: posted.kind,
    recipientId: posted.recipientId,
    conversation: posted.conversation,
    activity: message.activity,
    params: posted.params,
    updateOf: { key: posted.key, activityId: posted.activityId! },
  };
  await store.outbox.enqueue(planId, [edit], clock);
  await store.outbox.recordEdited(record, message.activity, edits + 1);
  return key;
}

/** Changes a waiting edit's content; false when a drain is sending it right now (then another edit follows it). */
async function changedInQueue(store: Store, waiting: Stored<OutboxMessage>, message: NewMessage): Promise<boolean> {
  try {
    await store.outbox.changeQueued(waiting, { activity: message.activity, conversation: waiting.value.conversation });
    return true;
  } catch (err) {
    if (err instanceof ConflictError) return false;
    throw err;
  }
}
