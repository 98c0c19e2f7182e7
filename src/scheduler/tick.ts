/**
 * One scheduler tick: within the send window (`PLANPULSE_SEND_HOURS` on working days) and under
 * the scheduler lease, for each plan (or the one asked for), bring every group's and board's
 * cycle up to now, run the day's chase, then drain the outbox. Outside the window a tick does
 * nothing: what fell due waits for the next window, when the first tick catches up.
 * Returns the summary `planpulse tick` prints (DESIGN.md) and the cycles that closed, which
 * the digest and board-report code receive through `onCycleClosed`.
 */
import type { LogSink } from '../logging/logger';
import { correlated } from '../logging/correlation';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { defaultSendHours, nextSendWindow, planDateOf } from '../calendar';
import type { Config } from '../config/config';
import { systemClock, type Clock } from '../domain/clock';
import { isArchived } from '../domain/model';
import { SendBacklog } from '../outbox/backlog';
import { drainOutbox, type DrainResult, type MailDelivery, type SenderOptions } from '../outbox/sender';
import type { Transport } from '../outbox/transport';
import type { Store } from '../storage/store';
import { runDailyChase } from './chasing';
import { askForMeasureValues } from './measureAsks';
import { queueNotices } from './combining';
import { DEFAULT_RETENTION_DAYS, pruneOutboxCopies } from '../outbox/retention';
import { climbEscalations } from '../escalation/climb';
import { planTickContext, zeroCounts, type TickCounts, type TickReach } from './context';
import { advanceGroupCycles, type ClosedCycle, type CycleClosedHook } from './cycles';

export const SCHEDULER_LEASE = 'scheduler';

/** How far, in seconds of sending at the plan's rate, the queueing steps may run ahead of the drain. */
const BACKLOG_SECONDS = 4;

export type TickLogger = LogSink;

export interface TickDeps {
  store: Store;
  transport: Transport;
  clock: Clock;
  config: Pick<Config, 'PLAN_TIMEZONE' | 'PLANPULSE_SEND_RATE'> &
    Partial<Pick<Config, 'MicrosoftAppTenantId' | 'PLANPULSE_SEND_HOURS' | 'PLANPULSE_OUTBOX_RETENTION_DAYS'>>;
  planId?: string;
  logger?: TickLogger;
  /** Extension point for digests and board reports: called for each cycle that closes. */
  onCycleClosed?: CycleClosedHook[];
  /** Sender tuning (backoff, budget, pacing); the rate comes from PLANPULSE_SEND_RATE. */
  sender?: Partial<SenderOptions>;
  /** Email delivery; without it everyone is reached through Teams only. */
  mail?: MailDelivery;
  /** Makes the people a cycle will ask reachable before it opens (Microsoft Graph), and reinstalls for the sender. */
  reach?: TickReach;
  /** The lease holder's name and hold; `false` runs without the lease (tests of the claims). */
  lease?: { holder?: string; ttlMs?: number } | false;
  /**
   * The clock the lease's hold is measured by: the machine's, whatever instant the tick runs
   * as of. A `tick --now <future>` killed mid-way must leave a hold that ends in a minute of
   * real time, not a minute after that future date. Default: the system clock.
   */
  leaseClock?: Clock;
}

export interface TickSummary extends TickCounts {
  now: string;
  sent: number;
  retried: number;
  failed: number;
  deferred: number;
  /** Outbox copies of sent messages dropped after the retention period (once a day). */
  pruned: number;
  /** 'busy' when another instance holds the scheduler lease and this tick did nothing. */
  lease: 'held' | 'busy' | 'off';
  /** 'closed' outside the send hours or on a non-working day: the tick did nothing (and took no lease). */
  window: 'open' | 'closed';
  /** When the send window next opens, given when it is closed. */
  nextWindow?: string;
  leaseHolder?: string;
  plans: number;
  closedCycles: ClosedCycle[];
}

/** The summary as the one JSON line the CLI prints (closed cycles named, not dumped). */
export function summaryLine(summary: TickSummary): string {
  const { closedCycles, ...rest } = summary;
  return JSON.stringify({ ...rest, closed: closedCycles.map((c) => ({ planId: c.planId, groupId: c.groupId, meetingDate: c.meetingDate })) });
}

/** Runs one tick; its log lines share a correlation id of their own. */
export function runTick(deps: TickDeps): Promise<TickSummary> {
  return tickOnce({ ...deps, logger: deps.logger && correlated(deps.logger, `tick-${randomUUID()}`) });
}

