/**
 * Who is talking: resolves the Teams user behind an activity to their email (from the
 * stored AAD link, else the Teams member API), keeps their conversation reference fresh,
 * and finds the people they are in each plan.
 */
import { TeamsInfo, TurnContext } from 'botbuilder';
import { conversationRefSchema, type ConversationRef, type Person, type Plan } from '../src/domain/model';
import type { Clock } from '../src/domain/clock';
import type { Store } from '../src/storage/store';
import type { Identity } from '../src/storage/identityRepository';
import type { UnreachableCause } from '../src/reach/reachability';
import type { ReadCache } from './readCache';
import { forgetPeople, peopleOf } from './cachedReads';

export interface Membership {
  plan: Plan;
  person: Person;
}

export interface Caller {
  email?: string;
  name: string;
  aadObjectId?: string;
  memberships: Membership[];
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

async function emailFromTeams(ctx: TurnContext): Promise<{ email?: string; name?: string; aadObjectId?: string }> {
  try {
    const member = await TeamsInfo.getMember(ctx, ctx.activity.from.id);
    return { email: member.email ?? member.userPrincipalName ?? undefined, name: member.name, aadObjectId: member.aadObjectId };
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
  /** Whether to store this activity's conversation as the user's personal conversation. */
  rememberConversation?: boolean;
}

export async function resolveCaller(ctx: TurnContext, options: ResolveOptions): Promise<Caller> {
  const { store, clock, cache } = options;
  const from = ctx.activity.from;
  let aadObjectId = from.aadObjectId;
  const aad = aadObjectId;
  let email = aad ? await cache.get(`aad:${aad}`, () => store.identities.emailOfAad(aad)) : undefined;
  let name = from.name ?? '';
  if (!email) {
    const fromTeams = await emailFromTeams(ctx);
    email = fromTeams.email?.toLowerCase();
    name = fromTeams.name ?? name;
    aadObjectId = aadObjectId ?? fromTeams.aadObjectId;
  }
  if (!email) return { name, aadObjectId, memberships: [] };

  const known = email;
  const existing = await cache.get(`identity:${known}`, () => store.identities.get(known));
  const change: Partial<Identity> = {};
  if (aadObjectId && existing?.aadObjectId !== aadObjectId) change.aadObjectId = aadObjectId;
  if (from.id && existing?.teamsUserId !== from.id) change.teamsUserId = from.id;
  if (name && existing?.name !== name) change.name = name;
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
      change.unreachableCause = undefined;
    }
  }
  if (!existing || Object.keys(change).length > 0) {
    await store.identities.merge(email, { ...change, lastSeenAt: clock.now().toISOString() });
    cache.delete(`identity:${known}`);
    if (change.aadObjectId) cache.delete(`aad:${change.aadObjectId}`);
  }

  const memberships: Membership[] = [];
  for (const m of await cache.get(`memberships:${known}`, () => store.plans.membershipsOf(known))) {
    const [plan, people] = await Promise.all([
      cache.get(`plan:${m.planId}`, () => store.plans.getPlan(m.planId)),
      peopleOf({ store, cache }, m.planId),
    ]);
    let person = people.get(m.personId);
    if (!plan || !person) continue;
    if (aadObjectId && person.aadObjectId !== aadObjectId) {
      person = await store.plans.modifyPerson(plan.id, person.id, (p) => ({ ...p, aadObjectId }));
      forgetPeople({ cache }, plan.id);
    }
    memberships.push({ plan, person });
  }
  return { email, name, aadObjectId, memberships };
}

/** Marks a user unreachable, for example when they uninstall the app. */
export async function markUnreachable(ctx: TurnContext, store: Store, cache: ReadCache, reason: string, cause?: UnreachableCause): Promise<void> {
  const aad = ctx.activity.from.aadObjectId;
  const email = aad ? await store.identities.emailOfAad(aad) : undefined;
  if (email) {
    await store.identities.merge(email, { reachable: false, unreachableReason: reason, unreachableCause: cause });
    cache.delete(`identity:${email}`);
  }
}
