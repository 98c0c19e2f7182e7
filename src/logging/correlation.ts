/**
 * The correlation id of the work in progress (one incoming activity, one scheduler tick),
 * carried through async calls so every log line written during that work carries it
 * without each function passing a logger along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const current = new AsyncLocalStorage<{ correlationId: string }>();

export function runWithCorrelation<T>(correlationId: string | undefined, work: () => T): T {
  return current.run({ correlationId: correlationId || randomUUID() }, work);
}

/** `{ correlationId }` inside runWithCorrelation, otherwise `{}`. */
export function correlationFields(): { correlationId?: string } {
  const store = current.getStore();
  return store ? { correlationId: store.correlationId } : {};
}
