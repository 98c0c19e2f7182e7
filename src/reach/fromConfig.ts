/**
 * Reaching people as configured: Microsoft Graph with the bot's own app registration (its
 * secret, or its managed identity) when TEAMS_APP_ID and the credentials are set, and the hook
 * the scheduler runs before a cycle opens. Without them, reaching still opens chats for
 * people whose app is already installed.
 */
import type { Config } from '../config/config';
import type { Clock } from '../domain/clock';
import type { Person } from '../domain/model';
import { clientSecretTokens, GraphClient, managedIdentityTokens, type TokenSource } from '../graph/graphClient';
import type { Transport } from '../outbox/transport';
import type { Store } from '../storage/store';
import { reachPeople, type GraphAccess, type ReachOutcome } from './reach';

export type GraphConfig = Pick<
  Config,
  'GRAPH_URL' | 'GRAPH_AUTHORITY_HOST' | 'PLANPULSE_GRAPH_RATE' | 'TEAMS_APP_ID' | 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppTenantId' | 'MicrosoftAppType' | 'BOT_SERVICE_URL'
>;

/** Graph as configured, or what is missing for it. */
export function graphAccessFromConfig(config: GraphConfig, options: { fetch?: typeof fetch } = {}): GraphAccess | { missing: string } {
  const missing = [
    !config.TEAMS_APP_ID && 'TEAMS_APP_ID',
    !config.MicrosoftAppId && 'MicrosoftAppId',
    !config.MicrosoftAppTenantId && 'MicrosoftAppTenantId',
  ].filter((m): m is string => !!m);
  if (missing.length > 0) return { missing: missing.join(', ') };
  let tokens: TokenSource;
  if (config.MicrosoftAppType === 'UserAssignedMSI') tokens = managedIdentityTokens(config.MicrosoftAppId!);
  else if (config.MicrosoftAppPassword) {
    tokens = clientSecretTokens({
      authorityHost: config.GRAPH_AUTHORITY_HOST,
      tenantId: config.MicrosoftAppTenantId!,
      clientId: config.MicrosoftAppId!,
      clientSecret: config.MicrosoftAppPassword,
      fetch: options.fetch,
    });
  } else return { missing: 'MicrosoftAppPassword' };
  return {
    client: new GraphClient({ baseUrl: config.GRAPH_URL, tokens, ratePerSecond: config.PLANPULSE_GRAPH_RATE, fetch: options.fetch }),
    teamsAppId: config.TEAMS_APP_ID!,
  };
}

/** What the scheduler calls before a cycle opens, with the people it is about to ask. */
export type ReachHook = (planId: string, people: Person[]) => Promise<ReachOutcome>;

export function reachHook(deps: { store: Store; transport: Transport; clock: Clock; config: GraphConfig; logger?: { warn(obj: object, msg?: string): void } }): ReachHook {
  const access = graphAccessFromConfig(deps.config);
  const graph = 'client' in access ? access : undefined;
  let told = false;
  return async (planId, people) => {
    const outcome = await reachPeople(
      { store: deps.store, transport: deps.transport, clock: deps.clock, graph, tenantId: deps.config.MicrosoftAppTenantId, fallbackServiceUrl: deps.config.BOT_SERVICE_URL, logger: deps.logger },
      people,
    );
    // A missing permission is said once per process, not once per cycle.
    if (outcome.graphProblem && outcome.graphProblem.cause !== 'notConfigured' && !told) {
      told = true;
      deps.logger?.warn({ planId, cause: outcome.graphProblem.cause, detail: outcome.graphProblem.detail }, 'people could not all be reached through Microsoft Graph');
    }
    return outcome;
  };
}
