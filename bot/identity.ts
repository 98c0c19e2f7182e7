/**
 * Who is talking: resolves the Teams user behind an activity to their email (from the
 * stored AAD link, else the Teams member API), checks the claim against the plan's tenant
 * and the person's known Entra object id, keeps their conversation reference fresh, and
 * finds the people they are in each plan.
 */
import { TeamsInfo, TurnContext } from 'botbuilder';
import { conversationRefSchema, isArchived, type ConversationRef, type Person, type Plan } from '../src/domain/model';
import type { Clock } from '../src/domain/clock';
import type { Store } from '../src/storage/store';
import type { Identity } from '../src/storage/identityRepository';
import type { LogSink } from '../src/logging/logger';
import type { UnreachableCause } from '../src/reach/reachability';
import { emailOfAad, forgetIdentity, forgetPeople, forgetPlan, identityOf, membershipsOf, peopleOf, planOf, type ReadCache } from '../src/storage/cachedReads';

export interface Membership {
  plan: Plan;
  person: Person;
}

export interface Caller {
  email?: string;
  name: string;
  /** The given name Teams supplies, when it does; greetings use it and never cut the display name. */
  givenName?: string;
  aadObjectId?: string;
  memberships: Membership[];
  /** Set when the caller claimed an identity or plan that is not theirs (logged; they see "not in a plan"). */
  refused?: Refusal;
}