async function tickOnce(deps: TickDeps): Promise<TickSummary> {
  const { store, clock, config } = deps;
  const now = clock.now();
  const summary: TickSummary = {
    now: now.toISOString(),
    ...zeroCounts(),
    sent: 0,
    retried: 0,
    failed: 0,
    deferred: 0,
    pruned: 0,
    lease: deps.lease === false ? 'off' : 'held',
    window: 'open',
    plans: 0,
    closedCycles: [],
  };

  const opens = nextSendWindow(now, config.PLANPULSE_SEND_HOURS ?? defaultSendHours(), config.PLAN_TIMEZONE);
  if (opens > now) return { ...summary, lease: 'off', window: 'closed', nextWindow: opens.toISOString() };

  const leaseOptions = deps.lease === false ? undefined : deps.lease ?? {};
  const holder = leaseOptions?.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const ttlMs = leaseOptions?.ttlMs ?? 60_000;
  const leaseClock = deps.leaseClock ?? systemClock;
  const abort = new AbortController();
  let renewTimer: NodeJS.Timeout | undefined;
  if (leaseOptions) {
    const taken = await store.leases.acquire(SCHEDULER_LEASE, holder, ttlMs, leaseClock);
    if (!taken.held) return { ...summary, lease: 'busy', leaseHolder: taken.holder };
    // Renew while working; a lost lease stops the drain from starting anything new.
    renewTimer = setInterval(() => {
      store.leases.acquire(SCHEDULER_LEASE, holder, ttlMs, leaseClock).then(
        (r) => {
          if (!r.held) abort.abort();
        },
        (err: unknown) => {
          deps.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'scheduler lease not renewed');
          abort.abort();
        },
      );
    }, Math.max(1000, Math.floor(ttlMs / 3)));
    renewTimer.unref();
  }

  try {
    const named = deps.planId ? [await store.plans.getPlan(deps.planId)].filter((p) => p !== undefined) : await store.plans.listPlans();
    if (deps.planId && named.length === 0) throw new Error(`There is no plan with id ${deps.planId}; import it first with planpulse import.`);
    // An archived plan is left as it stands: no cycle opens or closes, nothing is chased or sent.
    const plans = named.filter((p) => !isArchived(p));
    if (deps.planId && plans.length === 0) throw new Error(`Plan ${deps.planId} is archived: nothing is sent for it.`);
    const tz = config.PLAN_TIMEZONE;
    const today = planDateOf(now, tz);
    const ratePerSecond = deps.sender?.ratePerSecond ?? config.PLANPULSE_SEND_RATE;
    for (const plan of plans) {
      summary.plans++;
      // Steps stay a few seconds of sending ahead of the drain (see SendBacklog).
      const backlog = new SendBacklog(Math.max(100, ratePerSecond * BACKLOG_SECONDS));
      const ctx = planTickContext(store, clock, plan, tz, now, today, summary, backlog);
      ctx.mailEnabled = deps.mail !== undefined;
      ctx.reach = deps.reach;
      // Steps queue while the drain already sends: a cycle opening for thousands of leads
      // starts reaching them as soon as its first messages are stored.
      const producing = (async () => {
        for (const group of await ctx.groups()) {
          summary.closedCycles.push(...(await advanceGroupCycles(ctx, group, deps.onCycleClosed ?? [])));
        }
        ctx.counts.escalations += await climbEscalations(ctx);
        await runDailyChase(ctx);
        await askForMeasureValues(ctx);
        await queueNotices(ctx);
      })();
      const [produced, drainedResult] = await Promise.allSettled([
        producing,
        drainOutbox({
          store,
          transport: deps.transport,
          clock,
          planId: plan.id,
          logger: deps.logger,
          options: {
            ...deps.sender,
            ratePerSecond,
            proactive: { tenantId: config.MicrosoftAppTenantId, ...deps.sender?.proactive },
            reinstall: deps.sender?.reinstall ?? (deps.reach?.reinstall ? (aad) => deps.reach!.reinstall!(aad) : undefined),
            signal: deps.sender?.signal ? AbortSignal.any([deps.sender.signal, abort.signal]) : abort.signal,
            until: producing,
            backlog,
            mail: deps.mail,
          },
        }),
      ]);
      if (produced.status === 'rejected') throw produced.reason;
      if (drainedResult.status === 'rejected') throw drainedResult.reason;
      const drained: DrainResult = drainedResult.value;
      summary.sent += drained.sent;
      summary.retried += drained.retried;
      summary.failed += drained.failed;
      summary.deferred += drained.deferred;
      summary.pruned += await pruneOutboxCopies(store, plan.id, now, today, config.PLANPULSE_OUTBOX_RETENTION_DAYS ?? DEFAULT_RETENTION_DAYS);
    }
  } finally {
    if (renewTimer) clearInterval(renewTimer);
    if (leaseOptions) await store.leases.release(SCHEDULER_LEASE, holder, leaseClock);
  }
  deps.logger?.info({ tick: JSON.parse(summaryLine(summary)) }, 'scheduler tick');
  return summary;
}

/**
 * The in-process scheduler of `npm start`: a tick every `everyMs`, never two at once in this
 * process (the lease keeps other instances out). Returns stop(), which waits for a running tick.
 */
export function startSchedulerTimer(deps: TickDeps, everyMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const stopping = new AbortController();
  const signal = deps.sender?.signal ? AbortSignal.any([deps.sender.signal, stopping.signal]) : stopping.signal;
  const run = () => {
    if (running || stopped) return;
    running = runTick({ ...deps, sender: { ...deps.sender, signal } })
      .catch((err: unknown) => deps.logger?.error({ err: err instanceof Error ? err.message : String(err) }, 'scheduler tick failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
