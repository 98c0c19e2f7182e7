/**
 * Microsoft Graph with the bot's own identity: client-credentials tokens (the app registration's
 * secret through the identity platform's token endpoint, or a managed identity through
 * @azure/identity), requests paced under the per-app rate, and retries that honour 429
 * Retry-After and back off on 5xx or no answer. Every refusal arrives as a GraphError carrying
 * Graph's status and code; the caller decides what it means for a person.
 */
import { realPacer, RateWindow, backoffMs, type Pacer } from '../outbox/pacing';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com/v1.0';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export class GraphError extends Error {
  constructor(
    message: string,
    /** HTTP status; undefined when no answer came. */
    readonly status: number | undefined,
    /** Graph's error code, e.g. Request_ResourceNotFound, Authorization_RequestDenied. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** The identity platform would not issue a token: the bot's credentials, not Graph's permissions. */
export class TokenError extends GraphError {
  constructor(message: string, status: number | undefined, code?: string) {
    super(message, status, code);
    this.name = 'TokenError';
  }
}

/** Gets access tokens for Graph; implementations cache until shortly before expiry. */
export interface TokenSource {
  token(): Promise<string>;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

/** Client credentials with a secret, by plain POST to `{authorityHost}/{tenant}/oauth2/v2.0/token`. */
export function clientSecretTokens(input: { authorityHost?: string; tenantId: string; clientId: string; clientSecret: string; fetch?: typeof fetch }): TokenSource {
  const doFetch = input.fetch ?? fetch;
  const endpoint = `${(input.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '')}/${encodeURIComponent(input.tenantId)}/oauth2/v2.0/token`;
  let cached: CachedToken | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    let res: Response;
    try {
      res = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: input.clientId, client_secret: input.clientSecret, scope: GRAPH_SCOPE, grant_type: 'client_credentials' }).toString(),
      });
    } catch (err) {
      throw new TokenError(`The identity platform did not answer: ${err instanceof Error ? err.message : String(err)}`, undefined);
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!res.ok || !body.access_token) {
      // The description names the problem (AADSTS code) and never echoes the secret.
      throw new TokenError(`The identity platform refused a Graph token (${res.status} ${body.error ?? ''}): ${body.error_description ?? 'no description'}`, res.status, body.error);
    }
    cached = { value: body.access_token, expiresAt: Date.now() + Math.max(60, (body.expires_in ?? 3600) - 300) * 1000 };
    return cached.value;
  };
  return {
    token() {
      if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.value);
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
  };
}

/** A managed identity (MicrosoftAppType=UserAssignedMSI) through @azure/identity. */
export function managedIdentityTokens(clientId: string): TokenSource {
  let credential: { getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number } | null> } | undefined;
  let cached: CachedToken | undefined;
  return {
    async token() {
      if (cached && cached.expiresAt > Date.now()) return cached.value;
      if (!credential) {
        // Loaded on first use: most runs (and every test) never need a managed identity.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { ManagedIdentityCredential } = require('@azure/identity') as typeof import('@azure/identity');
        credential = new ManagedIdentityCredential({ clientId });
      }
      let got: { token: string; expiresOnTimestamp: number } | null;
      try {
        got = await credential.getToken(GRAPH_SCOPE);
      } catch (err) {
        throw new TokenError(`The managed identity could not get a Graph token: ${err instanceof Error ? err.message : String(err)}`, undefined);
      }
      if (!got) throw new TokenError('The managed identity returned no Graph token.', undefined);
      cached = { value: got.token, expiresAt: got.expiresOnTimestamp - 300_000 };
      return got.token;
    },
  };
}

export interface GraphUser {
  id: string;
  userPrincipalName?: string;
  mail?: string | null;
  displayName?: string;
  /** The directory's given name; null when the account has none (role and shared accounts often have none). */
  givenName?: string | null;
}

/**
 * The user properties every lookup asks for. Graph returns only what `$select` names, so the
 * given name rides on the lookup that resolves a person rather than costing a request of its own.
 */
export const USER_SELECT = 'id,userPrincipalName,mail,displayName,givenName';

export interface GraphClientOptions {
  baseUrl?: string;
  tokens: TokenSource;
  /** Requests a second for this app; Graph answers 429 above its limit. Default 20. */
  ratePerSecond?: number;
  /** Attempts per request before a throttled or failing one is given up. Default 6. */
  maxAttempts?: number;
  baseBackoffMs?: number;
  pacer?: Pacer;
  fetch?: typeof fetch;
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Graph's `in` operator takes at most 15 values. */
export const MAIL_FILTER_BATCH = 15;

export class GraphClient {
  private readonly baseUrl: string;
  private readonly rate: RateWindow;
  private readonly pacer: Pacer;
  private readonly doFetch: typeof fetch;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  /** Requests sent, throttled answers received: what `planpulse reach` and the benchmark report. */
  readonly counts = { requests: 0, throttled: 0, retried: 0 };

