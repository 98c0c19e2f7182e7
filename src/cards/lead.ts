/**
 * The lead's cards: the update form, the confirmation of a recorded update, "my actions" and
 * an action's history. Each has its view (the data its template in cards/ binds) and a
 * builder from domain data to the rendered card.
 */
import { randomUUID } from 'node:crypto';
import { isComplete, isOverdue, type Brag, type Rating } from '../domain/brag';
import { compareRefs } from '../domain/actions';
import { isEmbedding } from '../domain/embedding';
import type { Action, EvidenceType, Group, Person, Update } from '../domain/model';
import type { FieldErrors, UpdateFormValues as SubmittedValues } from '../updates/updateInput';
import type { LeadActionItem } from '../updates/leadActions';
import { capList, counted, evidenceText, formatDate, formatDateTime, formatDue, formatPlanDate, truncate, type CappedList } from './format';
import { actionRowView, bragView, type ActionRowView, type BragView } from './parts';
import { renderCard, type AdaptiveCardJson } from './render';

// ---------------------------------------------------------------------------------------
// updateForm

/** The form's input values as the card sends them back (Adaptive Card input value strings). */
export interface UpdateFormValues {
  /** '' or a BRAG colour. */
  brag: string;
  narrative: string;
  /** Comma-joined evidence types, e.g. "audit,voice". */
  evidence: string;
  voice: string;
  blockers: string;
  /** "true" or "false". */
  escalate: string;
  /** '' or YYYY-MM-DD. */
  revisedDue: string;
}

/** Field errors, each a full sentence shown under its input; `form` is for the whole form. */
export interface UpdateFormErrors {
  brag?: string;
  narrative?: string;
  evidence?: string;
  voice?: string;
  revisedDue?: string;
  form?: string;
  /** Likely personal data found in the text (privacy/personalData.ts); the form then offers a tick box. */
  personalData?: string;
}

/** Data for cards/updateForm.json. Build it with updateFormView(). */
export interface UpdateFormView {
  planId: string;
  ref: string;
  /** Fresh per sent form; a repeated submit with it records nothing new. */
  submissionId: string;
  /** Up to 600 characters. */
  actionText: string;
  groupName: string;
  /** "31 Mar 2024" or "No date". */
  due: string;
  overdue: boolean;
  brag: BragView;
  hasLastUpdate: boolean;
  /** '' when hasLastUpdate is false. */
  lastUpdateAt: string;
  lastUpdateBy: string;
  lastUpdateNarrative: string;
  values: UpdateFormValues;
  errors: UpdateFormErrors;
  /** Every error, for the summary at the top; empty when the form is fresh. */
  errorSummary: string[];
  hasErrors: boolean;
}

/** Turns submitted (or absent) values into the strings the form's inputs show. */
export function updateFormValues(input: {
  brag?: string;
  narrative?: string;
  evidence?: readonly string[] | string;
  voice?: string;
  blockers?: string;
  escalate?: boolean | string;
  revisedDue?: string;
} = {}): UpdateFormValues {
  const evidence = Array.isArray(input.evidence) ? input.evidence.join(',') : ((input.evidence as string | undefined) ?? '');
  return {
    brag: input.brag ?? '',
    narrative: input.narrative ?? '',
    evidence,
    voice: input.voice ?? '',
    blockers: input.blockers ?? '',
    escalate: input.escalate === true || input.escalate === 'true' ? 'true' : 'false',
    revisedDue: input.revisedDue ?? '',
  };
}

export function updateFormView(input: {
  planId: string;
  ref: string;
  submissionId: string;
  actionText: string;
  groupName: string;
  due?: string;
  brag: Rating;
  today: string;
  lastUpdate?: { at: string; byName: string; narrative: string };
  values?: UpdateFormValues;
  errors?: UpdateFormErrors;
  timeZone: string;
}): UpdateFormView {
  const errors = input.errors ?? {};
  const order: (keyof UpdateFormErrors)[] = ['form', 'personalData', 'brag', 'narrative', 'evidence', 'voice', 'revisedDue'];
  const errorSummary = order.map((k) => errors[k]).filter((e): e is string => typeof e === 'string' && e !== '');
  return {
    planId: input.planId,
    ref: input.ref,
    submissionId: input.submissionId,
    actionText: truncate(input.actionText, 600),
    groupName: input.groupName,
    due: formatDue(input.due),
    overdue: isOverdue(input, input.today),
    brag: bragView(input.brag),
    hasLastUpdate: input.lastUpdate !== undefined,
    lastUpdateAt: input.lastUpdate ? formatDateTime(input.lastUpdate.at, input.timeZone) : '',
    lastUpdateBy: input.lastUpdate?.byName ?? '',
    lastUpdateNarrative: input.lastUpdate ? truncate(input.lastUpdate.narrative, 200) : '',
    values: input.values ?? updateFormValues(),
    errors,
    errorSummary,
    hasErrors: errorSummary.length > 0,
  };
}

