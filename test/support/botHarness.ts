/**
 * A running Plan Pulse for tests: the real server in-process on an ephemeral port, a fresh
 * Azurite-backed store with the Plymouth fixture imported, the Bot Connector stand-in as
 * every conversation's serviceUrl, and a fixed clock. Users are Teams members the
 * stand-in's member API knows.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import';
import { createLogger } from '../../src/logging/logger';
import type { Store } from '../../src/storage/store';
import { startPlanPulse, type RunningPlanPulse, type StartOptions } from '../../app/runtime';
import { startConnector, type Connector } from './connector';
import { adaptiveCardInvoke, installationUpdate, membersAdded, personalMessage, postActivity } from './activities';
import { makeTestStore } from './store';

export const FIXTURE = path.join(__dirname, '../../fixtures/plymouth-2023');
export const PLAN_ID = 'plymouth-2023';
export const TENANT_ID = '72f988bf-0000-4000-8000-000000000001';

export interface TestUser {
  email: string;
  name: string;
  id: string;
  aadObjectId: string;
  tenantId: string;
  conversationId: string;
}

export interface InvokeResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestBot {
  url: string;
  store: Store;
  connector: Connector;
  clock: ReturnType<typeof fixedClock>;
  running: RunningPlanPulse;
  /** A Teams member; `givenName` is what Teams gives as their given name (none when absent). */
  user(email: string, name?: string, givenName?: string): TestUser;
  install(user: TestUser): Promise<void>;
  uninstall(user: TestUser): Promise<void>;
  say(user: TestUser, text: string, options?: { id?: string }): Promise<void>;
  invoke(user: TestUser, verb: string, data: Record<string, unknown>): Promise<InvokeResult>;
  cardsTo(user: TestUser): Record<string, unknown>[];
  lastCardTo(user: TestUser): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const stableId = (prefix: string, seed: string) => `${prefix}${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;

function guidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function startTestBot(
  options: { now?: string; env?: Record<string, string>; importFixture?: boolean } & Partial<Pick<StartOptions, 'extensions' | 'startBackground' | 'logger'>> = {},
): Promise<TestBot> {
  const clock = fixedClock(options.now ?? '2023-11-20T10:00:00Z');
  const store = await makeTestStore();
  if (options.importFixture !== false) {
    const result = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', planId: PLAN_ID, clock });
    if (!result.ok) throw new Error(`The fixture did not import: ${JSON.stringify(result.problems.slice(0, 3))}`);
  }
  const connector = await startConnector();
  const config = loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'off', LOG_LEVEL: 'silent', ...options.env });
  const running = await startPlanPulse({
    config,
    clock,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    opened: { store, description: 'test store', close: async () => {} },
    extensions: options.extensions,
    startBackground: options.startBackground,
  });
  const users = new Map<string, TestUser>();
  let seq = 0;

  const user = (email: string, name = email, givenName?: string): TestUser => {
    const key = email.toLowerCase();
    let u = users.get(key);
    if (!u) {
      u = {
        email,
        name,
        id: stableId('29:', key),
        aadObjectId: guidOf(key),
        tenantId: TENANT_ID,
        conversationId: stableId('a:1', key),
      };
      users.set(key, u);
      connector.addMember('*', { id: u.id, name, aadObjectId: u.aadObjectId, email, userPrincipalName: email, tenantId: TENANT_ID, ...(givenName ? { givenName } : {}) });
    }
    return u;
  };

  const base = (u: TestUser) => ({
    serviceUrl: connector.serviceUrl,
    user: { id: u.id, aadObjectId: u.aadObjectId, name: u.name },
    tenantId: u.tenantId,
    conversationId: u.conversationId,
  });

  const post = async (activity: Record<string, unknown>): Promise<InvokeResult> => {
    const res = await postActivity(running.url, activity);
    return { status: res.status, body: res.body };
  };

  const expectOk = (what: string, res: InvokeResult) => {
    if (res.status >= 300) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };

  return {
    url: running.url,
    store,
    connector,
    clock,
    running,
    user,
    async install(u) {
      expectOk('install', await post(membersAdded({ ...base(u) })));
    },
    async uninstall(u) {
      expectOk('uninstall', await post(installationUpdate({ ...base(u), action: 'remove' })));
    },
    async say(u, text, opts = {}) {
      expectOk(`"${text}"`, await post(personalMessage({ ...base(u), text, id: opts.id ?? `m${++seq}` })));
    },
    async invoke(u, verb, data) {
      return post(adaptiveCardInvoke({ ...base(u), verb, data }));
    },
    cardsTo(u) {
      return connector.cardsTo(u.conversationId);
    },
    async lastCardTo(u) {
      const cards = connector.cardsTo(u.conversationId);
      const last = cards[cards.length - 1];
      if (!last) throw new Error(`No card reached ${u.email}; the stand-in received: ${JSON.stringify(connector.activitiesTo(u.conversationId)).slice(0, 500)}`);
      return last;
    },
    async close() {
      await running.close();
      await connector.close();
    },
  };
}
