/**
 * Making people reachable in Teams before anyone needs to hear from Plan Pulse: each person's
 * Entra object id resolved from their email (Graph, 15 addresses a request, which also brings
 * their given name for greetings), the app installed for them where it is missing (Graph), and
 * their personal chat opened through the Bot Connector with the tenant id. What was learnt is
 * kept on their identity; a refusal that means "cannot reach" is kept too, with its cause, so
 * the sender stops trying. Without Graph permissions it says so once and still opens chats for
 * people whose app is already installed.
 */
import type { Clock } from '../domain/clock';
import type { ConversationRef, Person } from '../domain/model';
import { GraphError, MAIL_FILTER_BATCH, TokenError, type GraphClient, type GraphUser } from '../graph/graphClient';
import type { Transport } from '../outbox/transport';
import { SendError } from '../outbox/transport';
import type { Identity } from '../storage/identityRepository';
import type { Store } from '../storage/store';
import { causeOfConnectorCode, LASTING_CAUSES, type Reachability, type UnreachableCause } from './reachability';

/** Bot Framework's public-cloud service URL, for chats no activity has named one for yet. */
export const PUBLIC_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export interface GraphAccess {
  client: GraphClient;
  /** The Teams app's manifest id (TEAMS_APP_ID). */
  teamsAppId: string;
}

export interface ReachDeps {
  store: Store;
  transport: Transport;
  clock: Clock;
  /** The council's tenant (MicrosoftAppTenantId). */
  tenantId?: string;
  /** Undefined when Graph is not configured: only people whose app is installed can be reached. */
  graph?: GraphAccess;
  /** Where to open chats; by default the service URL of a stored conversation. */
  serviceUrl?: string;
  /** Where to open chats when no stored conversation names a service URL (BOT_SERVICE_URL). */
  fallbackServiceUrl?: string;
  /** Email can be sent: someone who cannot be reached in Teams is reached by email instead. */
  mailEnabled?: boolean;
  /** Requests in flight at once (Graph's own pacing still holds). */
  concurrency?: number;
  logger?: { warn(obj: object, msg?: string): void };
}

/** What stopped Graph for the whole run: reported once, not once per person. */
export type GraphProblem = { cause: 'graphNotPermitted' | 'appNotInCatalog' | 'credentialsRefused' | 'serviceUnavailable' | 'notConfigured'; detail: string };

export interface ReachOutcome {
  results: Map<string, Reachability>;
  graphProblem?: GraphProblem;
  counts: { teams: number; email: number; unreachable: number; installed: number; created: number };
}

const emailAsked = (p: Person) => p.channel === 'email';

const tenantOfRef = (ref: ConversationRef | undefined): string | undefined =>
  ref?.tenantId ?? ((ref?.conversation as { tenantId?: unknown } | undefined)?.tenantId as string | undefined);

/** Runs `work` over `items` with at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * What the lookup that resolved a person says of them besides their object id: their given name,
 * for greetings in the messages they are sent before they ever talk to Plan Pulse. Teams' given
 * name for a member is the same directory attribute read through the roster, so neither source
 * outranks the other: the latest read is kept (a correction in the directory reaches whichever
 * reads it next), and an absent value never erases one already known.
 */
function learntFrom(user: GraphUser): Partial<Identity> {
  const givenName = user.givenName?.trim();
  return givenName ? { givenName } : {};
}

const isPermissionRefusal = (err: GraphError) =>
  err.status === 401 || (err.status === 403 && (err.code === 'Authorization_RequestDenied' || /permission|privilege|consent|role/i.test(err.message)));

/**
 * Makes each person reachable where it can and says how each one is reached. People already
 * reachable in Teams cost nothing; the rest cost one Graph request per 15 to resolve and one to
 * install the app. People go through in batches of 15, each batch resolved, installed and its
 * chats opened while the next ones are resolved, so Graph's rate is the only wait.
 */
