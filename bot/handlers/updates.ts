/**
 * The lead's side of the conversation: their actions, the update form, submits (from the
 * card or a quick chat line) and an action's history. Each returns the card to show; the
 * route table (bot/routes.ts) sends it or answers the click with it. Who may open the form is
 * who may submit it (src/updates/updateForm.ts).
 */
import { z } from 'zod';
import type { AdaptiveCardJson } from '../../src/cards/render';
import type { Command } from '../../src/commands/parseCommand';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { updateFormAccess } from '../../src/updates/updateForm';
import type { Caller } from '../identity';
import { mayReadHistory } from '../../src/decisions/visibility';
import { confirmationCard, historyCard, messageCard, myActionsCard, notInPlanCard, updateFormCard, HISTORY_SHOWN } from '../../src/cards';
import { groupsOf, peopleOf, rememberActionRow } from '../cachedReads';
import { actionsForCaller, findActionForCaller, today, type BotDeps } from './context';
import { cardData, type Turn } from '../turn';

export const refDataSchema = z.object({
  ref: z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(z.string().min(1, 'ref must not be empty')),
  planId: z.string().optional(),
});

export const pageDataSchema = z.object({ page: z.coerce.number().int().min(1).catch(1).default(1) });

function notInPlan(caller: Caller): AdaptiveCardJson {
  return notInPlanCard(caller.givenName, caller.email, caller.refused);
}

export async function myActions(deps: BotDeps, caller: Caller, page = 1): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  return myActionsCard(await actionsForCaller(deps, caller), page, today(deps));
}

export async function openUpdateForm(deps: BotDeps, caller: Caller, ref: string, planId?: string): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  const found = await findActionForCaller(deps, caller, ref, planId);
  if (!found.ok) return messageCard('Action not found', found.message, 'warning', [{ title: 'My actions', verb: 'actions.list', data: {} }]);
  const { action, membership } = found;
  const people = await peopleOf(deps, action.planId);
  const [access, groups] = await Promise.all([updateFormAccess(deps.store, action, membership.person, people), groupsOf(deps, action.planId)]);
  if (!access.ok) return messageCard('Not your action', access.message, 'warning');
  return updateFormCard({
    action,
    group: groups.get(action.groupId),
    today: today(deps),
    timeZone: deps.timeZone,
    lastUpdate: access.lastUpdate,
    people,
  });
}

/**
 * Stores an update from the card or from a quick chat line. Invalid input comes back as
 * the form with the user's values and each error beside its field.
 */
export async function recordUpdate(deps: BotDeps, caller: Caller, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  const target = refDataSchema.safeParse(data);
  if (!target.success) return messageCard('Update not recorded', 'The update did not say which action it is for; open the form again from "my actions".', 'attention');
  const found = await findActionForCaller(deps, caller, target.data.ref, target.data.planId);
  if (!found.ok) return messageCard('Update not recorded', found.message, 'attention');
  const { membership } = found;
  const people = await peopleOf(deps, membership.plan.id);
  const result = await submitUpdate(
    { store: deps.store, clock: deps.clock, timeZone: deps.timeZone, hooks: deps.hooks },
    membership.plan.id,
    membership.person,
    data,
    { action: found.stored, people },
  );
  switch (result.kind) {
    case 'notFound':
      return messageCard('Update not recorded', result.message, 'attention');
    case 'forbidden':
      // The content is not logged: only who tried, and on what.
      deps.logger.warn({ planId: membership.plan.id, ref: target.data.ref, personId: membership.person.id }, 'Refused an update from someone who does not lead the action.');
      return messageCard('Update not recorded', result.message, 'attention');
    case 'invalid': {
      const [groups, history] = await Promise.all([
        groupsOf(deps, result.action.planId),
        deps.store.updates.history(result.action.planId, result.action.ref, 1),
      ]);
      return updateFormCard({
        action: result.action,
        group: groups.get(result.action.groupId),
        today: today(deps),
        timeZone: deps.timeZone,
        lastUpdate: history[0],
        people,
        values: result.values,
        errors: result.errors,
        submissionId: typeof data.submissionId === 'string' && data.submissionId ? data.submissionId : undefined,
      });
    }
    case 'recorded': {
      rememberActionRow(deps, result.stored);
      if (!result.duplicate) {
        deps.logger.info({ planId: result.action.planId, ref: result.action.ref, updateId: result.update.id, brag: result.update.brag }, 'Recorded an update.');
      }
      return confirmationCard(result.action, result.update, people, deps.timeZone);
    }
  }
}

export async function showHistory(deps: BotDeps, caller: Caller, ref: string, planId?: string): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  const found = await findActionForCaller(deps, caller, ref, planId);
  if (!found.ok) return messageCard('Action not found', found.message, 'warning');
  const { action } = found;
  const [people, groups] = await Promise.all([peopleOf(deps, action.planId), groupsOf(deps, action.planId)]);
  if (!mayReadHistory(found.membership.person, action, [...groups.values()], people)) {
    const group = groups.get(action.groupId);
    return messageCard(
      'This history is not yours to read',
      `The updates on action ${action.ref} are for its leads, the chair of ${group?.name ?? 'its group'} and of the groups above it, and the plan's administrators. Nothing is shown.`,
      'warning',
    );
  }
  const updates = await deps.store.updates.history(action.planId, action.ref, HISTORY_SHOWN);
  return historyCard(action, groups.get(action.groupId), updates, Math.max(action.updateCount, updates.length), people, deps.timeZone);
}

/** `my actions`, and the `actions.list` button. */
export async function myActionsOf(turn: Turn): Promise<AdaptiveCardJson> {
  return myActions(turn.deps, await turn.caller());
}

/** `actions.page`: another page of the caller's actions. */
export async function actionsPage(turn: Turn): Promise<AdaptiveCardJson> {
  const parsed = turn.data(pageDataSchema);
  return myActions(turn.deps, await turn.caller(), parsed.ok ? parsed.value.page : 1);
}

/** `update <ref>`: the update form. */
export async function updateCommand(turn: Turn, { ref }: Extract<Command, { kind: 'update' }>): Promise<AdaptiveCardJson> {
  return openUpdateForm(turn.deps, await turn.caller(), ref);
}

/** `update.open`: the update form, from a card's button. */
export async function openForm(turn: Turn): Promise<AdaptiveCardJson> {
  const parsed = turn.data(refDataSchema);
  if (!parsed.ok) return parsed.card;
  return openUpdateForm(turn.deps, await turn.caller(), parsed.value.ref, parsed.value.planId);
}

/** `<ref> <brag> <text>` in a chat: an update without the form. */
export async function quickUpdate(turn: Turn, { ref, brag, text }: Extract<Command, { kind: 'quickUpdate' }>): Promise<AdaptiveCardJson> {
  // The activity id makes a redelivered message record nothing new.
  const submissionId = `chat-${turn.ctx.activity.id ?? ''}`;
  return recordUpdate(turn.deps, await turn.caller(), { ref, brag, narrative: text, submissionId });
}

/** `update.submit`: the form's values, with the action and submission id the form carries. */
export async function submitForm(turn: Turn): Promise<AdaptiveCardJson> {
  return recordUpdate(turn.deps, await turn.caller(), cardData(turn.ctx));
}

/** `history.show`: an action's updates, for those who may read them. */
export async function history(turn: Turn): Promise<AdaptiveCardJson> {
  const parsed = turn.data(refDataSchema);
  if (!parsed.ok) return parsed.card;
  return showHistory(turn.deps, await turn.caller(), parsed.value.ref, parsed.value.planId);
}
