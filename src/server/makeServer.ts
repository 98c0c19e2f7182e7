/**
 * The HTTP server: restify with the bot's endpoint and the health check. Built by
 * makeServer() and started by listen() apart, so tests run the real server in-process
 * on an ephemeral port. The bot itself is passed in as a handler; this module knows
 * nothing of botbuilder.
 *
 * What it lets in: /api/messages reads `application/json` only, into memory, up to 1 MB;
 * anything else is answered 415 before its body is read (no multipart parser, so no
 * request ever reaches the disk). With auth off (`loopbackOnly`) a browser page must not
 * be able to drive the bot: the Host header must name loopback (no DNS rebinding), and an
 * activity's serviceUrl must be on loopback (the bot never calls out to a named server).
 */
import restify from 'restify';
import { z } from 'zod';
import { ABOUT_PAGE, PRIVACY_PAGE, TERMS_PAGE } from './infoPages';

export type BotHandler = (req: restify.Request, res: restify.Response) => Promise<void>;

export interface ServerDeps {
  /** Handles a validated Bot Framework activity POSTed to /api/messages. */
  bot?: BotHandler;
  /** Throws when storage does not answer. */
  checkStorage(): Promise<void>;
  name?: string;
  /** Auth is off: accept only loopback Host headers and loopback serviceUrls. */
  loopbackOnly?: boolean;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/**
 * The least an activity must carry for the bot to answer it at all. Anything less is
 * the caller's mistake (400), not the bot's (500). Only checked: the bot reads the body
 * itself, so other fields are allowed and not copied.
 */
const activityEnvelope = z.object({
  type: z.string().min(1, 'type must not be empty'),
  serviceUrl: z.string().url('serviceUrl must be a URL'),
  channelId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1) }),
  from: z.object({ id: z.string().min(1) }),
});

const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** Host names that reach this machine only. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The host name of a Host header (`127.0.0.1:3978`, `[::1]:3978`, `localhost`). */
function hostnameOfHeader(host: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host.trim());
  return m ? m[1]! : '';
}

/** 415 for anything but JSON, before the body is read. */
function requireJson(req: restify.Request, res: restify.Response, next: restify.Next): void {
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    // The unread body would keep the socket busy: the answer closes it.
    res.setHeader('connection', 'close');
    res.send(415, { error: `/api/messages accepts application/json only (this request was ${type || 'without a content type'}).` });
    next(false);
    return;
  }
  next();
}

export function makeServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: deps.name ?? 'planpulse', handleUncaughtExceptions: false });

  if (deps.loopbackOnly) {
    // A page on another site can make a browser post to 127.0.0.1, or rebind its own name
    // to it; the Host header it sends still names that site.
    server.pre((req, res, next) => {
      if (!isLoopbackHost(hostnameOfHeader(req.header('host') ?? ''))) {
        res.setHeader('connection', 'close');
        res.send(421, { error: 'With authentication off Plan Pulse answers only requests addressed to localhost or 127.0.0.1.' });
        next(false);
        return;
      }
      next();
    });
  }

  // Reads the body into memory (bodyReader takes maxBodySize: 413 beyond it), then parses it.
  const readJson = restify.plugins.jsonBodyParser({ mapParams: false, maxBodySize: MAX_ACTIVITY_BYTES } as restify.plugins.JsonBodyParserOptions);
  server.post('/api/messages', requireJson, ...readJson, async (req: restify.Request, res: restify.Response) => {
    if (!deps.bot) {
      res.send(501, { error: 'The bot is not configured on this server.' });
      return;
    }
    const body: unknown = req.body;
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      res.send(400, { error: 'The request body must be a Bot Framework activity in JSON.' });
      return;
    }
    const envelope = activityEnvelope.safeParse(body);
    if (!envelope.success) {
      const where = envelope.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      res.send(400, { error: `The activity is malformed (${where}).` });
      return;
    }
    if (deps.loopbackOnly && !isLoopbackHost(new URL(envelope.data.serviceUrl).hostname)) {
      res.send(403, { error: 'With authentication off the serviceUrl must be on this machine (localhost or 127.0.0.1).' });
      return;
    }
    try {
      await deps.bot(req, res);
    } catch (err) {
      deps.log?.('error', 'The bot failed to handle an activity.', { err: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.send(500, { error: 'The bot could not handle this activity.' });
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await deps.checkStorage();
      res.send(200, { status: 'ok', storage: 'ok' });
    } catch (err) {
      res.send(503, { status: 'unavailable', storage: err instanceof Error ? err.message : String(err) });
    }
  });

  // The website, privacy notice and terms the Teams app package links to by default.
  for (const [route, html] of [
    ['/', ABOUT_PAGE],
    ['/privacy', PRIVACY_PAGE],
    ['/terms', TERMS_PAGE],
  ] as const) {
    server.get(route, (_req, res, next) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.sendRaw(200, html);
      next();
    });
  }

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, next: (e?: unknown) => void) => {
    // Body parser errors (bad JSON, too large) are the client's: answer 4xx with a sentence.
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      res.send(err.statusCode, { error: `The request could not be read: ${err.message}` });
      return;
    }
    next();
  });
  return server;
}

/** Starts listening; resolves with the address actually bound. */
export function listen(server: restify.Server, port: number, host: string): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const address = server.address();
      resolve({ url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`, port: address.port });
    });
  });
}

/** Stops the server, dropping keep-alive connections so tests do not hang. */
export function closeServer(server: restify.Server): Promise<void> {
  return new Promise((resolve) => {
    const http = server.server as import('node:http').Server;
    http.closeAllConnections?.();
    server.close(() => resolve());
  });
}
