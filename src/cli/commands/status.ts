/** `planpulse status [--plan ID] [--group NAME] [--json]`: BRAG counts, overdue, missing updates, escalations. */
import { computePlanStatus, UnknownGroupError } from '../../facts/status';
import { formatPlanStatus } from '../statusText';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';
import { openChosenPlan } from '../planChoice';

export const usage = 'planpulse status [--plan ID] [--group NAME] [--json]';

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { plan: { type: 'string' }, group: { type: 'string' }, json: { type: 'boolean' } },
    usage,
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`, usage);
  const chosen = await openChosenPlan(ctx, values.plan);
  if (!chosen) return EXIT.invalidInput;
  const { store, planId } = chosen;
  try {
    const status = await computePlanStatus(store, planId, ctx.clock, {
      group: values.group,
      timeZone: ctx.config.PLAN_TIMEZONE,
    });
    ctx.stdout(values.json ? `${JSON.stringify(status)}\n` : formatPlanStatus(status, { timeZone: ctx.config.PLAN_TIMEZONE }));
    return EXIT.ok;
  } catch (err) {
    if (err instanceof UnknownGroupError) {
      ctx.stderr(`${err.message}\n`);
      return EXIT.invalidInput;
    }
    throw err;
  }
}
