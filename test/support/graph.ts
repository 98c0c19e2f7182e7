/**
 * A local Microsoft Graph stand-in: a real HTTP server on loopback speaking the parts of Graph v1.0
 * that Plan Pulse uses to reach people, in Graph's documented request and response shapes, with
 * the identity platform's client-credentials token endpoint beside it.
 *
 * - `POST /{tenant}/oauth2/v2.0/token` (form: client_id, client_secret, scope, grant_type=client_credentials)
 * - `GET /v1.0/users/{id | userPrincipalName}`; `GET /v1.0/users?$filter=mail eq '…'` (or `mail in ('…', …)`, at most 15);
 *   both honour `$select` as Graph does: only the properties it names, 400 for one the user resource lacks
 * - `GET /v1.0/appCatalogs/teamsApps?$filter=externalId eq '…'`
 * - `POST /v1.0/users/{id}/teamwork/installedApps` with `{"teamsApp@odata.bind": ".../appCatalogs/teamsApps/{id}"}`: 201, 409 when installed
 * - `GET /v1.0/users/{id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '…'`
 * - `GET /v1.0/users/{id}/teamwork/installedApps/{installationId}/chat`
 *
 * Like Graph it answers 401 without a valid token, 403 when the app lacks the permission a route
 * needs (consent not granted), 404 for unknown users, 429 with Retry-After above the per-app rate
 * (20 requests a second unless told), and 5xx or slowness on demand. Installing the app for a
 * user makes the Bot Connector stand-in deliver Teams' install events to the bot, as Teams does.
 */
import { randomUUID, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connector } from './connector';
import { SlidingWindows } from './connector/slidingWindows';

export const GRAPH_PERMISSIONS = ['User.ReadBasic.All', 'AppCatalog.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All'] as const;
export type GraphPermission = (typeof GRAPH_PERMISSIONS)[number];

export interface GraphUserInput {
  /** Entra object id; derived from the UPN when left out. */
  id?: string;
  userPrincipalName: string;
  mail?: string | null;
  displayName: string;
  /** The directory's given name; none (null) unless set, as for the role accounts councils use. */
  givenName?: string | null;
  /** The Teams user id ('29:…') the connector stand-in knows the user by. */
  teamsUserId?: string;
}

export interface GraphUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string;
  givenName: string | null;
  teamsUserId: string;
}

export type GraphFault =
  | { status: 429; retryAfterSeconds?: number }
  | { status: 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  | { status: 403; code?: string; message?: string }
  | { delayMs: number };

export interface GraphRequestRecord {
  seq: number;
  method: string;
  path: string;
  query: string;
  status: number;
  receivedAt: Date;
}

export interface GraphOptions {
  tenantId: string;
  /** The bot's app registration: the only client the token endpoint accepts. */
  clientId: string;
  clientSecret: string;
  /** Requests a second per app before 429; 0 turns throttling off. Default 20. */
  ratePerSecond?: number;
  /** Application permissions with admin consent. Default: all that Plan Pulse asks for. */
  granted?: readonly GraphPermission[];
  /** Receives Teams' install events when the app is installed for a user. */
  connector?: Connector;
}

export interface GraphStandIn {
  /** The Graph base URL, e.g. http://127.0.0.1:PORT/v1.0 (GRAPH_URL). */
  readonly url: string;
  /** The identity platform's base URL (the token endpoint is below it). */
  readonly authorityHost: string;
  readonly requests: readonly GraphRequestRecord[];
  addUser(user: GraphUserInput): GraphUser;
  user(idOrUpn: string): GraphUser | undefined;
  /** Publishes an app to the org catalog; returns its catalog id. */
  publishApp(externalId: string, displayName?: string): string;
  /** Whether the app with this catalog id is installed for the user. */
  isInstalled(userId: string, catalogId?: string): boolean;
  /** The app is already installed for the user (an app setup policy did it): no events now. */
  preinstall(userId: string): void;
  /** Removes an installation (the user uninstalled the app). */
  uninstall(userId: string): void;
  /** The user's tenant admin blocks the app: installing answers 403. */
  blockApp(blocked: boolean): void;
  grant(permissions: readonly GraphPermission[]): void;
  failNext(n: number, fault: GraphFault, scope?: { pathIncludes?: string }): void;
  setLatency(ms: number): void;
  /** Waits until every install event started so far has reached the bot. */
  settled(): Promise<void>;
  stats(): { requests: number; throttled: number; byStatus: Record<number, number>; maxPerSecond: number };
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

function guidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-9${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers,
    body: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } },
  };
}

