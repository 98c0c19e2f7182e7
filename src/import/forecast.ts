/**
 * What the next scheduler tick would send for a plan if an import went ahead: the import is
 * applied to a scratch copy of the plan's rows (tables under a throw-away prefix in the same
 * storage), the real scheduler runs once there with its drain stopped before it sends
 * anything, and the messages it queued are counted. The scratch tables are dropped after.
 * The forecast is the scheduler's own decision, not a second opinion that could drift from it.
 */
import { defaultSendHours, nextSendWindow } from '../calendar';
import type { Config } from '../config/config';
import { fixedClock, type Clock } from '../domain/clock';
import type { Transport } from '../outbox/transport';
import { runTick } from '../scheduler/tick';
import { withScratchCopyOfPlan } from '../storage/scratchPlan';
import type { Store } from '../storage/store';
import type { PlanInput } from './planInput';
import { applyPlanInput, type ImportOptions } from './importPlan';

export interface TickForecast {
  /** When the next tick would run: now, or when the send window next opens. */
  at: string;
  cyclesOpened: number;
  prompts: number;
  reminders: number;
  overdueChases: number;
  escalations: number;
  /** Messages queued in all (one per person, prompts, chases and escalations combined). */
  messages: number;
  /** People who would receive a message. */
  recipients: number;
}

export type ForecastConfig = Pick<Config, 'PLAN_TIMEZONE' | 'PLANPULSE_SEND_RATE'> & Partial<Pick<Config, 'PLANPULSE_SEND_HOURS' | 'MicrosoftAppTenantId'>>;

/** A drain stopped before it starts never calls this; if it did, nothing would leave. */
const nothingSent: Transport = {
  send: () => Promise.reject(new Error('A dry run sends nothing.')),
  update: () => Promise.reject(new Error('A dry run sends nothing.')),
  createPersonalConversation: () => Promise.reject(new Error('A dry run sends nothing.')),
};

export async function forecastNextTick(
  store: Store,
  input: PlanInput,
  options: ImportOptions & { config: ForecastConfig },
): Promise<TickForecast> {
  const now = options.clock.now();
  const opens = nextSendWindow(now, options.config.PLANPULSE_SEND_HOURS ?? defaultSendHours(), options.config.PLAN_TIMEZONE);
  const at = opens > now ? opens : now;
  const clock: Clock = fixedClock(at);
  return withScratchCopyOfPlan(store, input.planId, async (scratch) => {
    const applied = await applyPlanInput(scratch, input, { ...options, clock: options.clock, dryRun: false, allowRemovals: true, newPlan: true });
    if (!applied.ok) throw new Error(`The dry run's scratch import failed: ${applied.problems.join('; ')}`);
    const summary = await runTick({
      store: scratch,
      transport: nothingSent,
      clock,
      config: options.config,
      planId: input.planId,
      lease: false,
      sender: { signal: AbortSignal.abort() },
    });
    // Everything queued for this tick or later (a step may queue a message for later today).
    const queued = await scratch.outbox.listDue(input.planId, new Date('9999-12-31T23:59:59Z'), { limit: 1_000_000 });
    const recipients = new Set(queued.map(({ value: m }) => m.recipientId));
    return {
      at: at.toISOString(),
      cyclesOpened: summary.cyclesOpened,
      prompts: summary.prompts,
      reminders: summary.reminders,
      overdueChases: summary.overdueChases,
      escalations: summary.escalations,
      messages: queued.length,
      recipients: recipients.size,
    };
  });
}
