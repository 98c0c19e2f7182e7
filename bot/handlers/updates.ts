/**
 * The lead's side of the conversation: their actions, the update form (fresh, or filled with
 * the last update to update again), the small form to propose a revised date, submits (from
 * the card, a quick chat line, several lines at once, or "no change since my last update") and
 * an action's history. Each returns the card to show; the
 * route table (bot/routes.ts) sends it or answers the click with it. Who may open the form is
 * who may submit it (src/updates/updateForm.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { renderCard, type AdaptiveCardJson } from '../../src/cards/render';
import type { Command, QuickLine } from '../../src/commands/parseCommand';
import { submitUpdate, type SubmitResult } from '../../src/updates/submitUpdate';
import { BRAG_VALUES } from '../../src/domain/brag';
import { updateFormValues, updateFormView } from '../../src/cards/lead';
import type { Person, Update } from '../../src/domain/model';
import { updateFormAccess } from '../../src/updates/updateForm';
import type { Caller, Membership } from '../identity';
import type { FoundAction } from '../../src/updates/leadActions';
import { mayReadHistory } from '../../src/decisions/visibility';
import { confirmationCard, historyCard, messageCard, myActionsCard, updateFormCard, HISTORY_SHOWN } from '../../src/cards';
import { groupsOf, peopleOf, rememberActionRow } from '../../src/storage/cachedReads';
import { actionsForCaller, findActionForCaller, notInPlan, today, type BotDeps } from './context';
import { cardData, type Turn } from '../turn';

export const refDataSchema = z.object({
  ref: z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(z.string().min(1, 'ref must not be empty')),
  planId: z.string().optional(),
});

export const pageDataSchema = z.object({ page: z.coerce.number().int().min(1).catch(1).default(1) });

export async function myActions(deps: BotDeps, caller: Caller, page = 1): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  return myActionsCard(await actionsForCaller(deps, caller), { page, today: today(deps), timeZone: deps.timeZone });
}

/** The last update as the form's values, to update again: the rating it asked for (blue where it proposed blue) and its words. */
function valuesOfLast(update: Update) {
  return {
    brag: update.proposesBlue ? 'blue' : update.brag,
    narrative: update.narrative,
    evidence: update.evidence,
    voice: update.voice,
    blockers: update.blockers,
    escalate: false,
  };
}

/** The action a lead (or their delegate) may update, or the card that says why not; `form` as updateFormAccess takes it. */
async function leadsAction(deps: BotDeps, caller: Caller, ref: string, planId: string | undefined, form: 'whole' | 'short') {
  const found = await findActionForCaller(deps, caller, ref, planId);
  if (!found.ok) return { card: messageCard('Action not found', found.message, 'warning', [{ title: 'My actions', verb: 'actions.list', data: {} }]) };
  const { action, membership } = found;
  const people = await peopleOf(deps, action.planId);
  const [access, groups] = await Promise.all([updateFormAccess(deps.store, action, membership.person, people, form), groupsOf(deps, action.planId)]);
  if (!access.ok) return { card: messageCard('Not your action', access.message, 'warning') };
  return { action, people, groups, lastUpdate: access.lastUpdate };
}

/** The update form; `again` fills it with the last update ("Add evidence / update again"). */
export async function openUpdateForm(deps: BotDeps, caller: Caller, ref: string, planId?: string, again = false): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  const lead = await leadsAction(deps, caller, ref, planId, 'whole');
  if (!lead.action) return lead.card;
  const { action, people, groups, lastUpdate } = lead;
  return updateFormCard({
    action,
    group: groups.get(action.groupId),
    today: today(deps),
    timeZone: deps.timeZone,
    lastUpdate,
    people,
    ...(again && lastUpdate && !lastUpdate.decision ? { values: valuesOfLast(lastUpdate) } : {}),
  });
}

/**
 * The small form to propose a revised completion date without the whole update: the date, why
 * it moves and the rating (amber with the date, or red). It submits as an update, so the
 * proposal goes to the chair like any other.
 */
export async function openRevisedDateForm(deps: BotDeps, caller: Caller, ref: string, planId?: string): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  const lead = await leadsAction(deps, caller, ref, planId, 'short');
  if (!lead.action) return lead.card;
  const { action, groups } = lead;
  const view = updateFormView({
    planId: action.planId,
    ref: action.ref,
    submissionId: randomUUID(),
    actionText: action.text,
    groupName: groups.get(action.groupId)?.name ?? action.groupId,
    due: action.due,
    brag: action.brag,
    today: today(deps),
    timeZone: deps.timeZone,
    values: updateFormValues({ brag: action.brag === 'amber' || action.brag === 'red' ? action.brag : undefined }),
  });
  return renderCard('revisedDateForm', view);
}

export const NO_CHANGE_NOTE = 'No change since last update';

/**
 * "No change since my last update": an update with the action's current rating and a short
 * note, which answers the cycle's prompt like any other. Pressed twice the same day, it records
 * once; refused, with the form and the reason, when the rating no longer holds (amber on an
 * action now past its date).
 */
export async function recordNoChange(deps: BotDeps, caller: Caller, ref: string, planId?: string): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  const lead = await leadsAction(deps, caller, ref, planId, 'short');
  if (!lead.action) return lead.card;
  const { action } = lead;
  if (action.brag === 'unrated') {
    return messageCard('Nothing recorded', `Action ${action.ref} has no rating yet, so there is nothing to keep. Please give its first update.`, 'attention', [
      { title: `Update ${action.ref}`, verb: 'update.open', data: { ref: action.ref, planId: action.planId } },
    ]);
  }
  return recordUpdate(deps, caller, { ref: action.ref, planId: action.planId, brag: action.brag, narrative: NO_CHANGE_NOTE, submissionId: `nochange~${today(deps)}` });
}