  constructor(private readonly options: GraphClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_GRAPH_URL).replace(/\/+$/, '');
    this.pacer = options.pacer ?? realPacer;
    this.rate = new RateWindow(options.ratePerSecond ?? 20, this.pacer);
    this.doFetch = options.fetch ?? fetch;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseBackoffMs = options.baseBackoffMs ?? 1000;
  }

  /** One Graph request with pacing and retries; resolves with the status and parsed body. */
  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T | undefined }> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.tokens.token();
      const ticket = await this.rate.acquire();
      let res: Response;
      try {
        this.counts.requests++;
        res = await this.doFetch(`${this.baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        if (attempt >= this.maxAttempts) throw new GraphError(`Microsoft Graph did not answer: ${err instanceof Error ? err.message : String(err)}`, undefined);
        this.counts.retried++;
        await this.pacer.sleep(backoffMs(attempt, this.baseBackoffMs, 30_000));
        continue;
      }
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined; // a proxy's HTML page: no Graph body to read
      }
      if (res.ok) return { status: res.status, body: parsed as T };
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      const retryable = res.status === 429 || res.status >= 500;
      if (res.status === 429) {
        this.counts.throttled++;
        // Graph does not count a throttled request: its place in the window is given back.
        this.rate.release(ticket);
      }
      if (!retryable || attempt >= this.maxAttempts) {
        throw new GraphError(`Microsoft Graph answered ${res.status}${error?.code ? ` ${error.code}` : ''}: ${error?.message ?? res.statusText}`, res.status, error?.code);
      }
      this.counts.retried++;
      const retryAfter = Number(res.headers.get('retry-after'));
      await this.pacer.sleep(Number.isFinite(retryAfter) && retryAfter >= 0 && res.headers.get('retry-after') !== null ? retryAfter * 1000 : backoffMs(attempt, this.baseBackoffMs, 30_000));
    }
  }

  /** A user by object id or user principal name; undefined when Graph has no such user (404). */
  async user(idOrUpn: string): Promise<GraphUser | undefined> {
    try {
      return (await this.request<GraphUser>('GET', `/users/${encodeURIComponent(idOrUpn)}?$select=${USER_SELECT}`)).body;
    } catch (err) {
      if (err instanceof GraphError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Users by mail address, up to 15 at once (`mail in (…)`). */
  async usersByMail(mails: readonly string[]): Promise<GraphUser[]> {
    if (mails.length === 0) return [];
    if (mails.length > MAIL_FILTER_BATCH) throw new RangeError(`At most ${MAIL_FILTER_BATCH} addresses per request, got ${mails.length}.`);
    const filter = mails.length === 1 ? `mail eq ${quote(mails[0]!)}` : `mail in (${mails.map(quote).join(', ')})`;
    const res = await this.request<{ value: GraphUser[] }>('GET', `/users?$filter=${encodeURIComponent(filter)}&$select=${USER_SELECT}`);
    return res.body?.value ?? [];
  }

  /** The app's id in the tenant's catalog, from its manifest id; undefined when it is not published there. */
  async catalogAppId(externalId: string): Promise<string | undefined> {
    const res = await this.request<{ value: { id: string }[] }>('GET', `/appCatalogs/teamsApps?$filter=${encodeURIComponent(`externalId eq ${quote(externalId)}`)}`);
    return res.body?.value[0]?.id;
  }

  /** Installs the app for a user: 'installed', or 'already' when it was (409). */
  async installForUser(userId: string, catalogAppId: string): Promise<'installed' | 'already'> {
    try {
      await this.request('POST', `/users/${encodeURIComponent(userId)}/teamwork/installedApps`, {
        'teamsApp@odata.bind': `${DEFAULT_GRAPH_URL}/appCatalogs/teamsApps/${catalogAppId}`,
      });
      return 'installed';
    } catch (err) {
      if (err instanceof GraphError && err.status === 409) return 'already';
      throw err;
    }
  }

  /** The user's installation of the app, if any. */
  async installationOf(userId: string, catalogAppId: string): Promise<string | undefined> {
    const filter = encodeURIComponent(`teamsApp/id eq ${quote(catalogAppId)}`);
    const res = await this.request<{ value: { id: string }[] }>('GET', `/users/${encodeURIComponent(userId)}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`);
    return res.body?.value[0]?.id;
  }

  /** The personal chat between the user and the bot, through the installation. */
  async chatOf(userId: string, installationId: string): Promise<string | undefined> {
    const res = await this.request<{ id: string }>('GET', `/users/${encodeURIComponent(userId)}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat`);
    return res.body?.id;
  }
}