export function tenantOf(ctx: TurnContext): string | undefined {
  const a = ctx.activity;
  return (a.conversation as { tenantId?: string } | undefined)?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

export function isPersonal(ctx: TurnContext): boolean {
  const type = ctx.activity.conversation?.conversationType;
  return type === 'personal' || type === undefined;
}

export function conversationRefOf(ctx: TurnContext): ConversationRef {
  const ref = TurnContext.getConversationReference(ctx.activity);
  const { activityId: _ignored, ...rest } = ref;
  return conversationRefSchema.parse({ ...rest, tenantId: tenantOf(ctx), channelId: rest.channelId ?? 'msteams' });
}

async function emailFromTeams(ctx: TurnContext): Promise<{ email?: string; name?: string; givenName?: string; aadObjectId?: string }> {
  try {
    const member = await TeamsInfo.getMember(ctx, ctx.activity.from.id);
    return { email: member.email ?? member.userPrincipalName ?? undefined, name: member.name, givenName: member.givenName || undefined, aadObjectId: member.aadObjectId };
  } catch {
    // The member API is unavailable outside Teams (and in some emulators); the caller is then
    // treated as unknown, which the handlers answer politely.
    return {};
  }
}

export interface ResolveOptions {
  store: Store;
  clock: Clock;
  cache: ReadCache;
  /** Where refused claims are written (one warning line each). */
  logger?: LogSink;
  /** Whether to store this activity's conversation as the user's personal conversation. */
  rememberConversation?: boolean;
}

/**
 * Why a claim was refused: the plan belongs to another tenant, or the email's person is
 * already bound to another Entra object id.
 */
export type Refusal = 'otherTenant' | 'identityConflict';

/**
 * Resolves who is talking and the plans they may act in. The rules (docs/security.md):
 * - a plan belongs to one tenant; an activity from another tenant gets no access to it;
 * - once a person's Entra object id is known (people.csv, Graph, or an earlier turn) it is
 *   their identity: an activity whose object id differs is refused, however its email reads,
 *   and nothing of the stored identity (object id, chat, name) is changed by it;
 * - only a caller with at least one plan they may act in is remembered, so a stranger cannot
 *   bind an address before its owner is added to a plan.
 */
export async function resolveCaller(ctx: TurnContext, options: ResolveOptions): Promise<Caller> {
  const { store, clock, cache } = options;
  const from = ctx.activity.from;
  const tenant = tenantOf(ctx);
  let aadObjectId = from.aadObjectId;
  const aad = aadObjectId;
  const reads = { store, cache };
  let email = aad ? await emailOfAad(reads, aad) : undefined;
  let name = from.name ?? '';
  let givenName: string | undefined;
  if (!email) {
    const fromTeams = await emailFromTeams(ctx);
    email = fromTeams.email?.toLowerCase();
    name = fromTeams.name ?? name;
    givenName = fromTeams.givenName;
    aadObjectId = aadObjectId ?? fromTeams.aadObjectId;
  }
  if (!email) return { name, givenName, aadObjectId, memberships: [] };

  const known = email;
  const refuse = (reason: Refusal, fields: Record<string, unknown>): Caller => {
    options.logger?.warn({ reason, claimedEmail: known, claimedAadObjectId: aadObjectId, tenantId: tenant, ...fields }, 'Refused a claim to a plan identity.');
    return { name, givenName, aadObjectId, memberships: [], refused: reason };
  };
  const existing = await identityOf(reads, known);
  const learntGivenName = givenName;
  givenName = givenName ?? existing?.givenName;

  const memberships: Membership[] = [];
  const refusals: Array<{ reason: Refusal; planId: string; knownAadObjectId?: string; planTenantId?: string }> = [];
  for (const m of await membershipsOf(reads, known)) {
    const [plan, people] = await Promise.all([
      planOf(reads, m.planId),
      peopleOf(reads, m.planId),
    ]);
    const person = people.get(m.personId);
    // An archived plan is hidden: its people no longer act on it through the bot.
    if (!plan || !person || isArchived(plan)) continue;
    if (plan.tenantId && plan.tenantId !== tenant) {
      refusals.push({ reason: 'otherTenant', planId: plan.id, planTenantId: plan.tenantId });
      continue;
    }
    if (person.aadObjectId && person.aadObjectId !== aadObjectId) {
      refusals.push({ reason: 'identityConflict', planId: plan.id, knownAadObjectId: person.aadObjectId });
      continue;
    }
    memberships.push({ plan, person });
  }
  if (refusals.length > 0 && refusals.every((r) => r.reason === 'otherTenant')) {
    return refuse('otherTenant', { plans: refusals.map((r) => ({ planId: r.planId, planTenantId: r.planTenantId })) });
  }
  // The address belongs to someone whose object id is known: no plan of theirs is this caller's.
  if (existing?.aadObjectId && existing.aadObjectId !== aadObjectId) {
    return refuse('identityConflict', { knownAadObjectId: existing.aadObjectId });
  }
  const conflict = refusals.find((r) => r.reason === 'identityConflict');
  if (conflict) return refuse('identityConflict', { planId: conflict.planId, knownAadObjectId: conflict.knownAadObjectId });
  if (memberships.length === 0) return { email, name, givenName, aadObjectId, memberships };

  // The first accepted turn binds what was not known yet: the plan's tenant, the person's object id.
  // Both writes keep a value someone else wrote first, and a lost race is a refusal.
  const accepted: Membership[] = [];
  for (const { plan, person } of memberships) {
    let bound = { plan, person };
    if (!plan.tenantId && tenant) {
      bound.plan = (await store.plans.pinTenant(plan.id, tenant)) ?? plan;
      forgetPlan(reads, plan.id);
      if (bound.plan.tenantId !== tenant) {
        refusals.push({ reason: 'otherTenant', planId: plan.id, planTenantId: bound.plan.tenantId });
        continue;
      }
    }
    if (aadObjectId && !person.aadObjectId) {
      bound = { ...bound, person: await store.plans.modifyPerson(plan.id, person.id, (p) => (p.aadObjectId ? p : { ...p, aadObjectId })) };
      forgetPeople(reads, plan.id);
      if (bound.person.aadObjectId !== aadObjectId) {
        refusals.push({ reason: 'identityConflict', planId: plan.id, knownAadObjectId: bound.person.aadObjectId });
        continue;
      }
    }
    accepted.push(bound);
  }
  if (accepted.length === 0) {
    const first = refusals[0]!;
    return refuse(first.reason, { planId: first.planId, knownAadObjectId: first.knownAadObjectId, planTenantId: first.planTenantId });
  }

  const change: Partial<Identity> = {};
  if (aadObjectId && !existing?.aadObjectId) change.aadObjectId = aadObjectId;
  if (from.id && existing?.teamsUserId !== from.id) change.teamsUserId = from.id;
  if (name && existing?.name !== name) change.name = name;
  // Teams' given name and Graph's (src/reach/reach.ts) are the same directory attribute: the
  // latest read is kept, and a turn without one leaves the one on record.
  if (learntGivenName && existing?.givenName !== learntGivenName) change.givenName = learntGivenName;
  if (options.rememberConversation !== false && isPersonal(ctx)) {
    // The reference is built only when it changed: most turns come from the chat already stored.
    if (
      !existing?.conversation ||
      existing.conversation.conversation.id !== ctx.activity.conversation?.id ||
      existing.conversation.serviceUrl !== ctx.activity.serviceUrl ||
      existing.reachable === false
    ) {
      change.conversation = conversationRefOf(ctx);
      change.reachable = true;
      change.unreachableReason = undefined;
    }
  }
  if (!existing || Object.keys(change).length > 0) {
    await store.identities.merge(email, { ...change, lastSeenAt: clock.now().toISOString() });
    forgetIdentity(reads, known, change.aadObjectId);
  }
  return { email, name, givenName, aadObjectId, memberships: accepted };
}

/** Marks a user unreachable, for example when they uninstall the app. */
export async function markUnreachable(ctx: TurnContext, store: Store, cache: ReadCache, reason: string, cause?: UnreachableCause): Promise<void> {
  const aad = ctx.activity.from.aadObjectId;
  const email = aad ? await store.identities.emailOfAad(aad) : undefined;
  if (email) {
    await store.identities.merge(email, { reachable: false, unreachableReason: reason, unreachableCause: cause });
    forgetIdentity({ cache }, email);
  }
}
