/**
 * A tenant for reaching people: the bot running on the Plymouth fixture, the Bot Connector
 * stand-in delivering Teams' events to it (personal chats only with people who have the app),
 * and the Microsoft Graph stand-in knowing every person of the plan but those outside the
 * council's directory.
 */
import { loadConfig, type Config } from '../../src/config/config';
import { createBotTransport } from '../../bot/proactive/botTransport';
import type { Transport } from '../../src/outbox/transport';
import type { CliContext } from '../../src/cli/context';
import { startTestBot, PLAN_ID, TENANT_ID, type TestBot } from '../support/botHarness';
import { startGraph, type GraphStandIn } from '../support/graph';

export const APP_ID = '0b5e2c71-3f7a-4d2e-9c1b-6a8d4e2f1a30';
export const TEAMS_APP_ID = 'c6f1a2b3-4d5e-4f60-8a7b-9c0d1e2f3a4b';
export const SECRET = 'stand-in-secret';
/** People of the fixture who work outside the council's tenant. */
export const OUTSIDE = ['hp@plymouth.example'];

export interface Tenant {
  bot: TestBot;
  graph: GraphStandIn;
  transport: Transport;
  config: Config;
  cli(): { ctx: CliContext; out: () => string; err: () => string };
  close(): Promise<void>;
}

export interface TenantOptions {
  now?: string;
  ratePerSecond?: number;
  /** Given names the directory holds, by email; everyone else has none (as role accounts often do). */
  givenNames?: Record<string, string>;
}

export async function startTenant(options: TenantOptions = {}): Promise<Tenant> {
  const bot = await startTestBot({ now: options.now ?? '2023-11-20T10:00:00Z' });
  bot.connector.connectBot(bot.url);
  bot.connector.requireInstallation(true);
  const graph = await startGraph({ tenantId: TENANT_ID, clientId: APP_ID, clientSecret: SECRET, connector: bot.connector, ratePerSecond: options.ratePerSecond });
  graph.publishApp(TEAMS_APP_ID);
  for (const person of await bot.store.plans.listPeople(PLAN_ID)) {
    if (!OUTSIDE.includes(person.email)) graph.addUser({ userPrincipalName: person.email, displayName: person.name, givenName: options.givenNames?.[person.email] });
  }
  const config = loadConfig({
    GRAPH_URL: graph.url,
    GRAPH_AUTHORITY_HOST: graph.authorityHost,
    TEAMS_APP_ID,
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: SECRET,
    MicrosoftAppTenantId: TENANT_ID,
    BOT_SERVICE_URL: bot.connector.serviceUrl,
    LOG_LEVEL: 'silent',
  });
  // The bot's adapter runs with auth off against the stand-in; Graph gets the app's credentials.
  const transport = createBotTransport(bot.running.adapter, '');
  return {
    bot,
    graph,
    transport,
    config,
    cli() {
      const out: string[] = [];
      const err: string[] = [];
      const ctx: CliContext = {
        stdout: (t) => void out.push(t),
        stderr: (t) => void err.push(t),
        config,
        clock: bot.clock,
        store: async () => bot.store,
        transport: () => transport,
      };
      return { ctx, out: () => out.join(''), err: () => err.join('') };
    },
    async close() {
      await graph.close();
      await bot.close();
    },
  };
}

/** `planpulse reach` output as { email → [channel, why] }. */
export function reachLines(out: string): Map<string, string[]> {
  return new Map(
    out
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => {
        const [who, ...rest] = l.split('\t');
        return [who!, rest];
      }),
  );
}
