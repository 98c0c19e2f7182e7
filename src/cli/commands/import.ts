/**
 * `planpulse import <folder|file.xlsx> [--plan ID] [--name TEXT] [--tenant ID] [--dry-run] [--allow-removals] [--new-plan]`:
 * validate, then import all or nothing, printing the change set by ref, the conflicts where
 * Plan Pulse's decisions were kept, actions already past due and (with --dry-run) what the
 * next tick would send. `--tenant` records the Microsoft 365 tenant the plan belongs to (a
 * single-tenant bot's own by default).
 */
import { counted, formatDate, formatDateTime, formatPlanDate } from '../../cards/format';
import { importPlan, type EntityChanges, type ImportSummary } from '../../import';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';

export const usage = 'planpulse import <folder|file.xlsx> [--plan ID] [--name TEXT] [--tenant ID] [--dry-run] [--allow-removals] [--new-plan]';

/** Refs printed per line of the change set before "and N more". */
const REFS_SHOWN = 200;


function refList(refs: readonly string[]): string {
  if (refs.length <= REFS_SHOWN) return refs.join(', ');
  return `${refs.slice(0, REFS_SHOWN).join(', ')} and ${refs.length - REFS_SHOWN} more`;
}

const describe = (c: EntityChanges) => `${c.created} new, ${c.updated} changed, ${c.removed} removed`;

function changeSetLines(s: ImportSummary): string[] {
  const c = s.changeSet;
  const lines: string[] = [];
  const verb = s.dryRun ? 'would be' : 'were';
  if (c.created.length) lines.push(`  new actions: ${refList(c.created)}`);
  if (c.updated.length) lines.push(`  changed actions: ${refList(c.updated)}`);
  if (c.archived.length) lines.push(`  archived actions (${verb} kept with their history, no longer prompted or counted): ${refList(c.archived)}`);
  if (c.restored.length) lines.push(`  restored actions (back from the archive with their history): ${refList(c.restored)}`);
  const unchanged = s.actions.unchanged;
  lines.push(`  ${counted(unchanged, 'action')} unchanged; groups: ${describe(s.groups)}; people: ${describe(s.people)}`);
  return lines;
}

function conflictLines(s: ImportSummary, tz: string): string[] {
  if (s.conflicts.length === 0) return [];
  const lines = [`Kept ${counted(s.conflicts.length, 'decision')} made in Plan Pulse over the file (update the file to match, or they will be listed again):`];
  for (const c of s.conflicts) {
    const when = c.decidedAt ? ` on ${formatDate(c.decidedAt, tz)}` : '';
    const by = c.decidedBy ? ` by ${c.decidedBy}` : '';
    if (c.decision === 'approvedRevisedDate') {
      lines.push(`  ${c.ref} due: the file says ${c.file ? formatPlanDate(c.file) : 'no date'}; kept ${formatPlanDate(c.kept)}, the revised date approved${by}${when}.`);
    } else {
      lines.push(`  ${c.ref} status: the file says ${c.file}; kept ${c.kept}, rated${by}${when}, after the last import.`);
    }
  }
  return lines;
}

function forecastLines(s: ImportSummary, tz: string): string[] {
  const f = s.forecast;
  if (!f) return [];
  const when = `The next tick (${formatDateTime(f.at, tz)})`;
  if (f.messages === 0) return [`${when} would send nothing for plan ${s.planId}.`];
  const parts = [
    `${counted(f.prompts, 'prompt')} (${counted(f.cyclesOpened, 'cycle')} opening)`,
    counted(f.reminders, 'reminder'),
    counted(f.overdueChases, 'overdue chase'),
    counted(f.escalations, 'escalation'),
  ];
  return [`${when} would send ${counted(f.messages, 'message')} to ${counted(f.recipients, 'person', 'people')} for plan ${s.planId}: ${parts.join(', ')}.`];
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      plan: { type: 'string' },
      name: { type: 'string' },
      tenant: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'allow-removals': { type: 'boolean' },
      'new-plan': { type: 'boolean' },
    },
    usage,
  );
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'Say which folder or .xlsx file to import.' : 'Give exactly one folder or .xlsx file.', usage);
  }
  const dryRun = values['dry-run'] ?? false;
  const tz = ctx.config.PLAN_TIMEZONE;
  const store = await ctx.store();
  const result = await importPlan(store, positionals[0]!, {
    planId: values.plan,
    name: values.name,
    dryRun,
    allowRemovals: values['allow-removals'] ?? false,
    newPlan: values['new-plan'] ?? false,
    clock: ctx.clock,
    timeZone: tz,
    forecast: dryRun ? ctx.config : undefined,
    tenantId: values.tenant ?? (ctx.config.MicrosoftAppType === 'SingleTenant' ? ctx.config.MicrosoftAppTenantId : undefined),
  });
  for (const warning of result.warnings) ctx.stderr(`Warning: ${warning}\n`);
  if (!result.ok) {
    for (const problem of result.problems) ctx.stderr(`${problem}\n`);
    const what = result.refusal.kind === 'invalid' ? `: ${counted(result.problems.length, 'problem')} found` : '';
    ctx.stderr(`Import refused${what}; nothing was changed.\n`);
    return EXIT.invalidInput;
  }
  const s = result.summary;
  const what = `${s.counts.actions} actions, ${s.counts.groups} groups, ${s.counts.people} people (${s.counts.leadStrings} lead strings), ${s.counts.areas} areas`;
  const named = s.name !== s.planId ? ` ("${s.name}")` : '';
  if (s.unchanged) {
    ctx.stdout(`Plan ${s.planId}${named} is already up to date (${what}); nothing was changed.\n`);
  } else {
    ctx.stdout(`${s.dryRun ? 'Dry run: would import' : 'Imported'} plan ${s.planId}${named}: ${what}.\n`);
    for (const line of changeSetLines(s)) ctx.stdout(`${line}\n`);
  }
  for (const line of conflictLines(s, tz)) ctx.stdout(`${line}\n`);
  if (s.pastDue.length > 0) {
    ctx.stderr(
      `Warning: ${counted(s.pastDue.length, 'open action is', 'open actions are')} already past ${s.pastDue.length === 1 ? 'its' : 'their'} due date: ${refList(s.pastDue)}. The scheduler chases overdue actions and escalates them to chairs and boards; revise the dates in the file first if they are out of date.\n`,
    );
  }
  for (const line of forecastLines(s, tz)) ctx.stdout(`${line}\n`);
  if (s.dryRun) ctx.stdout('Nothing was written (--dry-run).\n');
  return EXIT.ok;
}
