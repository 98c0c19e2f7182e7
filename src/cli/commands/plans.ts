/**
 * `planpulse plans [--json]`: one line per plan (id, name, actions, last import, state).
 * `planpulse plans archive ID`: stops everything sent for the plan and hides it, keeping its data.
 * `planpulse plans restore ID`: makes an archived plan active again.
 * `planpulse plans settings ID`: the plan's settings; `planpulse plans set ID NAME VALUE` changes one.
 */
import { formatDate } from '../../cards/format';
import { listPlanListings, planSettings, setPlanSetting, setPlanState, type PlanListing } from '../../plans/planAdmin';
import type { PlanSettings } from '../../domain/model';
import { EXIT, parseFlags, UsageError, type CliContext } from '../context';

export const usage = 'planpulse plans [--json] | planpulse plans archive ID | planpulse plans restore ID | planpulse plans settings ID | planpulse plans set ID NAME VALUE';

const settingsText = (settings: PlanSettings) => Object.entries(settings).map(([k, v]) => `${k} ${v}`).join('\n');

function noPlan(ctx: CliContext, planId: string, planIds: string[]): number {
  ctx.stderr(planIds.length > 0 ? `There is no plan "${planId}". The plans stored are: ${planIds.join(', ')}.\n` : `There is no plan "${planId}": no plan has been imported yet.\n`);
  return EXIT.invalidInput;
}

function table(listings: PlanListing[], timeZone: string): string {
  const rows = [
    ['id', 'name', 'actions', 'last import', 'state'],
    ...listings.map((p) => [
      p.id,
      p.name,
      String(p.actions),
      formatDate(p.lastImport, timeZone),
      p.state === 'archived' && p.archivedAt ? `archived ${formatDate(p.archivedAt, timeZone)}` : p.state,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } }, usage);
  const [verb, planId, ...rest] = positionals;
  if (verb === undefined) {
    const listings = await listPlanListings(await ctx.store());
    if (values.json) ctx.stdout(`${JSON.stringify(listings)}\n`);
    else if (listings.length === 0) ctx.stdout('No plan has been imported yet: run planpulse import <folder|file.xlsx>.\n');
    else ctx.stdout(`${table(listings, ctx.config.PLAN_TIMEZONE)}\n`);
    return EXIT.ok;
  }
  if (verb === 'settings' || verb === 'set') {
    if (!planId) throw new UsageError(`Say which plan: planpulse plans ${verb} ID.`, usage);
    if (verb === 'settings') {
      if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`, usage);
      const settings = await planSettings(await ctx.store(), planId);
      if (!settings) return noPlan(ctx, planId, (await (await ctx.store()).plans.listPlans()).map((p) => p.id).sort());
      ctx.stdout(values.json ? `${JSON.stringify(settings)}\n` : `${settingsText(settings)}\n`);
      return EXIT.ok;
    }
    const [name, value, ...extra] = rest;
    if (!name || value === undefined) throw new UsageError('Say which setting and its value: planpulse plans set ID NAME VALUE (for example embeddingEveryCycles 3).', usage);
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`, usage);
    const result = await setPlanSetting(await ctx.store(), planId, name, value);
    if (result.outcome === 'notFound') return noPlan(ctx, planId, result.planIds);
    if (result.outcome === 'invalid') {
      ctx.stderr(`${result.message}\n`);
      return EXIT.invalidInput;
    }
    ctx.stdout(result.outcome === 'changed' ? `Plan ${planId}: ${name} is now ${value.trim()}; the scheduler uses it from the next tick.\n` : `Plan ${planId}: ${name} was already ${value.trim()}; nothing was changed.\n`);
    return EXIT.ok;
  }
  if (verb !== 'archive' && verb !== 'restore') throw new UsageError(`Unknown plans command "${verb}": use archive, restore, settings or set.`, usage);
  if (!planId) throw new UsageError(`Say which plan to ${verb}: planpulse plans ${verb} ID.`, usage);
  if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`, usage);
  if (values.json) throw new UsageError(`--json lists plans; it does not go with ${verb}.`, usage);

  const result = await setPlanState(await ctx.store(), planId, verb === 'archive' ? 'archived' : 'active', ctx.clock);
  if (result.outcome === 'notFound') return noPlan(ctx, planId, result.planIds);
  if (verb === 'archive') {
    ctx.stdout(
      result.outcome === 'changed'
        ? `Archived plan ${planId}: nothing more is sent for it, and commands no longer choose it by default. Its data is kept; planpulse plans restore ${planId} makes it active again.\n`
        : `Plan ${planId} was already archived; nothing was changed.\n`,
    );
  } else {
    ctx.stdout(
      result.outcome === 'changed'
        ? `Restored plan ${planId}: the scheduler runs its cycles again from the next tick.\n`
        : `Plan ${planId} is already active; nothing was changed.\n`,
    );
  }
  return EXIT.ok;
}
