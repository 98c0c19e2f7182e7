/**
 * Plans as objects an administrator manages: what each holds and whether it is active,
 * archiving — which stops everything Plan Pulse sends for a plan and hides it, keeping its
 * data (restoring brings it back as it was) — and its settings (cycle timing, chasing,
 * escalation and embedding cadences), which a re-import keeps.
 */
import type { Clock } from '../domain/clock';
import { planSettingsSchema, settingsOf, type Plan, type PlanSettings, type PlanState } from '../domain/model';
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

export const SETTING_NAMES = Object.keys(planSettingsSchema.shape) as Array<keyof PlanSettings>;

export type SettingChange =
  | { outcome: 'changed' | 'unchanged'; settings: PlanSettings }
  | { outcome: 'invalid'; message: string }
  | { outcome: 'notFound'; planIds: string[] };

/** The plan's settings, every one (defaults filled in). */
export async function planSettings(store: Store, planId: string): Promise<PlanSettings | undefined> {
  const plan = await store.plans.getPlan(planId);
  return plan ? settingsOf(plan) : undefined;
}

/** Sets one of the plan's settings (a whole number) under the plan row's ETag; a bad name or value changes nothing. */
export async function setPlanSetting(store: Store, planId: string, name: string, value: string): Promise<SettingChange> {
  const key = SETTING_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  if (!key) return { outcome: 'invalid', message: `There is no setting "${name}". The settings are: ${SETTING_NAMES.join(', ')}.` };
  const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  const checked = planSettingsSchema.shape[key].safeParse(number);
  if (!checked.success) {
    const bounds = checked.error.issues.map((i) => (i.code === 'too_small' ? ` of ${String(i.minimum)} or more` : i.code === 'too_big' ? ` of ${String(i.maximum)} or less` : '')).join('');
    return { outcome: 'invalid', message: `${key} takes a whole number${bounds}; "${value}" is not one. Nothing was changed.` };
  }
  let changed = false;
  const plan = await store.plans.modifyPlan(planId, (p) => {
    const current = settingsOf(p);
    changed = current[key] !== checked.data;
    return changed ? { ...p, settings: { ...current, [key]: checked.data } } : p;
  });
  if (!plan) return { outcome: 'notFound', planIds: (await store.plans.listPlans()).map((p) => p.id).sort() };
  return { outcome: changed ? 'changed' : 'unchanged', settings: settingsOf(plan) };
}
