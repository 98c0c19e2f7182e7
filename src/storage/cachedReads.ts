/**
 * Every read the request handlers (the Teams layer and the response page) may serve from
 * memory, and the write that forgets each: whether a read is cached is decided here and
 * nowhere else. The reads are a plan's people and groups, action rows with their ETags,
 * plans, who an address or an Entra object id is and which plans name them, and response
 * links. Services in src/ are handed the Store and always read storage.
 *
 * A response link is kept only while no link has been withdrawn since it was read: every
 * withdrawal rewrites one marker row in the same transaction, and that marker is read afresh
 * for every check (see responseLinkOf), so a link withdrawn by any process stops at once.
 *
 * Entries live for PLANPULSE_CACHE_SECONDS; this process's own writes forget them at once,
 * other instances' writes (an import, another bot instance) are seen within that time. A card
 * submit or a response-page post then costs a handful of storage calls instead of a dozen.
 *
 * Action rows are cached with their ETags, so a submit can write without reading first. That
 * is safe because every write of an action is made under its ETag: a row changed elsewhere
 * fails the write, which then reads the row afresh. A lookup may show an action as it was up
 * to PLANPULSE_CACHE_SECONDS ago when another process changed it. Histories are never cached.
 */
import type { Action, Group, Person, Plan } from '../domain/model';
import type { Identity } from './identityRepository';
import type { Membership } from './planRepository';
import type { ResponseLink } from './responseLinkRepository';
import type { Store } from './store';
import type { Stored } from './tableStore';

/** How many entries may be added between two sweeps of the expired ones. */
const SWEEP_EVERY = 1000;

/** A short-lived map of loads in flight or done; a failed load is not remembered. */
export class ReadCache {
  private readonly entries = new Map<string, { until: number; value: Promise<unknown> }>();
  private readonly latestLoads = new Map<string, { running: Promise<unknown>; next?: Promise<unknown> }>();
  private added = 0;

  constructor(private readonly ttlMs: number) {}

  /** Whether anything is kept at all (PLANPULSE_CACHE_SECONDS above zero). */
  get keeps(): boolean {
    return this.ttlMs > 0;
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { until: now + this.ttlMs, value });
    if (++this.added % SWEEP_EVERY === 0) this.sweep(now);
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Remembers a value this process has just written, for the same lifetime as a load. */
  set<T>(key: string, value: T): void {
    if (this.ttlMs <= 0) return;
    this.entries.set(key, { until: Date.now() + this.ttlMs, value: Promise.resolve(value) });
  }

  /** Forgets one entry. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /**
   * A load that starts after this call, never one already under way: what it answers was
   * true at some moment after the caller asked. Calls that arrive while a load is under way
   * share the next one, which starts when it ends, so a thousand callers at once cost two
   * loads, not a thousand. Nothing is kept after.
   */
  latest<T>(key: string, load: () => Promise<T>): Promise<T> {
    const slot = this.latestLoads.get(key);
    if (!slot) return this.startLatest(key, load);
    slot.next ??= slot.running.then(
      () => this.startLatest(key, load),
      () => this.startLatest(key, load),
    );
    return slot.next as Promise<T>;
  }

  private startLatest<T>(key: string, load: () => Promise<T>): Promise<T> {
    const running = load();
    const slot = { running: running as Promise<unknown> };
    this.latestLoads.set(key, slot);
    const done = () => {
      if (this.latestLoads.get(key) === slot) this.latestLoads.delete(key);
    };
    running.then(done, done);
    return running;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
  }
}

export interface CachedStore {
  store: Store;
  cache: ReadCache;
}

type Forgetting = Pick<CachedStore, 'cache'>;

const peopleKey = (planId: string) => `people:${planId}`;
const groupsKey = (planId: string) => `groups:${planId}`;
const actionKey = (planId: string, ref: string) => `action:${planId}:${ref}`;
const planKey = (planId: string) => `plan:${planId}`;
const identityKey = (email: string) => `identity:${email}`;
const aadKey = (aadObjectId: string) => `aad:${aadObjectId}`;
const membershipsKey = (email: string) => `memberships:${email}`;