// ---------------------------------------------------------------------------------------
// updateConfirmation

/** Data for cards/updateConfirmation.json. */
export interface UpdateConfirmationView {
  planId: string;
  ref: string;
  /** Up to 200 characters. */
  actionText: string;
  brag: BragView;
  /** In full (at most 2,000 characters). */
  narrative: string;
  /** evidenceText(): "Audit, Data" or "None recorded". */
  evidence: string;
  /** '' when not given. */
  voice: string;
  blockers: string;
  escalate: boolean;
  /** "Yes – the group's chair will be told" or "No". */
  escalateText: string;
  /** Formatted proposed date, or ''. */
  revisedDue: string;
  /** formatDateTime(update.at): "27 Nov 2026, 09:14". */
  recordedAt: string;
  recordedBy: string;
  /** The lead's name when a delegate recorded it, else ''. */
  onBehalfOf: string;
  historyCount: number;
  /** "This action now has 3 updates in its history." */
  historyText: string;
}

export function updateConfirmationView(input: {
  planId: string;
  ref: string;
  actionText: string;
  update: {
    brag: Brag;
    narrative: string;
    evidence: readonly EvidenceType[];
    voice?: string;
    blockers?: string;
    escalate: boolean;
    revisedDue?: string;
    at: string;
  };
  recordedBy: string;
  onBehalfOf?: string;
  historyCount: number;
  timeZone: string;
}): UpdateConfirmationView {
  const u = input.update;
  return {
    planId: input.planId,
    ref: input.ref,
    actionText: truncate(input.actionText, 200),
    brag: bragView(u.brag),
    narrative: u.narrative,
    evidence: evidenceText(u.evidence),
    voice: u.voice ?? '',
    blockers: u.blockers ?? '',
    escalate: u.escalate,
    escalateText: u.escalate ? "Yes – the group's chair will be told" : 'No',
    revisedDue: u.revisedDue ? formatPlanDate(u.revisedDue) : '',
    recordedAt: formatDateTime(u.at, input.timeZone),
    recordedBy: input.recordedBy,
    onBehalfOf: input.onBehalfOf ?? '',
    historyCount: input.historyCount,
    historyText: `This action now has ${counted(input.historyCount, 'update')} in its history.`,
  };
}

// ---------------------------------------------------------------------------------------
// myActions

export interface MyActionsGroupView {
  groupName: string;
  /** "Next meeting 3 Oct 2023", or ''. */
  nextMeeting: string;
  actions: ActionRowView[];
}

/** Data for cards/myActions.json: one page of the caller's open actions. Build it with myActionsPage(). */
export interface MyActionsView {
  /** 1-based. */
  page: number;
  pageCount: number;
  /** All open actions, on every page. */
  total: number;
  /** "Actions 11–20 of 40"; '' when empty. */
  rangeText: string;
  groups: MyActionsGroupView[];
  isEmpty: boolean;
  /** Green actions, shown apart: complete, and asked about until they are embedded (blue). */
  embedding: CappedList<EmbeddingRowView>;
  hasPrevious: boolean;
  hasNext: boolean;
  previousPage: number;
  nextPage: number;
}

/** A green action in "my actions": what it waits for on its way to blue. */
export interface EmbeddingRowView {
  planId: string;
  ref: string;
  /** Up to 100 characters. */
  text: string;
  groupName: string;
  /** "Blue proposed on 21 Nov 2023, waiting for the chair" or "Complete since 2 Oct 2023: is it embedded?" */
  status: string;
}