export async function reachPeople(deps: ReachDeps, people: readonly Person[]): Promise<ReachOutcome> {
  const { store, transport, graph } = deps;
  const concurrency = deps.concurrency ?? 32;
  const results = new Map<string, Reachability>();
  const counts = { teams: 0, email: 0, unreachable: 0, installed: 0, created: 0 };
  let graphProblem: GraphProblem | undefined = graph ? undefined : { cause: 'notConfigured', detail: 'TEAMS_APP_ID and the bot’s credentials are needed to install the app for people' };
  // Learnt from the first stored conversation seen, else configured: where Teams has the tenant's chats.
  let serviceUrl = deps.serviceUrl;
  let tenantId = deps.tenantId;
  const chatServiceUrl = () => serviceUrl ?? deps.fallbackServiceUrl ?? PUBLIC_SERVICE_URL;

  const settle = async (person: Person, r: Reachability, change: Partial<Identity> = {}) => {
    results.set(person.id, r);
    if (r.channel === 'unreachable' && LASTING_CAUSES.has(r.cause)) {
      await store.identities.merge(person.email, { ...change, reachable: false, unreachableReason: r.detail ?? r.cause, unreachableCause: r.cause });
    } else if (Object.keys(change).length > 0) {
      await store.identities.merge(person.email, change);
    }
  };
  const notInTeams = async (person: Person, cause: UnreachableCause, detail?: string, change: Partial<Identity> = {}) =>
    settle(person, { channel: 'unreachable', cause, detail }, change);

  const graphFailed = (err: unknown): void => {
    if (!(err instanceof GraphError)) throw err;
    if (err instanceof TokenError) graphProblem ??= { cause: 'credentialsRefused', detail: err.message };
    else if (isPermissionRefusal(err)) graphProblem ??= { cause: 'graphNotPermitted', detail: err.message };
    else graphProblem ??= { cause: 'serviceUnavailable', detail: err.message };
  };

  // The app's catalog id, asked for once, when the first person needs an install.
  let catalog: Promise<string | undefined> | undefined;
  const catalogId = (access: GraphAccess) =>
    (catalog ??= access.client.catalogAppId(access.teamsAppId).then(
      (id) => {
        if (!id) graphProblem ??= { cause: 'appNotInCatalog', detail: `no app with manifest id ${access.teamsAppId} in the tenant's app catalog` };
        return id;
      },
      (err: unknown) => {
        graphFailed(err);
        return undefined;
      },
    ));

  const openChat = async (person: Person, aadObjectId: string): Promise<ConversationRef | UnreachableCause> => {
    if (!tenantId) return 'serviceUnavailable';
    try {
      return await transport.createPersonalConversation({ serviceUrl: chatServiceUrl(), tenantId, aadObjectId });
    } catch (err) {
      if (!(err instanceof SendError)) throw err;
      const cause = causeOfConnectorCode(err.code);
      if (cause === 'blockedByUser' || cause === 'appBlocked') return cause;
      if (err.status === 403 || err.status === 404) return 'notInstalled';
      deps.logger?.warn({ person: person.id, status: err.status, code: err.code }, 'personal chat not opened');
      return 'serviceUnavailable';
    }
  };

  /** Installs the app where missing and opens the person's chat. */
  const reachOne = async (person: Person, aadObjectId: string, learnt: Partial<Identity>): Promise<void> => {
    let installed = false;
    const id = graph && !graphProblem ? await catalogId(graph) : undefined;
    if (graph && id && !graphProblem) {
      try {
        installed = (await graph.client.installForUser(aadObjectId, id)) === 'installed';
        if (installed) counts.installed++;
      } catch (err) {
        if (!(err instanceof GraphError)) throw err;
        if (err.status === 404) return notInTeams(person, 'notInDirectory', person.email);
        if (err.status === 403 && !isPermissionRefusal(err)) return notInTeams(person, 'appBlocked', undefined, { ...learnt, aadObjectId });
        graphFailed(err);
      }
    }
    const chat = await openChat(person, aadObjectId);
    if (typeof chat === 'string') {
      const cause = chat === 'notInstalled' && graphProblem && graphProblem.cause !== 'notConfigured' ? graphProblem.cause : chat;
      return notInTeams(person, cause, undefined, { ...learnt, aadObjectId });
    }
    counts.created++;
    await settle(person, { channel: 'teams', how: installed ? 'installed' : 'created' }, {
      ...learnt,
      aadObjectId,
      conversation: chat,
      reachable: true,
      unreachableReason: undefined,
      unreachableCause: undefined,
    });
  };

  /** One batch: what is known of each, one Graph lookup for the unknown, then each reached. */
  const reachBatch = async (batch: readonly Person[]): Promise<void> => {
    const identities = await Promise.all(batch.map((p) => store.identities.get(p.email)));
    const toResolve: Person[] = [];
    const work: Array<[Person, string, Partial<Identity>]> = [];
    batch.forEach((person, i) => {
      const identity = identities[i];
      if (identity?.conversation) {
        serviceUrl ??= identity.conversation.serviceUrl;
        tenantId ??= tenantOfRef(identity.conversation);
      }
      const known = identity?.aadObjectId ?? person.aadObjectId;
      if (emailAsked(person)) results.set(person.id, { channel: 'email', reason: 'asked' });
      else if (identity?.conversation && identity.reachable !== false) results.set(person.id, { channel: 'teams', how: 'known' });
      else if (known) work.push([person, known, {}]);
      else if (!person.email) results.set(person.id, { channel: 'unreachable', cause: 'noAddress' });
      else toResolve.push(person);
    });
    const notFound: Person[] = [];
    if (graph && !graphProblem && toResolve.length > 0) {
      try {
        const found = await graph.client.usersByMail(toResolve.map((p) => p.email));
        const byMail = new Map(found.filter((u) => u.mail).map((u) => [u.mail!.toLowerCase(), u]));
        for (const p of toResolve) {
          const user = byMail.get(p.email.toLowerCase());
          if (user) work.push([p, user.id, learntFrom(user)]);
          else notFound.push(p);
        }
      } catch (err) {
        graphFailed(err);
      }
    }
    // An address that is no one's mail may still be their sign-in name.
    for (const person of notFound) {
      if (graphProblem) break;
      try {
        const user = await graph!.client.user(person.email);
        if (user) work.push([person, user.id, learntFrom(user)]);
        else await notInTeams(person, 'notInDirectory', person.email);
      } catch (err) {
        graphFailed(err);
      }
    }
    const resolved = new Set(work.map(([p]) => p.id));
    for (const person of toResolve) {
      if (!resolved.has(person.id) && !results.has(person.id)) {
        await notInTeams(person, graphProblem?.cause === 'notConfigured' ? 'notInstalled' : (graphProblem?.cause ?? 'serviceUnavailable'));
      }
    }
    await Promise.all(work.map(([person, aad, learnt]) => reachOne(person, aad, learnt)));
  };

  const batches: Person[][] = [];
  for (let i = 0; i < people.length; i += MAIL_FILTER_BATCH) batches.push(people.slice(i, i + MAIL_FILTER_BATCH));
  // Enough batches in flight to keep Graph's rate busy while chats open and identities are written.
  await eachLimited(batches, Math.max(1, Math.ceil(concurrency / 4)), reachBatch);

  if (deps.mailEnabled) {
    // The same rule the scheduler's deliveries follow: not in Teams, and not held to Teams, means email.
    for (const person of people) {
      const r = results.get(person.id);
      if (r?.channel === 'unreachable' && person.email && person.channel !== 'teams') results.set(person.id, { channel: 'email', reason: 'notInTeams', cause: r.cause });
    }
  }
  for (const r of results.values()) counts[r.channel]++;
  return { results, graphProblem, counts };
}
