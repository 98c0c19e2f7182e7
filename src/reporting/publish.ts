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

export type PublishOutcome = 'queued' | 'sent' | 'updated' | 'replaced' | 'unchanged' | 'undeliverable';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function conversationOf(store: Store, message: OutboxMessage): Promise<ConversationRef | undefined> {
  return message.conversation ?? (await store.identities.get(message.recipientId))?.conversation;
}

/** Sends a queued message now (inside a bot turn), claiming it so a concurrent drain leaves it alone. */
async function sendNow(store: Store, transport: Transport, clock: Clock, planId: string, key: string): Promise<PublishOutcome> {
  const row = await store.outbox.getQueued(planId, key);
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
  if (current.status !== 'sent' || !current.activityId) return 'undeliverable';
  if (!options.transport) return 'unchanged';
  const ref = await conversationOf(store, current);
  if (!ref) return 'undeliverable';
  await options.transport.update(ref, current.activityId, message.activity);
  await store.outbox.recordEdited(record, message.activity);
  return 'updated';
}
