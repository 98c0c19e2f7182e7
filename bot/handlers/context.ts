/**
 * What every handler needs: the dependencies, the resolved caller, and lookups that
 * start from the caller (their actions, the action a ref names in their plans).
 */
import type { TurnContext } from 'botbuilder';
import type { Clock } from '../../src/domain/clock';
import type { Store } from '../../src/storage/store';
import type { LogSink } from '../../src/logging/logger';
import { correlated } from '../../src/logging/correlation';
import type { UpdateHooks } from '../../src/updates/submitUpdate';
import { planDateOf } from '../../src/calendar';
import { resolveCaller, type Caller, type Membership } from '../identity';
import type { ReadCache } from '../../src/storage/cachedReads';
import { actionRowOf, groupsOf, peopleOf } from '../../src/storage/cachedReads';
import { actionsToUpdate, findAction, type ActionReads, type FoundAction, type LeadActionItem } from '../../src/updates/leadActions';
import { notInPlanCard, type AdaptiveCardJson, type EscalationRowView } from '../../src/cards';

export type Logger = LogSink;

export interface BotDeps {
  store: Store;
  /** Reads shared across turns; src/storage/cachedReads.ts says which. */
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

/** Why the bot cannot act for a caller no plan names (or whose claim it refused), greeting them by their given name. */
export function notInPlan(caller: Caller): AdaptiveCardJson {
  return notInPlanCard(caller.givenName, caller.email, caller.refused);
}

/** Resolves the caller once per turn. */
export async function callerOf(ctx: TurnContext, deps: BotDeps): Promise<Caller> {
  const cached = ctx.turnState.get('planpulse.caller') as Caller | undefined;
  if (cached) return cached;
  const caller = await resolveCaller(ctx, { store: deps.store, clock: deps.clock, cache: deps.cache, logger: turnDeps(ctx, deps).logger });
  ctx.turnState.set('planpulse.caller', caller);
  return caller;
}


/** The reads the lead's lookups make, through the read cache. */
function actionReads(deps: BotDeps): ActionReads {
  return {
    people: (planId) => peopleOf(deps, planId),
    groups: (planId) => groupsOf(deps, planId),
    actionRow: (planId, ref) => actionRowOf(deps, planId, ref),
    refsOfLead: (planId, personId) => deps.store.plans.refsOfLead(planId, personId),
  };
}

/** The open actions the caller may update: their own, and those of leads who named them as delegate. */
export function actionsForCaller(deps: BotDeps, caller: Caller): Promise<LeadActionItem[]> {
  return actionsToUpdate(actionReads(deps), caller.memberships);
}

/** The action a ref names among the caller's plans (src/updates/leadActions.ts says which). */
export function findActionForCaller(deps: BotDeps, caller: Caller, ref: string, planId?: string): Promise<FoundAction<Membership>> {
  return findAction(actionReads(deps), caller.memberships, ref, planId);
}
