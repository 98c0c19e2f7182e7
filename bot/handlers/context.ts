/**
 * What every handler needs: the dependencies, the resolved caller, and lookups that
 * start from the caller (their actions, the action a ref names in their plans).
 */
import type { TurnContext } from 'botbuilder';
import type { Clock } from '../../src/domain/clock';
import type { Action } from '../../src/domain/model';
import type { Store } from '../../src/storage/store';
import type { Stored } from '../../src/storage/tableStore';
import type { LogSink } from '../../src/logging/logger';
import { correlated } from '../../src/logging/correlation';
import type { UpdateHooks } from '../../src/updates/submitUpdate';
import { compareRefs, isOpenAction } from '../../src/domain/actions';
import { isEmbedding } from '../../src/domain/embedding';
import { mapLimit } from '../../src/util/async';
import { planDateOf } from '../../src/calendar';
import { resolveCaller, type Caller, type Membership } from '../identity';
import type { LeadActionItem } from '../cards';
import type { ReadCache } from '../cachedReads';
import { actionRowOf, groupsOf, peopleOf } from '../cachedReads';
import type { EscalationRowView } from '../../src/cards/views';

export type Logger = LogSink;

export interface BotDeps {
  store: Store;
  /** Reads shared across turns; bot/cachedReads.ts says which. */
  cache: ReadCache;
  clock: Clock;
  timeZone: string;
  logger: Logger;
  hooks?: UpdateHooks;
  /** Open escalations of a plan (of these groups only, when given) as status rows. */
  openEscalationRows?: (planId: string, groupIds?: ReadonlySet<string>) => Promise<EscalationRowView[]>;
}

/** Where the turn keeps its correlation id (set by the server for each activity). */
export const CORRELATION_ID = 'planpulse.correlationId';

/** The dependencies for one turn: the same, with a logger whose lines carry the turn's correlation id. */
export function turnDeps(ctx: TurnContext, deps: BotDeps): BotDeps {
  let forTurn = ctx.turnState.get('planpulse.deps') as BotDeps | undefined;
  if (!forTurn) {
    const id = (ctx.turnState.get(CORRELATION_ID) as string | undefined) ?? ctx.activity.id;
    forTurn = { ...deps, logger: correlated(deps.logger, id) };
    ctx.turnState.set('planpulse.deps', forTurn);
  }
  return forTurn;
}

export function today(deps: BotDeps): string {
  return planDateOf(deps.clock.now(), deps.timeZone);
}

/** Resolves the caller once per turn. */
export async function callerOf(ctx: TurnContext, deps: BotDeps): Promise<Caller> {
  const cached = ctx.turnState.get('planpulse.caller') as Caller | undefined;
  if (cached) return cached;
  const caller = await resolveCaller(ctx, { store: deps.store, clock: deps.clock, cache: deps.cache, logger: turnDeps(ctx, deps).logger });
  ctx.turnState.set('planpulse.caller', caller);
  return caller;
}


/**
 * The open actions the caller may update: their own, and those of leads who named them
 * as delegate.
 */
export async function actionsForCaller(deps: BotDeps, caller: Caller): Promise<LeadActionItem[]> {
  const items: LeadActionItem[] = [];
  for (const { plan, person } of caller.memberships) {
    const people = await peopleOf(deps, plan.id);
    const groups = await groupsOf(deps, plan.id);
    const principals = [person.id, ...[...people.values()].filter((p) => p.delegateId === person.id).map((p) => p.id)];
    const seen = new Set<string>();
    for (const id of principals) {
      for (const action of await actionsOfLead(deps, plan.id, id)) {
        // Open actions, and green ones on their way to blue (shown apart as embedding).
        if (seen.has(action.ref) || !(isOpenAction(action) || isEmbedding(action))) continue;
        seen.add(action.ref);
        items.push({ action, group: groups.get(action.groupId), leadNames: action.leadIds.map((l) => people.get(l)?.name ?? l) });
      }
    }
  }
  return items;
}

/**
 * The actions a person leads: the refs from the lead index, each row through the read cache,
 * so the form and the submit that usually follow "my actions" need no read of their own.
 */
async function actionsOfLead(deps: Pick<BotDeps, 'store' | 'cache'>, planId: string, personId: string): Promise<Action[]> {
  const refs = await deps.store.plans.refsOfLead(planId, personId);
  const rows = await mapLimit(refs, 8, (ref) => actionRowOf(deps, planId, ref));
  return rows
    .filter((row): row is Stored<Action> => row !== undefined)
    .map((row) => row.value)
    .sort((a, b) => compareRefs(a.ref, b.ref));
}

export type FoundAction =
  | { ok: true; membership: Membership; action: Action; stored: Stored<Action> }
  | { ok: false; message: string };

/**
 * Finds the action a ref names among the caller's plans; prefers the plan in `planId`,
 * then a plan where the caller leads it.
 */
export async function findActionForCaller(deps: BotDeps, caller: Caller, ref: string, planId?: string): Promise<FoundAction> {
  const candidates = planId ? caller.memberships.filter((m) => m.plan.id === planId) : caller.memberships;
  if (planId && candidates.length === 0) return { ok: false, message: `You are not named in plan ${planId}.` };
  const found: { membership: Membership; action: Action; stored: Stored<Action> }[] = [];
  for (const membership of candidates) {
    const row = await actionRowOf(deps, membership.plan.id, ref);
    if (row) found.push({ membership, action: row.value, stored: row });
  }
  if (found.length === 0) {
    return { ok: false, message: `There is no action ${ref} in ${candidates.length === 1 ? candidates[0]!.plan.name : 'your plans'}. Say "my actions" to see yours.` };
  }
  const own = found.find((f) => f.action.leadIds.includes(f.membership.person.id));
  return { ok: true, ...(own ?? found[0]!) };
}
