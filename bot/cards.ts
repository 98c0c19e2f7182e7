/**
 * From domain data to rendered cards: builds each template's view (src/cards/views.ts)
 * and renders it. Handlers call these; they never assemble card JSON themselves.
 */
import { randomUUID } from 'node:crypto';
import type { Action, Group, Person, Update } from '../src/domain/model';
import { renderCard, type AdaptiveCardJson } from '../src/cards/render';
import {
  actionRowView,
  historyCountText,
  historyEntryView,
  messageView,
  truncate,
  myActionsPage,
  embeddingRowView,
  updateConfirmationView,
  updateFormValues,
  updateFormView,
  type MessageButton,
  type MessageStyle,
  type UpdateFormErrors,
} from '../src/cards/views';
import type { UpdateFormValues as SubmittedValues, FieldErrors } from '../src/updates/updateInput';
import { compareRefs } from '../src/domain/actions';
import { isEmbedding } from '../src/domain/embedding';
import { isComplete } from '../src/domain/brag';
import type { LeadActionItem } from '../src/updates/leadActions';

export function helpCard(name?: string): AdaptiveCardJson {
  return renderCard('help', { greeting: name ? `Hello ${name.split(' ')[0]}.` : '' });
}

export function notInPlanCard(name: string, email: string | undefined, refused?: 'otherTenant' | 'identityConflict'): AdaptiveCardJson {
  if (refused === 'otherTenant') {
    return messageCard(
      'This plan is run in another organisation',
      "The plan your address is named in belongs to another organisation's Microsoft 365, and this Teams account is not in it, so Plan Pulse cannot act for you here and nothing was changed. Use your account in that organisation, or ask the plan's administrator.",
      'attention',
    );
  }
  if (refused === 'identityConflict') {
    return messageCard(
      'This account is not the one on record',
      "Plan Pulse knows the person at the address your profile gives by another Microsoft 365 account, so it cannot act for them from this one and nothing was changed. If you are that person, ask the plan's administrator to check the Entra object id in the plan's people list.",
      'attention',
    );
  }
  return renderCard('notInPlan', { name: name || 'there', email: email ?? 'unknown' });
}

export function messageCard(title: string, text: string, style: MessageStyle = 'default', buttons: MessageButton[] = []): AdaptiveCardJson {
  return renderCard('message', messageView({ title, text, style, buttons }));
}

export type { LeadActionItem } from '../src/updates/leadActions';

/** The caller's open actions, paged; their green actions apart, as embedding. */
export function myActionsCard(items: LeadActionItem[], page: number, today: string): AdaptiveCardJson {
  const byGroupAndRef = (a: LeadActionItem, b: LeadActionItem) => (a.group?.name ?? '').localeCompare(b.group?.name ?? '') || compareRefs(a.action.ref, b.action.ref);
  const embedding = items
    .filter((i) => isEmbedding(i.action))
    .sort(byGroupAndRef)
    .map((i) =>
      embeddingRowView({
        planId: i.action.planId,
        ref: i.action.ref,
        text: i.action.text,
        groupName: i.group?.name ?? i.action.groupId,
        greenSince: i.action.greenSince,
        blueProposedAt: i.action.blueProposal?.at,
      }),
    );
  const ordered = items.filter((i) => !isComplete(i.action.brag)).sort(
    (a, b) => (a.group?.name ?? '').localeCompare(b.group?.name ?? '') || compareRefs(a.action.ref, b.action.ref),
  );
  const rows = ordered.map((i) => ({
    ...actionRowView({
      planId: i.action.planId,
      ref: i.action.ref,
      text: i.action.text,
      groupName: i.group?.name ?? i.action.groupId,
      due: i.action.due,
      brag: i.action.brag,
      leads: i.leadNames,
      today,
    }),
    groupNextMeeting: i.group?.nextMeeting,
  }));
  return renderCard('myActions', myActionsPage(rows, page, undefined, embedding));
}

export interface UpdateFormInput {
  action: Action;
  group?: Group;
  today: string;
  timeZone: string;
  lastUpdate?: Update;
  people: Map<string, Person>;
  values?: SubmittedValues;
  errors?: FieldErrors;
  /** Kept across an invalid submit so a retry of the same form stays idempotent. */
  submissionId?: string;
}

export function updateFormCard(input: UpdateFormInput): AdaptiveCardJson {
  const { action, lastUpdate } = input;
  const errors: UpdateFormErrors = {};
  if (input.errors) {
    const e = input.errors;
    Object.assign(errors, {
      brag: e.brag,
      narrative: e.narrative,
      evidence: e.evidence,
      voice: e.voice ?? e.blockers,
      revisedDue: e.revisedDue,
      form: e.submissionId ?? e.escalate ?? e.ref,
      personalData: e.personalData,
    });
    for (const k of Object.keys(errors) as (keyof UpdateFormErrors)[]) if (!errors[k]) delete errors[k];
  }
  return renderCard(
    'updateForm',
    updateFormView({
      planId: action.planId,
      ref: action.ref,
      submissionId: input.submissionId ?? randomUUID(),
      actionText: action.text,
      groupName: input.group?.name ?? action.groupId,
      due: action.due,
      brag: action.brag,
      today: input.today,
      timeZone: input.timeZone,
      lastUpdate: lastUpdate
        ? { at: lastUpdate.at, byName: input.people.get(lastUpdate.authorId)?.name ?? lastUpdate.authorId, narrative: lastUpdate.narrative }
        : undefined,
      values: input.values ? updateFormValues(input.values) : undefined,
      errors,
    }),
  );
}

export function confirmationCard(action: Action, update: Update, people: Map<string, Person>, timeZone: string): AdaptiveCardJson {
  return renderCard(
    'updateConfirmation',
    updateConfirmationView({
      planId: action.planId,
      ref: action.ref,
      actionText: action.text,
      update,
      recordedBy: people.get(update.authorId)?.name ?? update.authorId,
      onBehalfOf: update.onBehalfOf ? (people.get(update.onBehalfOf)?.name ?? update.onBehalfOf) : undefined,
      historyCount: action.updateCount,
      timeZone,
    }),
  );
}

export const HISTORY_SHOWN = 5;

export function historyCard(
  action: Action,
  group: Group | undefined,
  updates: Update[],
  total: number,
  people: Map<string, Person>,
  timeZone: string,
): AdaptiveCardJson {
  const shown = updates.slice(0, HISTORY_SHOWN);
  return renderCard('history', {
    planId: action.planId,
    ref: action.ref,
    actionText: truncate(action.text, 200),
    groupName: group?.name ?? action.groupId,
    updates: shown.map((u) =>
      historyEntryView({
        at: u.at,
        byName: people.get(u.authorId)?.name ?? u.authorId,
        onBehalfOfName: u.onBehalfOf ? (people.get(u.onBehalfOf)?.name ?? u.onBehalfOf) : undefined,
        brag: u.brag,
        narrative: u.narrative,
        evidence: u.evidence,
        revisedDue: u.revisedDue,
        timeZone,
      }),
    ),
    total,
    countText: historyCountText(shown.length, total),
  });
}