const notARating = (word: string) => `"${word}" is not a rating: use ${BRAG_VALUES.slice(0, -1).join(', ')} or ${BRAG_VALUES.at(-1)}`;

/** A quick update whose rating is not one of the four: nothing is recorded, and the reply says what is taken. */
export function notRecordedCard(ref: string, word: string): AdaptiveCardJson {
  return messageCard('Nothing recorded', `${notARating(word)}, for example "${ref} amber waiting for ICB sign-off". Nothing was recorded for action ${ref}.`, 'attention');
}

/** Why a submit was not recorded, in one sentence. */
function refusalOf(result: Exclude<SubmitResult, { kind: 'recorded' }>): string {
  if (result.kind !== 'invalid') return result.message;
  const e = result.errors;
  return e.brag ?? e.narrative ?? e.evidence ?? e.revisedDue ?? e.personalData ?? Object.values(e).find((v) => typeof v === 'string') ?? 'It did not pass the form’s checks.';
}

/**
 * Submits an update as the caller's person in the plan the action was found in, starting from
 * the row already read; a recorded row is remembered, so the next write needs no read.
 */
async function submitFound(deps: BotDeps, found: Extract<FoundAction<Membership>, { ok: true }>, people: Map<string, Person>, input: unknown): Promise<SubmitResult> {
  const result = await submitUpdate(
    { store: deps.store, clock: deps.clock, timeZone: deps.timeZone, hooks: deps.hooks },
    found.membership.plan.id,
    found.membership.person,
    input,
    { action: found.stored, people },
  );
  if (result.kind === 'recorded') rememberActionRow(deps, result.stored);
  return result;
}

/**
 * Several quick updates in one message: each line is recorded or refused on its own, and the
 * reply says which, by ref. A redelivered message records nothing new (each line's submission
 * id comes from the message's id and the line).
 */
export async function recordQuickUpdates(deps: BotDeps, caller: Caller, lines: QuickLine[], messageId: string): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  const outcomes: string[] = [];
  let recorded = 0;
  for (const [i, line] of lines.entries()) {
    if (!('brag' in line)) {
      outcomes.push(`${line.ref}: not recorded. ${notARating(line.word)}.`);
      continue;
    }
    const found = await findActionForCaller(deps, caller, line.ref);
    if (!found.ok) {
      outcomes.push(`${line.ref} ${line.brag}: not recorded. ${found.message}`);
      continue;
    }
    const people = await peopleOf(deps, found.membership.plan.id);
    const result = await submitFound(deps, found, people, { ref: line.ref, brag: line.brag, narrative: line.text, submissionId: `chat-${messageId}-${i}` });
    if (result.kind === 'recorded') {
      recorded++;
      outcomes.push(`${line.ref} ${line.brag}: recorded${result.update.proposesBlue ? ' (blue proposed: a chair confirms it)' : ''}.`);
    } else {
      outcomes.push(`${line.ref} ${line.brag}: not recorded. ${refusalOf(result)}`);
    }
  }
  const refused = lines.length - recorded;
  const title = refused === 0 ? `${recorded} updates recorded` : recorded === 0 ? 'Nothing recorded' : `${recorded} ${recorded === 1 ? 'update' : 'updates'} recorded, ${refused} not`;
  return messageCard(title, outcomes.join('\n\n'), refused === 0 ? 'good' : 'attention', [{ title: 'My actions', verb: 'actions.list', data: {} }]);
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
  const result = await submitFound(deps, found, people, data);
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

/** `update.open`: the update form, from a card's button; `again` (from "Add evidence / update again") fills it with the last update. */
export async function openForm(turn: Turn): Promise<AdaptiveCardJson> {
  const parsed = turn.data(refDataSchema);
  if (!parsed.ok) return parsed.card;
  return openUpdateForm(turn.deps, await turn.caller(), parsed.value.ref, parsed.value.planId, cardData(turn.ctx).again === true);
}

/** `revisedDate.open`: the small form to propose a revised date. */
export async function openRevisedDate(turn: Turn): Promise<AdaptiveCardJson> {
  const parsed = turn.data(refDataSchema);
  if (!parsed.ok) return parsed.card;
  return openRevisedDateForm(turn.deps, await turn.caller(), parsed.value.ref, parsed.value.planId);
}

/** `update.noChange`: the same rating again, with a short note. */
export async function noChange(turn: Turn): Promise<AdaptiveCardJson> {
  const parsed = turn.data(refDataSchema);
  if (!parsed.ok) return parsed.card;
  return recordNoChange(turn.deps, await turn.caller(), parsed.value.ref, parsed.value.planId);
}

/** Several lines of quick updates in one message. */
export async function quickUpdates(turn: Turn, { lines }: Extract<Command, { kind: 'quickUpdates' }>): Promise<AdaptiveCardJson> {
  return recordQuickUpdates(turn.deps, await turn.caller(), lines, turn.ctx.activity.id ?? '');
}

/** `<ref> <word> …` where the word is not a rating. */
export async function notRecorded(_turn: Turn, { ref, word }: Extract<Command, { kind: 'notRecorded' }>): Promise<AdaptiveCardJson> {
  return notRecordedCard(ref, word);
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
