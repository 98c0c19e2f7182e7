/** `planpulse export [--plan ID] --format csv|xlsx|html --out FILE`. */
import fs from 'node:fs';
import { EXPORT_FORMATS, exportPlan, type ExportFormat } from '../../export';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';
import { openChosenPlan } from '../planChoice';

export const usage = 'planpulse export [--plan ID] --format csv|xlsx|html --out FILE';

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { plan: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    usage,
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`, usage);
  const format = values.format as ExportFormat | undefined;
  if (!format || !EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}${values.format ? ` (got "${values.format}")` : ''}.`, usage);
  }
  if (!values.out) throw new UsageError('Say where to write the export with --out FILE.', usage);
  const chosen = await openChosenPlan(ctx, values.plan);
  if (!chosen) return EXIT.invalidInput;
  const { store, planId } = chosen;
  const content = await exportPlan(store, planId, format, ctx.clock, { timeZone: ctx.config.PLAN_TIMEZONE });
  fs.writeFileSync(values.out, content);
  ctx.stdout(`Wrote plan ${planId} as ${format} to ${values.out}.\n`);
  return EXIT.ok;
}