export function embeddingRowView(input: {
  planId: string;
  ref: string;
  text: string;
  groupName: string;
  greenSince?: string;
  blueProposedAt?: string;
  /** The plan's time zone: a proposal made just after midnight in summer is dated that day, not the day before. */
  timeZone: string;
}): EmbeddingRowView {
  return {
    planId: input.planId,
    ref: input.ref,
    text: truncate(input.text, 100),
    groupName: input.groupName,
    status: input.blueProposedAt
      ? `Blue proposed on ${formatDate(input.blueProposedAt, input.timeZone)}, waiting for a chair`
      : `Complete${input.greenSince ? ` since ${formatPlanDate(input.greenSince)}` : ''}: is it embedded? Rate it blue with evidence when it is.`,
  };
}

export const MY_ACTIONS_EMBEDDING_MAX = 10;

export const MY_ACTIONS_PAGE_SIZE = 10;

/**
 * Cuts the caller's actions (already in the order to show, grouped rows adjacent) into one
 * page and regroups that page by group. A page past the end shows the last page.
 */
export function myActionsPage(
  rows: readonly (ActionRowView & { groupNextMeeting?: string })[],
  page: number,
  pageSize = MY_ACTIONS_PAGE_SIZE,
  embedding: readonly EmbeddingRowView[] = [],
): MyActionsView {
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const slice = rows.slice((current - 1) * pageSize, current * pageSize);
  const groups: MyActionsGroupView[] = [];
  for (const row of slice) {
    let group = groups.find((g) => g.groupName === row.groupName);
    if (!group) {
      group = {
        groupName: row.groupName,
        nextMeeting: row.groupNextMeeting ? `Next meeting ${formatPlanDate(row.groupNextMeeting)}` : '',
        actions: [],
      };
      groups.push(group);
    }
    const { groupNextMeeting: _ignored, ...plain } = row;
    group.actions.push(plain);
  }
  const first = (current - 1) * pageSize + 1;
  return {
    page: current,
    pageCount,
    total: rows.length,
    rangeText: rows.length === 0 ? '' : `Actions ${first}–${first + slice.length - 1} of ${rows.length}`,
    groups,
    isEmpty: rows.length === 0,
    embedding: capList(embedding, MY_ACTIONS_EMBEDDING_MAX),
    hasPrevious: current > 1,
    hasNext: current < pageCount,
    previousPage: Math.max(1, current - 1),
    nextPage: Math.min(pageCount, current + 1),
  };
}

// ---------------------------------------------------------------------------------------
// history

export interface HistoryEntryView {
  /** formatDateTime of the update. */
  at: string;
  /** "Alison Price" or "Sam Lee on behalf of Alison Price". */
  by: string;
  brag: BragView;
  /** Up to 500 characters. */
  narrative: string;
  evidence: string;
  /** Formatted proposed date, or ''. */
  revisedDue: string;
}

/** Data for cards/history.json: the last updates of one action, newest first. */
export interface HistoryView {
  planId: string;
  ref: string;
  /** Up to 200 characters. */
  actionText: string;
  groupName: string;
  updates: HistoryEntryView[];
  /** All updates in the history. */
  total: number;
  /** "Showing the last 5 of 12 updates." or "No updates have been recorded yet." */
  countText: string;
}

export function historyEntryView(input: {
  at: string;
  byName: string;
  onBehalfOfName?: string;
  brag: Rating;
  narrative: string;
  evidence: readonly EvidenceType[];
  revisedDue?: string;
  timeZone: string;
}): HistoryEntryView {
  return {
    at: formatDateTime(input.at, input.timeZone),
    by: input.onBehalfOfName ? `${input.byName} on behalf of ${input.onBehalfOfName}` : input.byName,
    brag: bragView(input.brag),
    narrative: truncate(input.narrative, 500),
    evidence: evidenceText(input.evidence),
    revisedDue: input.revisedDue ? formatPlanDate(input.revisedDue) : '',
  };
}

export function historyCountText(shown: number, total: number): string {
  if (total === 0) return 'No updates have been recorded yet.';
  if (shown >= total) return total === 1 ? 'The only update so far.' : `All ${total} updates, newest first.`;
  return `Showing the last ${shown} of ${total} updates, newest first.`;
}

// ---------------------------------------------------------------------------------------
// Builders: domain data to rendered cards

export type { LeadActionItem } from '../updates/leadActions';

/** The caller's open actions, paged; their green actions apart, as embedding. */
export function myActionsCard(items: LeadActionItem[], at: { page: number; today: string; timeZone: string }): AdaptiveCardJson {
  const { page, today, timeZone } = at;
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
        timeZone,
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
