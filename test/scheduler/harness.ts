/**
 * The scheduler's integration harness: the Plymouth fixture imported into a fresh store, the
 * Bot Connector stand-in, and the real botbuilder transport talking to it over HTTP. Every
 * person has a personal conversation with the bot, as if each had said hello once.
 */
import path from 'node:path';
import { createBotTransport } from '../../bot/proactive/botTransport';
import { fixedClock } from '../../src/domain/clock';
import type { ConversationRef, Person } from '../../src/domain/model';
import { importPlan } from '../../src/import/importPlan';
import type { Transport } from '../../src/outbox/transport';
import { runTick, type TickDeps, type TickSummary } from '../../src/scheduler/tick';
import type { Store } from '../../src/storage/store';
import { startConnector, type Connector } from '../support/connector';
import { makeTestStore } from '../support/store';
import { createAdapter } from '../../bot/adapter';

export const FIXTURE = path.resolve(__dirname, '../../fixtures/plymouth-2023');
export const PLAN_ID = 'plymouth-2023';

export const conversationIdOf = (personId: string) => `a:${personId}`;

export function conversationRef(serviceUrl: string, personId: string): ConversationRef {
  return {
    serviceUrl,
    channelId: 'msteams',
    conversation: { id: conversationIdOf(personId), conversationType: 'personal', tenantId: 'tenant-1' },
    bot: { id: '28:planpulse' },
    user: { id: `29:${personId}` },
    tenantId: 'tenant-1',
  };
}

/** Retry delays a fiftieth of real: Retry-After 1 s waits 20 ms, so storms run fast and still run. */
export const fastSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.ceil(ms / 50)));

export interface Harness {
  store: Store;
  connector: Connector;
  transport: Transport;
  people: Person[];
  tick(at: string, extra?: Partial<TickDeps>): Promise<TickSummary>;
  close(): Promise<void>;
}

export async function startHarness(options: { connectPeople?: boolean; rate?: number; source?: string } = {}): Promise<Harness> {
  const store = await makeTestStore();
  const result = await importPlan(store, options.source ?? FIXTURE, { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-09-01T08:00:00Z') });
  if (!result.ok) throw new Error(`The fixture did not import: ${JSON.stringify(result).slice(0, 500)}`);
  const connector = await startConnector();
  const adapter = createAdapter({ MicrosoftAppType: 'MultiTenant' });
  const transport = createBotTransport(adapter, '');
  const people = await store.plans.listPeople(PLAN_ID);
  if (options.connectPeople !== false) {
    await Promise.all(people.map((p) => store.identities.merge(p.email, { conversation: conversationRef(connector.serviceUrl, p.id), reachable: true })));
  }
  return {
    store,
    connector,
    transport,
    people,
    tick: (at, extra = {}) =>
      runTick({
        store,
        transport,
        clock: fixedClock(at),
        config: { PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: 50 },
        planId: PLAN_ID,
        ...extra,
        sender: { ratePerSecond: options.rate ?? 50, baseBackoffMs: 200, sleep: fastSleep, ...extra.sender },
      }),
    close: () => connector.close(),
  };
}

/** Accepted sends (delivered messages) among connector records. */
export function delivered(connector: Connector, from = 0) {
  return connector.sent.slice(from).filter((r) => r.operation === 'send' && r.status >= 200 && r.status < 300);
}

/** The first TextBlock's text of the message's card. */
export function cardTitle(activity: unknown): string {
  const first = (items: unknown[] | undefined): string | undefined => {
    for (const item of items ?? []) {
      const el = item as { type?: string; text?: string; items?: unknown[] };
      if (el.type === 'TextBlock' && el.text) return el.text;
      const inner = first(el.items);
      if (inner) return inner;
    }
    return undefined;
  };
  const a = activity as { attachments?: Array<{ content?: { body?: unknown[] } }> };
  return first(a.attachments?.[0]?.content?.body) ?? '';
}

function walk(node: unknown, visit: (el: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

/** The section headings of a person's message, as a reader sees them. */
export function sectionHeadings(activity: unknown): string[] {
  const out: string[] = [];
  walk((activity as { attachments?: unknown }).attachments, (el) => {
    if (el.type === 'TextBlock' && el.style === 'heading') out.push(String(el.text));
  });
  return out;
}

/** The escalations a message offers to acknowledge, by id. */
export function acknowledgeable(activity: unknown): string[] {
  const out: string[] = [];
  walk((activity as { attachments?: unknown }).attachments, (el) => {
    if (el.verb === 'escalation.ack') out.push(String((el.data as { escalationId: string }).escalationId));
  });
  return out;
}