const notFound = (what: string) =>
  graphError(404, 'Request_ResourceNotFound', `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`);

/** The values of `field eq 'v'` or `field in ('a', 'b')` in an OData filter, or undefined. */
export function filterValues(filter: string, field: string): string[] | undefined {
  const escaped = field.replace(/[/.]/g, (c) => `\\${c}`);
  const eq = new RegExp(`^\\s*${escaped}\\s+eq\\s+'((?:[^']|'')*)'\\s*$`, 'i').exec(filter);
  if (eq) return [eq[1]!.replace(/''/g, "'")];
  const inList = new RegExp(`^\\s*${escaped}\\s+in\\s+\\((.*)\\)\\s*$`, 'i').exec(filter);
  if (!inList) return undefined;
  const values = [...inList[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
  return values;
}

export async function startGraph(options: GraphOptions): Promise<GraphStandIn> {
  const rate = options.ratePerSecond ?? 20;
  const users = new Map<string, GraphUser>();
  const byUpn = new Map<string, GraphUser>();
  const apps = new Map<string, { id: string; externalId: string; displayName: string }>();
  /** user id → catalog id → installation id */
  const installs = new Map<string, Map<string, string>>();
  const tokens = new Map<string, number>();
  let granted = new Set<GraphPermission>(options.granted ?? GRAPH_PERMISSIONS);
  let appBlocked = false;
  let latencyMs = 0;
  let faults: { remaining: number; fault: GraphFault; pathIncludes?: string }[] = [];
  const requests: GraphRequestRecord[] = [];
  const window = new SlidingWindows(rate > 0 ? [[rate, 1000]] : []);
  const acceptedTimes: number[] = [];
  let throttled = 0;
  let seq = 0;
  let lastNow = 0;
  const events = new Set<Promise<void>>();
  const now = () => (lastNow = Math.max(lastNow, Date.now()));

  const requirePermission = (permission: GraphPermission, alternatives: string): Answer | undefined => {
    if (granted.has(permission)) return undefined;
    if (permission === 'User.ReadBasic.All') return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    return graphError(403, 'Forbidden', `Missing role permissions on the request. API requires one of '${alternatives}'. Roles on the request '${[...granted].join(', ')}'.`);
  };

  /** A user's default properties, as Graph returns them without `$select`. */
  const userJson = (u: GraphUser): Record<string, unknown> => ({
    businessPhones: [],
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: null,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-GB',
    surname: null,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
  });
  /** Properties of the user resource beyond the default set that `$select` may still name. */
  const MORE_USER_PROPERTIES = ['accountEnabled', 'department', 'employeeId', 'companyName', 'country', 'city', 'userType', 'createdDateTime', 'onPremisesSyncEnabled'];

  /**
   * `$select` as Graph applies it: only the properties named (matched without regard to case),
   * the context naming them; a name the user resource lacks is a 400.
   */
  const selectOf = (query: URLSearchParams): { names: string[] | undefined } | Answer => {
    const raw = query.get('$select');
    if (raw === null) return { names: undefined };
    const known = [...Object.keys(userJson({ id: '', userPrincipalName: '', mail: null, displayName: '', givenName: null, teamsUserId: '' })), ...MORE_USER_PROPERTIES];
    const names: string[] = [];
    for (const asked of raw.split(',').map((n) => n.trim()).filter(Boolean)) {
      const name = known.find((k) => k.toLowerCase() === asked.toLowerCase());
      if (!name) return graphError(400, 'Request_BadRequest', `Could not find a property named '${asked}' on type 'Microsoft.DirectoryServices.User'.`);
      names.push(name);
    }
    return { names };
  };
  const selected = (u: GraphUser, names: string[] | undefined): Record<string, unknown> => {
    const all = userJson(u);
    return names ? Object.fromEntries(names.map((n) => [n, all[n] ?? null])) : all;
  };
  const contextOf = (names: string[] | undefined) => `https://graph.microsoft.com/v1.0/$metadata#users${names ? `(${names.join(',')})` : ''}`;

  const findUser = (key: string) => users.get(key) ?? byUpn.get(key.toLowerCase());

  const token = async (req: IncomingMessage, raw: string, tenant: string): Promise<Answer> => {
    const form = new URLSearchParams(raw);
    if (tenant !== options.tenantId && tenant !== 'organizations') {
      return { status: 400, body: { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${tenant}' not found.` } };
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'AADSTS70003: The app requested an unsupported grant type.' } };
    }
    if (form.get('client_id') !== options.clientId) {
      return { status: 400, body: { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.` } };
    }
    if (form.get('client_secret') !== options.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
    }
    if (form.get('scope') !== 'https://graph.microsoft.com/.default') {
      return { status: 400, body: { error: 'invalid_scope', error_description: `AADSTS1002012: The provided value for scope ${form.get('scope')} is not valid.` } };
    }
    void req;
    const accessToken = `eyJ0eXAiOiJKV1Qi.${randomUUID()}.stand-in`;
    tokens.set(accessToken, Date.now() + 3599_000);
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken } };
  };

  const install = (user: GraphUser, catalogId: string): Answer => {
    let mine = installs.get(user.id);
    if (mine?.has(catalogId)) return graphError(409, 'Conflict', 'App is already installed for this user.');
    if (appBlocked) return graphError(403, 'Forbidden', 'The app is blocked by the tenant administrator’s app permission policy.');
    if (!mine) installs.set(user.id, (mine = new Map()));
    const installationId = Buffer.from(`${user.id}##${catalogId}`).toString('base64url');
    mine.set(catalogId, installationId);
    if (options.connector) {
      const connector = options.connector;
      const delivery = connector
        .deliverInstall({ id: user.teamsUserId, aadObjectId: user.id, name: user.displayName, tenantId: options.tenantId })
        .catch(() => undefined)
        .finally(() => events.delete(delivery));
      events.add(delivery);
    }
    return { status: 201 };
  };

  const route = async (method: string, segments: string[], query: URLSearchParams, body: Record<string, unknown>): Promise<Answer> => {
    const [root, id, sub, sub2, sub3, sub4] = segments;
    if (root === 'users' && method === 'GET' && id === undefined) {
      const denied = requirePermission('User.ReadBasic.All', 'User.ReadBasic.All, User.Read.All');
      if (denied) return denied;
      const filter = query.get('$filter');
      const mails = filter ? filterValues(filter, 'mail') : undefined;
      if (!filter || !mails) return graphError(400, 'Request_UnsupportedQuery', `Unsupported query: ${filter ?? '(no filter)'}.`);
      if (mails.length > 15) return graphError(400, 'Request_UnsupportedQuery', 'Too many child clauses specified in search filter expression containing \'OR\' operators: 16. Max allowed: 15.');
      const select = selectOf(query);
      if ('status' in select) return select;
      const wanted = new Set(mails.map((m) => m.toLowerCase()));
      const value = [...users.values()].filter((u) => u.mail && wanted.has(u.mail.toLowerCase())).map((u) => selected(u, select.names));
      return { status: 200, body: { '@odata.context': contextOf(select.names), value } };
    }
    if (root === 'users' && id !== undefined) {
      if (sub === undefined && method === 'GET') {
        const denied = requirePermission('User.ReadBasic.All', 'User.ReadBasic.All, User.Read.All');
        if (denied) return denied;
        const select = selectOf(query);
        if ('status' in select) return select;
        const user = findUser(id);
        return user ? { status: 200, body: { '@odata.context': `${contextOf(select.names)}/$entity`, ...selected(user, select.names) } } : notFound(id);
      }
      if (sub === 'teamwork' && sub2 === 'installedApps') {
        const denied = requirePermission(
          'TeamsAppInstallation.ReadWriteSelfForUser.All',
          'TeamsAppInstallation.ReadWriteSelfForUser.All, TeamsAppInstallation.ReadWriteForUser.All',
        );
        if (denied) return denied;
        const user = users.get(id);
        if (!user) return notFound(id);
        if (sub3 === undefined && method === 'POST') {
          const bind = body['teamsApp@odata.bind'];
          const catalogId = typeof bind === 'string' ? /\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1] : undefined;
          if (!catalogId) return graphError(400, 'BadRequest', 'The teamsApp@odata.bind property is required.');
          if (!apps.has(catalogId)) return notFound(catalogId);
          return install(user, catalogId);
        }
        if (sub3 === undefined && method === 'GET') {
          const filter = query.get('$filter');
          const wanted = filter ? filterValues(filter, 'teamsApp/id') : undefined;
          const expand = query.get('$expand') === 'teamsApp';
          const value = [...(installs.get(user.id) ?? new Map<string, string>()).entries()]
            .filter(([catalogId]) => !wanted || wanted.includes(catalogId))
            .map(([catalogId, installationId]) => ({ id: installationId, ...(expand ? { teamsApp: { ...apps.get(catalogId), distributionMethod: 'organization' } } : {}) }));
          return { status: 200, body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/teamwork/installedApps`, value } };
        }
        if (sub3 !== undefined && sub4 === 'chat' && method === 'GET') {
          const found = [...(installs.get(user.id) ?? new Map<string, string>()).values()].includes(sub3);
          if (!found) return notFound(sub3);
          const chatId = options.connector ? options.connector.personalConversationIdOf(options.tenantId, user.teamsUserId) : `19:${user.id}_${options.clientId}@unq.gbl.spaces`;
          return {
            status: 200,
            body: {
              '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#chats/$entity`,
              id: chatId,
              topic: null,
              createdDateTime: new Date().toISOString(),
              lastUpdatedDateTime: new Date().toISOString(),
              chatType: 'oneOnOne',
              webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(chatId)}/0?tenantId=${options.tenantId}`,
              tenantId: options.tenantId,
            },
          };
        }
        if (sub3 !== undefined && sub4 === undefined && method === 'DELETE') {
          for (const [catalogId, installationId] of installs.get(user.id) ?? []) {
            if (installationId === sub3) {
              installs.get(user.id)!.delete(catalogId);
              return { status: 204 };
            }
          }
          return notFound(sub3);
        }
      }
    }
    if (root === 'appCatalogs' && id === 'teamsApps' && sub === undefined && method === 'GET') {
      const denied = requirePermission('AppCatalog.Read.All', 'AppCatalog.Read.All, AppCatalog.ReadWrite.All');
      if (denied) return denied;
      const filter = query.get('$filter');
      const wanted = filter ? filterValues(filter, 'externalId') : undefined;
      const value = [...apps.values()].filter((a) => !wanted || wanted.includes(a.externalId)).map((a) => ({ ...a, distributionMethod: 'organization' }));
      return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#appCatalogs/teamsApps', value } };
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${segments[0] ?? ''}'.`);
  };

  const takeFault = (path: string): GraphFault | undefined => {
    const index = faults.findIndex((f) => !f.pathIncludes || path.includes(f.pathIncludes));
    if (index < 0) return undefined;
    const f = faults[index]!;
    f.remaining -= 1;
    if (f.remaining <= 0) faults.splice(index, 1);
    return f.fault;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const record: GraphRequestRecord = { seq: ++seq, method, path: url.pathname, query: url.search, status: 0, receivedAt: new Date() };
    requests.push(record);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const send = (a: Answer) => {
      record.status = a.status;
      const payload = a.body === undefined ? '' : JSON.stringify(a.body);
      res.writeHead(a.status, { ...(a.headers ?? {}), ...(payload ? { 'content-type': 'application/json; odata.metadata=minimal; charset=utf-8' } : {}), 'request-id': randomUUID() });
      res.end(payload);
    };
    if (latencyMs > 0) await sleep(latencyMs);

    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (tokenPath && method === 'POST') return send(await token(req, raw, decodeURIComponent(tokenPath[1]!)));

    const segments = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    if (segments[0] !== 'v1.0') return send(graphError(400, 'BadRequest', 'Invalid version.'));
    const auth = req.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
    if (!bearer) return send(graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'));
    const expires = tokens.get(bearer);
    if (!expires || expires < Date.now()) return send(graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'));

    let fault = takeFault(url.pathname);
    if (fault && 'delayMs' in fault) {
      await sleep(fault.delayMs);
      fault = undefined;
    }
    if (fault && 'status' in fault && fault.status === 429) {
      throttled++;
      return send(graphError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(fault.retryAfterSeconds ?? 1) }));
    }
    // Graph counts every request an app makes against its limit, throttled ones excepted.
    const at = now();
    const verdict = window.check('app', at);
    if (!verdict.allowed) {
      throttled++;
      return send(graphError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))) }));
    }
    window.record('app', at);
    acceptedTimes.push(at);
    if (fault) {
      if (fault.status === 403) return send(graphError(403, fault.code ?? 'Forbidden', fault.message ?? 'Forbidden.'));
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      const code = fault.status === 503 ? 'serviceNotAvailable' : fault.status === 504 ? 'gatewayTimeout' : 'generalException';
      return send(graphError(fault.status, code, 'The service is temporarily unable to answer.', headers));
    }
    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return send(graphError(400, 'BadRequest', 'Unable to read JSON request payload.'));
      }
    }
    send(await route(method, segments.slice(1), url.searchParams, body));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'generalException', message: `The Graph stand-in failed: ${String(err)}` } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const graph: GraphStandIn = {
    url: `http://127.0.0.1:${port}/v1.0`,
    authorityHost: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    addUser(input) {
      const user: GraphUser = {
        id: input.id ?? guidOf(`user\n${input.userPrincipalName.toLowerCase()}`),
        userPrincipalName: input.userPrincipalName,
        mail: input.mail === undefined ? input.userPrincipalName : input.mail,
        displayName: input.displayName,
        givenName: input.givenName ?? null,
        teamsUserId: input.teamsUserId ?? `29:1${createHash('sha256').update(`user\n${input.userPrincipalName.toLowerCase()}`).digest('base64url').slice(0, 40)}`,
      };
      users.set(user.id, user);
      byUpn.set(user.userPrincipalName.toLowerCase(), user);
      options.connector?.addMember('*', {
        id: user.teamsUserId,
        name: user.displayName,
        ...(user.givenName ? { givenName: user.givenName } : {}),
        aadObjectId: user.id,
        email: user.mail ?? undefined,
        userPrincipalName: user.userPrincipalName,
        tenantId: options.tenantId,
      });
      return user;
    },
    user: (key) => findUser(key),
    publishApp(externalId, displayName = 'Plan Pulse') {
      const id = guidOf(`app\n${externalId}`);
      apps.set(id, { id, externalId, displayName });
      return id;
    },
    isInstalled(userId, catalogId) {
      const mine = installs.get(userId);
      return !!mine && (catalogId ? mine.has(catalogId) : mine.size > 0);
    },
    preinstall(userId) {
      let mine = installs.get(userId);
      if (!mine) installs.set(userId, (mine = new Map()));
      for (const catalogId of apps.keys()) mine.set(catalogId, Buffer.from(`${userId}##${catalogId}`).toString('base64url'));
      options.connector?.setInstalled(userId, true);
    },
    uninstall(userId) {
      installs.delete(userId);
      options.connector?.setInstalled(userId, false);
    },
    blockApp(blocked) {
      appBlocked = blocked;
    },
    grant(permissions) {
      granted = new Set(permissions);
    },
    failNext(n, fault, scope = {}) {
      faults.push({ remaining: n, fault, pathIncludes: scope.pathIncludes });
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    async settled() {
      while (events.size > 0) await Promise.all([...events]);
    },
    stats() {
      const byStatus: Record<number, number> = {};
      for (const r of requests) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      // The most requests accepted in any one-second window (two pointers over sorted times).
      let maxPerSecond = 0;
      for (let i = 0, j = 0; j < acceptedTimes.length; j++) {
        while (acceptedTimes[j]! - acceptedTimes[i]! >= 1000) i++;
        maxPerSecond = Math.max(maxPerSecond, j - i + 1);
      }
      return { requests: requests.length, throttled, byStatus, maxPerSecond };
    },
    async close() {
      await graph.settled();
      faults = [];
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return graph;
}
