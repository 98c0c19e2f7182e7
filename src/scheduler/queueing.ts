/**
 * Queueing a step's messages a slice at a time: each slice's cards are rendered just before
 * they are stored, so the drain running alongside starts on the first ones at once, and with
 * a backlog each slice waits until the drain has room for it.
 */
import type { NewMessage } from '../outbox/model';
import type { PlanTickContext } from './context';

const QUEUE_SLICE = 50;

/** Queues one message per item; returns the keys newly queued (a key queued before is skipped). */
export async function queueInSlices<T>(ctx: PlanTickContext, items: readonly T[], toMessage: (item: T) => NewMessage): Promise<string[]> {
  const created: string[] = [];
  for (let i = 0; i < items.length; i += QUEUE_SLICE) {
    await ctx.backlog?.room();
    const messages = items.slice(i, i + QUEUE_SLICE).map(toMessage);
    const queued = await ctx.store.outbox.enqueue(ctx.plan.id, messages, ctx.clock);
    ctx.backlog?.added(queued.created.length);
    created.push(...queued.created);
  }
  return created;
}
