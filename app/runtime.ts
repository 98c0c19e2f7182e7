/**
 * The running service: storage, the Teams adapter and bot, the HTTP server and (unless
 * PLANPULSE_SCHEDULER=off) the scheduler, put together from one parsed configuration.
 * `npm start` and the tests both start it through startPlanPulse().
 */
import type { Config } from '../src/config/config';
import { systemClock, type Clock } from '../src/domain/clock';
import { createLogger, type Logger } from '../src/logging/logger';
import { newCorrelationId } from '../src/logging/correlation';
import { CORRELATION_ID } from '../bot/handlers/context';
import { closeServer, listen, makeServer } from '../src/server/makeServer';
import { openStore, type OpenedStore } from '../src/storage/store';
import { waitingFor } from '../src/storage/embeddedStore';
import { createAdapter } from '../bot/adapter';
import { createBotApp, type BotExtensions } from '../bot/app';
import type { BotDeps } from '../bot/handlers/context';
import { ReadCache } from '../src/storage/cachedReads';
import { leadEscalationHooks, openEscalationRows } from '../bot/escalationHooks';
import { setUpMail, type MailSetup } from '../src/mail/delivery';
import { registerRespondRoutes } from '../src/respond/routes';

export interface RunningPlanPulse {
  url: string;
  port: number;
  host: string;
  opened: OpenedStore;
  deps: BotDeps;
  adapter: ReturnType<typeof createAdapter>;
  /** Email delivery and response links, as configured. */
  mail: MailSetup;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** An already opened store (tests); otherwise the configured one is opened. */
  opened?: OpenedStore;
  /** Runs once the store is open, before the server listens (the demo plan loader). */
  beforeListen?(opened: OpenedStore, logger: Logger): Promise<void>;
  /** Starts background work (the scheduler); returns how to stop it. */
  startBackground?(running: Omit<RunningPlanPulse, 'close'>): Promise<() => Promise<void>> | (() => Promise<void>);
  extensions?: BotExtensions;
}

/** With no Bot Framework credentials auth is off, so the bot must not be reachable beyond this machine. */
export function bindHost(config: Pick<Config, 'MicrosoftAppId'>): string {
  return config.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1';
}

export async function startPlanPulse(options: StartOptions): Promise<RunningPlanPulse> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ name: 'planpulse', level: config.LOG_LEVEL });
  const opened =
    options.opened ??
    (await openStore(config, {
      role: 'server',
      onWait: (holder) => logger.info({ pid: holder.pid }, waitingFor(holder)),
    }));
  try {
    await options.beforeListen?.(opened, logger);
    const adapter = createAdapter(config);
    const store = opened.store;
    const deps: BotDeps = {
      store,
      cache: new ReadCache(config.PLANPULSE_CACHE_SECONDS * 1000),
      clock,
      timeZone: config.PLAN_TIMEZONE,
      logger,
      hooks: leadEscalationHooks(store, clock),
      openEscalationRows: (planId, groupIds) => openEscalationRows(store, config.PLAN_TIMEZONE, planId, groupIds),
    };
    const app = createBotApp(adapter, deps, options.extensions);
    const mail = setUpMail(config, store, clock);
    const server = makeServer({
      // Teams' own request id when it sends one, so a turn's lines can be matched to Teams' logs.
      bot: (req, res) => {
        const correlationId = req.header('x-ms-correlation-id') || (req.body as { id?: string } | undefined)?.id || newCorrelationId();
        return adapter.serve(
          req,
          res,
          (ctx) => {
            ctx.turnState.set(CORRELATION_ID, correlationId);
            return app.run(ctx).then(() => undefined);
          },
          (reason) => logger.warn({ correlationId, remote: req.socket?.remoteAddress, reason }, 'Refused an unauthenticated request.'),
        );
      },
      checkStorage: () => opened.store.ping(),
      loopbackOnly: !config.MicrosoftAppId,
      log: (level, message, fields) => logger[level](fields ?? {}, message),
    });
    if (mail.links) {
      registerRespondRoutes(server, {
        store,
        cache: deps.cache,
        clock,
        timeZone: config.PLAN_TIMEZONE,
        links: mail.links,
        hooks: deps.hooks,
        devMail: mail.captured && !config.MicrosoftAppId,
        log: (level, message, fields) => logger[level](fields ?? {}, message),
      });
    }
    const host = bindHost(config);
    const { url, port } = await listen(server, config.PORT, host);
    if (mail.links && !config.PLANPULSE_PUBLIC_URL) mail.links.publicUrl = url;
    const running = { url, port, host, opened, deps, adapter, mail };
    const stopBackground = options.startBackground ? await options.startBackground(running) : async () => {};
    return {
      ...running,
      async close() {
        await stopBackground();
        await closeServer(server);
        mail.close();
        if (!options.opened) await opened.close();
      },
    };
  } catch (err) {
    if (!options.opened) await opened.close();
    throw err;
  }
}
