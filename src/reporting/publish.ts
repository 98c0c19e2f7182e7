/**
 * One message per subject, posted once and then kept current: a message goes through the
 * outbox under its idempotency key; publishing the same key again changes the queued message
 * while it waits, or, once Teams has it, edits the posted message in place (updateActivity
 * with the stored activity id) instead of posting again. Nothing happens when the content is
 * unchanged.
 */
import type { Clock } from '../domain/clock';
import type { ConversationRef } from '../domain/model';
import type { NewMessage, OutboxMessage } from '../outbox/model';
import type { Transport } from '../outbox/transport';
import type { Store } from '../storage/store';
import type { Stored } from '../storage/tableStore';

export type PublishOutcome = 'queued' | 'sent' | 'updated' | 'replaced' | 'unchanged' | 'undeliverable';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function conversationOf(store: Store, message: OutboxMessage): Promise<ConversationRef | undefined> {
  return message.conversation ?? (await store.identities.get(message.recipientId))?.conversation;
}

/** The live copy of a pending message: its row in the due queue (what the sender sends). */
async function queued(store: Store, planId: string, key: string): Promise<Stored<OutboxMessage> | undefined> {
  const record = await store.outbox.get(planId, key);
  if (!record || record.value.status !== 'pending' || !record.value.dueRowKey) return undefined;
  return store.outbox.table.get(record.partitionKey, record.value.dueRowKey);
}

/** Sends a queued message now (inside a bot turn), claiming it so a concurrent drain leaves it alone. */
async function sendNow(store: Store, transport: Transport, clock: Clock, planId: string, key: string): Promise<PublishOutcome> {
  const row = await queued(store, planId, key);
  if (!row) return 'queued';
  const ref = await conversationOf(store, row.value);
  if (!ref) return 'queued';
  const claimed = await store.outbox.claim(row, 'publish', new Date(clock.now().getTime() + 60_000));
  const { activityId } = await transport.send(ref, claimed.value.activity);
  await store.outbox.markSent(claimed, { activityId, conversationId: ref.conversation.id }, clock.now());
  return 'sent';
}

export async function publish(
  store: Store,
  clock: Clock,
  planId: string,
  message: NewMessage,
  options: { transport?: Transport; sendNow?: boolean } = {},
): Promise<PublishOutcome> {
  const { created } = await store.outbox.enqueue(planId, [message], clock);
  const now = options.sendNow && options.transport ? () => sendNow(store, options.transport!, clock, planId, message.key) : undefined;
  if (created.length > 0) return now ? now() : 'queued';
  const record = await store.outbox.get(planId, message.key);
  if (!record) return 'unchanged';
  const pending = record.value.status === 'pending' ? await queued(store, planId, message.key) : undefined;
  const current = pending?.value ?? record.value;
  const changed = !same(current.activity, message.activity) || (message.conversation !== undefined && !same(current.conversation, message.conversation));
  if (pending) {
    if (changed) {
      const next: OutboxMessage = { ...current, activity: message.activity, conversation: message.conversation ?? current.conversation };
      // Guarded by the queue row's ETag: a drain that claimed it meanwhile sends the old text, and the next publish edits it.
      await store.outbox.table.replace(pending.partitionKey, pending.rowKey, next, pending.etag);
      await store.outbox.table.upsert(record.partitionKey, record.rowKey, { ...record.value, activity: next.activity, conversation: next.conversation });
    }
    return now ? now() : changed ? 'replaced' : 'unchanged';
  }
  if (!changed) return 'unchanged';
  if (current.status !== 'sent' || !current.activityId) return 'undeliverable';
  if (!options.transport) return 'unchanged';
  const ref = await conversationOf(store, current);
  if (!ref) return 'undeliverable';
  await options.transport.update(ref, current.activityId, message.activity);
  await store.outbox.table.replace(record.partitionKey, record.rowKey, { ...current, activity: message.activity }, record.etag);
  return 'updated';
}
