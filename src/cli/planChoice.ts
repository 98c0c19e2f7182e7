/** Which plan a command means: --plan, or the only plan stored. */
import type { Store } from '../storage/store';

export type PlanChoice = { ok: true; planId: string } | { ok: false; message: string };

export async function choosePlan(store: Store, requested: string | undefined): Promise<PlanChoice> {
  const plans = (await store.plans.listPlans()).map((p) => p.id).sort();
  if (requested) {
    if (plans.includes(requested)) return { ok: true, planId: requested };
    return {
      ok: false,
      message: plans.length > 0
        ? `There is no plan "${requested}". The plans stored are: ${plans.join(', ')}.`
        : `There is no plan "${requested}": no plan has been imported yet (run planpulse import <folder>).`,
    };
  }
  if (plans.length === 1) return { ok: true, planId: plans[0]! };
  if (plans.length === 0) return { ok: false, message: 'No plan has been imported yet: run planpulse import <folder|file.xlsx> first.' };
  return { ok: false, message: `Several plans are stored (${plans.join(', ')}): say which one with --plan ID.` };
}
