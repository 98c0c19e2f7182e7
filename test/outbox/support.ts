/** A store, the connector stand-in and the real botbuilder transport, for the outbox's tests. */
import { createBotTransport } from '../../bot/proactive/botTransport';
import { fixedClock } from '../../src/domain/clock';
import type { NewMessage } from '../../src/outbox/model';
import { drainOutbox, type SenderOptions } from '../../src/outbox/sender';
import type { Transport } from '../../src/outbox/transport';
import type { Store } from '../../src/storage/store';
import { startConnector, type Connector } from '../support/connector';
import { makeTestStore } from '../support/store';
import { createAdapter } from '../../bot/adapter';
import { conversationIdOf, conversationRef, fastSleep } from '../scheduler/harness';

export const PLAN = 'p-outbox';
export const NOW = '2024-01-15T09:00:00Z';

export interface OutboxRig {
  store: Store;
  connector: Connector;
  transport: Transport;
  clock: ReturnType<typeof fixedClock>;
  connect(personId: string): Promise<void>;
  drain(options?: Partial<SenderOptions>, transport?: Transport): ReturnType<typeof drainOutbox>;
  close(): Promise<void>;
}

export async function startRig(): Promise<OutboxRig> {
  const store = await makeTestStore();
  const connector = await startConnector();
  const adapter = createAdapter({ MicrosoftAppType: 'MultiTenant' });
  const transport = createBotTransport(adapter, '');
  const clock = fixedClock(NOW);
  return {
    store,
    connector,
    transport,
    clock,
    connect: async (personId) => {
      await store.identities.merge(personId, { conversation: conversationRef(connector.serviceUrl, personId), reachable: true });
    },
    drain: (options = {}, t = transport) =>
      drainOutbox({ store, transport: t, clock, planId: PLAN, options: { ratePerSecond: 50, baseBackoffMs: 200, sleep: fastSleep, ...options } }),
    close: () => connector.close(),
  };
}

export const person = (i: number) => `lead${i}@example.org`;

export function message(i: number, recipient: string): NewMessage {
  return {
    key: `test~${i}`,
    kind: 'test',
    recipientId: recipient,
    activity: { type: 'message', text: `message ${i} for ${recipient}` },
  };
}

/** How many times each message text was accepted by the connector. */
export function deliveryCounts(connector: Connector): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of connector.sent) {
    if (r.operation !== 'send' || r.status >= 300 || r.status < 200 || !r.activity) continue;
    const text = String(r.activity.text);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}

export { conversationIdOf };
