/**
 * The HTTP server: restify with the bot's endpoint and the health check. Built by
 * makeServer() and started by listen() apart, so tests run the real server in-process
 * on an ephemeral port. The bot itself is passed in as a handler; this module knows
 * nothing of botbuilder.
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

export function makeServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: deps.name ?? 'planpulse', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
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