/**
 * A response link as stored now. The withdrawals marker is read afresh (a read that starts
 * after this call, shared with the checks that arrive with it); a link read under the same
 * marker is still current, because every withdrawal changes the marker in the transaction
 * that withdraws. So a page and its post read the link once, and a withdrawn link stops at once.
 */
export async function responseLinkOf(deps: CachedStore, hash: string): Promise<ResponseLink | undefined> {
  if (!deps.cache.keeps) return deps.store.responseLinks.get(hash);
  const mark = await deps.cache.latest('links:withdrawals', () => deps.store.responseLinks.withdrawalsMark());
  return deps.cache.get(`link:${hash}:${mark}`, () => deps.store.responseLinks.get(hash));
}

/** A plan's people by id. */
export function peopleOf(deps: CachedStore, planId: string): Promise<Map<string, Person>> {
  return deps.cache.get(peopleKey(planId), () => deps.store.plans.peopleById(planId));
}

/** A plan's groups and boards by id. */
export function groupsOf(deps: CachedStore, planId: string): Promise<Map<string, Group>> {
  return deps.cache.get(groupsKey(planId), async () => new Map((await deps.store.plans.listGroups(planId)).map((g) => [g.id, g])));
}

/** After this process changed someone in the plan. */
export function forgetPeople(deps: Forgetting, planId: string): void {
  deps.cache.delete(peopleKey(planId));
}

/** After this process changed a group of the plan. */
export function forgetGroups(deps: Forgetting, planId: string): void {
  deps.cache.delete(groupsKey(planId));
}

/** An action's row with its ETag (see above on why caching it is safe). */
export function actionRowOf(deps: CachedStore, planId: string, ref: string): Promise<Stored<Action> | undefined> {
  return deps.cache.get(actionKey(planId, ref), () => deps.store.plans.getAction(planId, ref));
}

/** Keeps the row this process has just written, so the next write needs no read. */
export function rememberActionRow(deps: Forgetting, row: Stored<Action>): void {
  deps.cache.set(actionKey(row.value.planId, row.value.ref), row);
}

/** Forgets a cached action after a write that did not hand back its row. */
export function forgetActionRow(deps: Forgetting, planId: string, ref: string): void {
  deps.cache.delete(actionKey(planId, ref));
}

/** A plan. */
export function planOf(deps: CachedStore, planId: string): Promise<Plan | undefined> {
  return deps.cache.get(planKey(planId), () => deps.store.plans.getPlan(planId));
}

/** After this process changed a plan (its tenant pinned, say). */
export function forgetPlan(deps: Forgetting, planId: string): void {
  deps.cache.delete(planKey(planId));
}

/** What is known of the person at an address: their Entra object id, Teams ids, chat. */
export function identityOf(deps: CachedStore, email: string): Promise<Identity | undefined> {
  return deps.cache.get(identityKey(email), () => deps.store.identities.get(email));
}

/** The address an Entra object id is known by. */
export function emailOfAad(deps: CachedStore, aadObjectId: string): Promise<string | undefined> {
  return deps.cache.get(aadKey(aadObjectId), () => deps.store.identities.emailOfAad(aadObjectId));
}

/** The plans (and the person in each) that name an address. */
export function membershipsOf(deps: CachedStore, email: string): Promise<Membership[]> {
  return deps.cache.get(membershipsKey(email), () => deps.store.plans.membershipsOf(email));
}

/** After this process changed what is known of the person at `email` (and their object id). */
export function forgetIdentity(deps: Forgetting, email: string, aadObjectId?: string): void {
  deps.cache.delete(identityKey(email));
  if (aadObjectId) deps.cache.delete(aadKey(aadObjectId));
}
