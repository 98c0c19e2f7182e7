/**
 * `planpulse import <folder|file.xlsx> [--plan ID] [--tenant ID] [--dry-run]`: validate, then import all or
 * nothing. `--tenant` records the Microsoft 365 tenant the plan belongs to (a single-tenant bot's own by default).
 */
import { importPlan, type EntityChanges } from '../../import';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';

export const usage = 'planpulse import <folder|file.xlsx> [--plan ID] [--tenant ID] [--dry-run]';

const describe = (c: EntityChanges) => `${c.created} new, ${c.updated} changed, ${c.removed} removed`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags(args, { plan: { type: 'string' }, tenant: { type: 'string' }, 'dry-run': { type: 'boolean' } }, usage);
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'Say which folder or .xlsx file to import.' : 'Give exactly one folder or .xlsx file.', usage);
  }
  const store = await ctx.store();
  const result = await importPlan(store, positionals[0]!, {
    planId: values.plan,
    dryRun: values['dry-run'] ?? false,
    clock: ctx.clock,
    timeZone: ctx.config.PLAN_TIMEZONE,
    tenantId: values.tenant ?? (ctx.config.MicrosoftAppType === 'SingleTenant' ? ctx.config.MicrosoftAppTenantId : undefined),
  });
  for (const warning of result.warnings) ctx.stderr(`Warning: ${warning}\n`);
  if (!result.ok) {
    for (const problem of result.problems) ctx.stderr(`${problem}\n`);
    ctx.stderr(`Import refused: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} found; nothing was changed.\n`);
    return EXIT.invalidInput;
  }
  const s = result.summary;
  const what = `${s.counts.actions} actions, ${s.counts.groups} groups, ${s.counts.people} people (${s.counts.leadStrings} lead strings), ${s.counts.areas} areas`;
  if (s.unchanged) {
    ctx.stdout(`Plan ${s.planId} is already up to date (${what}); nothing was changed.\n`);
  } else {
    ctx.stdout(`${s.dryRun ? 'Dry run: would import' : 'Imported'} plan ${s.planId}: ${what}.\n`);
    ctx.stdout(`  actions: ${describe(s.actions)}\n  groups: ${describe(s.groups)}\n  people: ${describe(s.people)}\n`);
    if (s.dryRun) ctx.stdout('Nothing was written (--dry-run).\n');
  }
  return EXIT.ok;
}
