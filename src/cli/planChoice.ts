/**
 * Which plan a command means: --plan (any plan, archived ones too: their data is kept to be
 * read), or else the only active plan. Archived plans are never chosen by default.
 */
import { isArchived } from '../domain/model';
import type { Store } from '../storage/store';
import type { CliContext } from './context';

export type PlanChoice = { ok: true; planId: string } | { ok: false; message: string };

export async function choosePlan(store: Store, requested: string | undefined): Promise<PlanChoice> {
  const all = await store.plans.listPlans();
  const ids = all.map((p) => p.id).sort();
  if (requested) {
    if (ids.includes(requested)) return { ok: true, planId: requested };
    return {
      ok: false,
      message: ids.length > 0
        ? `There is no plan "${requested}". The plans stored are: ${ids.join(', ')}.`
        : `There is no plan "${requested}": no plan has been imported yet (run planpulse import <folder>).`,
    };
  }
  const active = all.filter((p) => !isArchived(p)).map((p) => p.id).sort();
  if (active.length === 1) return { ok: true, planId: active[0]! };
  if (active.length > 1) return { ok: false, message: `Several plans are stored (${active.join(', ')}): say which one with --plan ID.` };
  if (ids.length === 0) return { ok: false, message: 'No plan has been imported yet: run planpulse import <folder|file.xlsx> first.' };
  return { ok: false, message: `Every plan stored is archived (${ids.join(', ')}): name one with --plan ID to read it.` };
}

/**
 * The store and the plan a command works on. A plan it cannot choose is said on stderr and
 * comes back undefined, for the command to exit with EXIT.invalidInput.
 */
export async function openChosenPlan(ctx: CliContext, requested: string | undefined): Promise<{ store: Store; planId: string } | undefined> {
  const store = await ctx.store();
  const choice = await choosePlan(store, requested);
  if (!choice.ok) {
    ctx.stderr(`${choice.message}\n`);
    return undefined;
  }
  return { store, planId: choice.planId };
}
