/**
 * `planpulse tick [--now ISO-8601] [--plan ID]`: runs the scheduler once at that instant
 * (opens and closes cycles, queues prompts, chases and escalations, drains the outbox) and
 * prints one JSON line summarising what it did.
 */
import { fixedClock } from '../../domain/clock';
import type { Transport } from '../../outbox/transport';
import { reportingHooks } from '../../reporting/hooks';
import { setUpMail } from '../../mail/delivery';
import { runTick, summaryLine } from '../../scheduler/tick';
import { tickReach } from '../../reach/fromConfig';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';

export const usage = 'planpulse tick [--now ISO-8601] [--plan ID]';

export async function run(args: string[], ctx: CliContext, transport?: Transport): Promise<number> {
  const { values, positionals } = parseFlags(args, { now: { type: 'string' }, plan: { type: 'string' } }, usage);
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`, usage);
  let clock = ctx.clock;
  if (values.now !== undefined) {
    const at = new Date(values.now);
    if (Number.isNaN(at.getTime())) throw new UsageError(`--now must be an ISO-8601 instant such as 2024-01-15T09:00:00Z (got "${values.now}").`, usage);
    clock = fixedClock(at);
  }
  const store = await ctx.store();
  const sender = transport ?? ctx.transport();
  const mail = setUpMail(ctx.config, store, clock);
  try {
    const summary = await runTick({
      store,
      transport: sender,
      clock,
      config: ctx.config,
      planId: values.plan,
      onCycleClosed: reportingHooks({ transport: sender }),
      mail: mail.delivery,
      reach: tickReach({ store, transport: sender, clock, config: ctx.config, logger: { warn: (obj, msg) => ctx.stderr(`${msg ?? 'warning'}: ${JSON.stringify(obj)}\n`) } }),
    });
    ctx.stdout(`${summaryLine(summary)}\n`);
    return EXIT.ok;
  } finally {
    mail.close();
  }
}
