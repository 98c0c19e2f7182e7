/**
 * Plans as objects an administrator manages: what each holds and whether it is active, and
 * archiving — which stops everything Plan Pulse sends for a plan and hides it, keeping its
 * data (restoring brings it back as it was).
 */
import type { Clock } from '../domain/clock';
import type { Plan, PlanState } from '../domain/model';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';

export interface PlanListing {
  id: string;
  name: string;
  actions: number;
  /** When the plan's file was last imported with a change. */
  lastImport: string;
  state: PlanState;
  archivedAt?: string;
}

/** Every plan, by id, with its number of actions. */
export async function listPlanListings(store: Store): Promise<PlanListing[]> {
  const plans = (await store.plans.listPlans()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return mapLimit(plans, 4, async (plan): Promise<PlanListing> => ({
    id: plan.id,
    name: plan.name || plan.id,
    actions: (await store.plans.listActions(plan.id)).length,
    lastImport: plan.importedAt,
    state: plan.state ?? 'active',
    ...(plan.archivedAt ? { archivedAt: plan.archivedAt } : {}),
  }));
}

export type StateChange =
  | { outcome: 'changed'; plan: Plan }
  | { outcome: 'unchanged'; plan: Plan }
  | { outcome: 'notFound'; planIds: string[] };

/** Archives (or restores) a plan under its row's ETag. Doing it twice changes nothing. */
export async function setPlanState(store: Store, planId: string, state: PlanState, clock: Clock): Promise<StateChange> {
  let changed = false;
  const plan = await store.plans.modifyPlan(planId, (p) => {
    changed = (p.state ?? 'active') !== state;
    if (!changed) return p;
    if (state === 'archived') return { ...p, state, archivedAt: clock.now().toISOString() };
    const { archivedAt: _archivedAt, ...rest } = p;
    return { ...rest, state };
  });
  if (!plan) return { outcome: 'notFound', planIds: (await store.plans.listPlans()).map((p) => p.id).sort() };
  return { outcome: changed ? 'changed' : 'unchanged', plan };
}
