/**
 * Reaching people as configured: Microsoft Graph with the bot's own app registration (its
 * secret, or its managed identity) when TEAMS_APP_ID and the credentials are set, and the hook
 * the scheduler runs before a cycle opens. Without them, reaching still opens chats for
 * people whose app is already installed.
 */
import type { Config } from '../config/config';
import type { Clock } from '../domain/clock';
import { clientSecretTokens, GraphClient, managedIdentityTokens, type TokenSource } from '../graph/graphClient';
import type { Transport } from '../outbox/transport';
import type { Store } from '../storage/store';
import type { TickReach } from '../scheduler/context';
import { reachPeople, type GraphAccess } from './reach';

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

/**
 * The scheduler's reach: before a cycle opens, the people it will ask; for the sender, the app
 * reinstalled for a person whose chat is gone. A Graph refusal is logged once per process and
 * never stops a tick: prompts to people who cannot be reached simply wait.
 */
export function tickReach(deps: {
  store: Store;
  transport: Transport;
  clock: Clock;
  config: GraphConfig;
  logger?: { warn(obj: object, msg?: string): void };
}): TickReach | undefined {
  const access = graphAccessFromConfig(deps.config);
  // Without Graph the sender opens chats as it always has, when someone needs one.
  if (!('client' in access)) return undefined;
  const graph = access;
  let told = false;
  let catalogId: Promise<string | undefined> | undefined;
  const problem = (obj: object, msg: string) => {
    if (told) return;
    told = true;
    deps.logger?.warn(obj, msg);
  };
  return {
    async beforeCycle(planId, people) {
      try {
        const outcome = await reachPeople(
          {
            store: deps.store,
            transport: deps.transport,
            clock: deps.clock,
            graph,
            // The plan's own tenant, where it has one on record.
            tenantId: (await deps.store.plans.getPlan(planId))?.tenantId ?? deps.config.MicrosoftAppTenantId,
            fallbackServiceUrl: deps.config.BOT_SERVICE_URL,
            logger: deps.logger,
          },
          people,
        );
        if (outcome.graphProblem && outcome.graphProblem.cause !== 'notConfigured') {
          problem({ planId, cause: outcome.graphProblem.cause, detail: outcome.graphProblem.detail }, 'people could not all be reached through Microsoft Graph');
        }
      } catch (err) {
        problem({ planId, err: err instanceof Error ? err.message : String(err) }, 'reaching people before the cycle failed');
      }
    },
    async reinstall(aadObjectId) {
      try {
        catalogId ??= graph.client.catalogAppId(graph.teamsAppId);
        const id = await catalogId;
        if (!id) return false;
        await graph.client.installForUser(aadObjectId, id);
        return true;
      } catch (err) {
        catalogId = undefined;
        problem({ err: err instanceof Error ? err.message : String(err) }, 'the app could not be reinstalled through Microsoft Graph');
        return false;
      }
    },
  };
}
