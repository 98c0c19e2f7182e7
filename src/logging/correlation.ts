/**
 * The correlation id of the work in progress (one incoming activity, one scheduler tick),
 * carried by child loggers: the work that logs is handed a logger whose every line names
 * its id. An AsyncLocalStorage would carry it implicitly, but on Node 20 it hooks every
 * promise the process makes, which cost a tenth of a card submit's time.
 */
import { randomUUID } from 'node:crypto';
import type { LogSink } from './logger';

/** A fresh correlation id for work that does not arrive with one. */
export function newCorrelationId(): string {
  return randomUUID();
}

interface ChildCapable extends LogSink {
  child(bindings: Record<string, unknown>): LogSink;
}

/** `logger` with `correlationId` on every line (a pino child; any other sink is wrapped). */
export function correlated<L extends LogSink>(logger: L, correlationId: string | undefined): L {
  const id = correlationId || newCorrelationId();
  if (typeof (logger as unknown as ChildCapable).child === 'function') return (logger as unknown as ChildCapable).child({ correlationId: id }) as L;
  const tagged = (obj: object) => ({ correlationId: id, ...obj });
  return {
    ...logger,
    info: (obj: object, msg?: string) => logger.info(tagged(obj), msg),
    warn: (obj: object, msg?: string) => logger.warn(tagged(obj), msg),
    error: (obj: object, msg?: string) => logger.error(tagged(obj), msg),
  } as L;
}
