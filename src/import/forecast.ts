/**
 * What the next scheduler tick would send for a plan if an import went ahead: the import is
 * applied to a scratch copy of the plan's rows (tables under a throw-away prefix in the same
 * storage), the real scheduler runs once there with its drain stopped before it sends
 * anything, and the messages it queued are counted. The scratch tables are dropped after.
 * The forecast is the scheduler's own decision, not a second opinion that could drift from it.
 */
import { randomBytes } from 'node:crypto';
import { defaultSendHours, nextSendWindow } from '../calendar';
import type { Config } from '../config/config';
import { fixedClock, type Clock } from '../domain/clock';
import type { Transport } from '../outbox/transport';
import { runTick } from '../scheduler/tick';
import { encodeKey } from '../storage/keys';
import { Store } from '../storage/store';
import type { Stored } from '../storage/tableStore';
import { TABLES, type TableName } from '../storage/tables';
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

/** Partitions of the plan in each table (see tables.ts): exact keys, or every key under a prefix. */
function planPartitions(planId: string): Record<TableName, { exact?: string[]; under?: string; rows?: string[] } | undefined> {
  const pk = encodeKey(planId);
  const under = `${pk}~`;
  return {
    Plans: { exact: ['plan'], rows: [pk] },
    Areas: { exact: [pk] },
    Groups: { exact: [pk] },
    People: { exact: [pk] },
    Actions: { under },
    ActionIndex: { under },
    Updates: { under },
    Memberships: undefined,
    Identities: { exact: ['user', 'aad'] },
    Cycles: { under },
    Outbox: { exact: [pk] },
    Escalations: { exact: [pk] },
    Leases: undefined,
    BragSnapshots: { under },
    // Written when a message is sent or mail captured: a drain that sends nothing needs neither.
    ResponseLinks: undefined,
    CapturedMail: undefined,
  };
}

async function copyPlan(from: Store, to: Store, planId: string): Promise<void> {
  const parts = planPartitions(planId);
  await Promise.all(
    TABLES.map(async (name) => {
      const spec = parts[name];
      if (!spec) return;
      const source = from.tables.table<unknown>(name);
      const target = to.tables.table<unknown>(name);
      const rows: Stored<unknown>[] = [];
      for (const pk of spec.exact ?? []) rows.push(...(await source.list(pk)));
      if (spec.under) rows.push(...(await source.listPartitions(spec.under, `${spec.under}\uffff`)));
      const byPartition = new Map<string, Stored<unknown>[]>();
      for (const row of rows) {
        if (spec.rows && !spec.rows.includes(row.rowKey)) continue;
        const list = byPartition.get(row.partitionKey) ?? [];
        list.push(row);
        byPartition.set(row.partitionKey, list);
      }
      for (const [pk, list] of byPartition) {
        await target.batch(pk, list.map((r) => ({ op: 'upsert' as const, rowKey: r.rowKey, value: r.value })));
      }
    }),
  );
}

export async function forecastNextTick(
  store: Store,
  input: PlanInput,
  options: ImportOptions & { config: ForecastConfig },
): Promise<TickForecast> {
  const now = options.clock.now();
  const opens = nextSendWindow(now, options.config.PLANPULSE_SEND_HOURS ?? defaultSendHours(), options.config.PLAN_TIMEZONE);
  const at = opens > now ? opens : now;
  const clock: Clock = fixedClock(at);
  const scratch = new Store(store.tables.withPrefix(`${store.tables.prefix}dry${randomBytes(4).toString('hex')}`));
  try {
    await scratch.init();
    await copyPlan(store, scratch, input.planId);
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
  } finally {
    await scratch.tables.dropTables(TABLES);
  }
}
