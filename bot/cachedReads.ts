/**
 * The reads every turn makes through the read cache (bot/readCache.ts): a plan's people and
 * groups, and action rows with their ETags. Their cache keys live here only, so what reads
 * an entry and what forgets it after a write cannot drift apart.
 */
import type { Action, Group, Person } from '../src/domain/model';
import type { Store } from '../src/storage/store';
import type { Stored } from '../src/storage/tableStore';
import type { ReadCache } from './readCache';

export interface CachedStore {
  store: Store;
  cache: ReadCache;
}

const peopleKey = (planId: string) => `people:${planId}`;
const groupsKey = (planId: string) => `groups:${planId}`;
const actionKey = (planId: string, ref: string) => `action:${planId}:${ref}`;

/** A plan's people by id. */
export function peopleOf(deps: CachedStore, planId: string): Promise<Map<string, Person>> {
  return deps.cache.get(peopleKey(planId), () => deps.store.plans.peopleById(planId));
}

/** A plan's groups and boards by id. */
export function groupsOf(deps: CachedStore, planId: string): Promise<Map<string, Group>> {
  return deps.cache.get(groupsKey(planId), async () => new Map((await deps.store.plans.listGroups(planId)).map((g) => [g.id, g])));
}

/** After this process changed someone in the plan. */
export function forgetPeople(deps: Pick<CachedStore, 'cache'>, planId: string): void {
  deps.cache.delete(peopleKey(planId));
}

/** After this process changed a group of the plan. */
export function forgetGroups(deps: Pick<CachedStore, 'cache'>, planId: string): void {
  deps.cache.delete(groupsKey(planId));
}

/** An action's row with its ETag (see bot/readCache.ts on why caching it is safe). */
export function actionRowOf(deps: CachedStore, planId: string, ref: string): Promise<Stored<Action> | undefined> {
  return deps.cache.get(actionKey(planId, ref), () => deps.store.plans.getAction(planId, ref));
}

/** Keeps the row this process has just written, so the next write needs no read. */
export function rememberActionRow(deps: Pick<CachedStore, 'cache'>, row: Stored<Action>): void {
  deps.cache.set(actionKey(row.value.planId, row.value.ref), row);
}

/** Forgets a cached action after a write that did not hand back its row. */
export function forgetActionRow(deps: Pick<CachedStore, 'cache'>, planId: string, ref: string): void {
  deps.cache.delete(actionKey(planId, ref));
}
