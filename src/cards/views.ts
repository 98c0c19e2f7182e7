/**
 * Card view models: the data each template in cards/ binds to, and the small pure helpers
 * that build the parts templates cannot express well (BRAG colours, bar widths, dates,
 * truncation, paging). Handlers build a view from domain data and call
 * renderCard(templateName, view); every field a template binds is required here (use ''
 * or [] for "none"), because an unbound `${...}` makes renderCard refuse the card.
 */
import type { ScorecardView } from './measures';
import { wallClockOf } from '../calendar';
import { BRAG_LEGEND, BRAG_VALUES, isOverdue, type Brag, type Rating } from '../domain/brag';
import type { EvidenceType } from '../domain/model';
import type { BragTrendView } from './charts';

// ---------------------------------------------------------------------------------------
// Shared parts

/** Adaptive Card TextBlock colours. */
export type TextColour = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
/** Adaptive Card container styles (1.2+); used for coloured badges and bars. */
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

/** A BRAG rating as a card shows it. */
export interface BragView {
  rating: Rating;
  /** "Amber – Progressing to timescale"; "Not yet rated" for unrated. */
  label: string;
  /** "Amber"; "Unrated". */
  short: string;
  colour: TextColour;
  style: ContainerStyle;
}

/** One action as a row in a list. */
export interface ActionRowView {
  planId: string;
  ref: string;
  /** The action's text, shortened (see truncate). */
  text: string;
  groupName: string;
  /** Formatted due date ("31 Mar 2024"), or "No date". */
  due: string;
  overdue: boolean;
  brag: BragView;
  /** The leads as the plan names them, joined with ", ". */
  leads: string;
}

/** A list cut to a card-friendly length: the items shown and how many were left off. */
export interface CappedList<T> {
  items: T[];
  /** How many were left off (0 when all are shown); templates print "and N more". */
  more: number;
}

export interface FactView {
  title: string;
  value: string;
}

// ---------------------------------------------------------------------------------------
// Helpers

const RATING_ORDER: readonly Rating[] = ['blue', 'green', 'amber', 'red', 'unrated'];
/** Month names as the cards and exports write them (ours, not ICU's: it says "Sept" on some Node versions). */
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const COLOURS: Record<Rating, TextColour> = {
  blue: 'Accent',
  green: 'Good',
  amber: 'Warning',
  red: 'Attention',
  unrated: 'Default',
};
const STYLES: Record<Rating, ContainerStyle> = {
  blue: 'accent',
  green: 'good',
  amber: 'warning',
  red: 'attention',
  unrated: 'emphasis',
};

export const EVIDENCE_TITLES: Record<EvidenceType, string> = {
  audit: 'Audit',
  voice: 'Voice of children, young people and families',
  data: 'Data',
  review: 'Review',
  minutes: 'Minutes',
  surveys: 'Surveys',
};

/** "Amber"; "Unrated". */
export function bragName(rating: Rating): string {
  return rating === 'unrated' ? 'Unrated' : rating.charAt(0).toUpperCase() + rating.slice(1);
}

/** The legend wording: "Blue – Complete and embedded"; "Not yet rated". */
export function bragLabel(rating: Rating): string {
  return rating === 'unrated' ? 'Not yet rated' : `${bragName(rating)} – ${BRAG_LEGEND[rating]}`;
}

/** TextBlock colour: blue→Accent, green→Good, amber→Warning, red→Attention, unrated→Default. */
export function bragColour(rating: Rating): TextColour {
  return COLOURS[rating];
}

/** Container style for badges and bars, matching bragColour. */
export function bragStyle(rating: Rating): ContainerStyle {
  return STYLES[rating];
}

export function bragView(rating: Rating): BragView {
  return { rating, label: bragLabel(rating), short: bragName(rating), colour: bragColour(rating), style: bragStyle(rating) };
}

/** The four choices of the update form's BRAG input, titled with the legend words. */
export function bragChoices(): { title: string; value: Brag }[] {
  return BRAG_VALUES.map((b) => ({ title: bragLabel(b), value: b }));
}

/** Cuts text to at most n characters, ending with "…" when it was cut; collapses no whitespace. */
export function truncate(text: string, n: number): string {
  const chars = Array.from(text.trim());
  if (chars.length <= n) return chars.join('');
  return chars.slice(0, Math.max(0, n - 1)).join('').trimEnd() + '…';
}

function parseDay(iso: string): { y: number; m: number; d: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return undefined;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** "31 Mar 2024" for a plan date (YYYY-MM-DD): a calendar date, the same in every time zone. */
export function formatPlanDate(date: string): string {
  const day = parseDay(date);
  if (!day) throw new RangeError(`"${date}" is not a plan date (YYYY-MM-DD).`);
  return `${day.d} ${MONTHS[day.m - 1]} ${day.y}`;
}

/**
 * "31 Mar 2024". A calendar date (YYYY-MM-DD) is shown as written; a timestamp is shown as
 * its date in timeZone (the plan's, PLAN_TIMEZONE).
 */
export function formatDate(iso: string, timeZone: string): string {
  const day = parseDay(iso);
  if (day) return `${day.d} ${MONTHS[day.m - 1]} ${day.y}`;
  const parts = zonedParts(iso, timeZone);
  return `${parts.day} ${MONTHS[parts.month - 1]} ${parts.year}`;
}

/** The line a late report carries: it was made after its meeting, when Plan Pulse caught up. */
export function lateText(meetingDate: string, producedAt: string, timeZone: string): string {
  return `Late: made on ${formatDate(producedAt, timeZone)}, after the meeting on ${formatPlanDate(meetingDate)}, because Plan Pulse was not running when it was due.`;
}

/** "27 Nov 2026, 09:14" in timeZone. */
export function formatDateTime(iso: string, timeZone: string): string {
  const p = zonedParts(iso, timeZone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}, ${p.hour}:${p.minute}`;
}

function zonedParts(iso: string, timeZone: string): { year: number; month: number; day: number; hour: string; minute: string } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${iso}" is not a date and time the cards can show.`);
  const w = wallClockOf(date, timeZone);
  return { year: w.year, month: w.month, day: w.day, hour: String(w.hour).padStart(2, '0'), minute: String(w.minute).padStart(2, '0') };
}

/** Due date for a row: formatted, or "No date". */
export function formatDue(due: string | undefined): string {
  return due ? formatPlanDate(due) : 'No date';
}

/** Keeps the first max items and counts the rest. */
/**
 * Lead names for a one-line row: the first few, then how many more. Plans name up to dozens
 * of leads on one action; joined in full they pushed the status card past Teams' size limit.
 */
export function leadNamesText(names: readonly string[], shown = 3): string {
  const first = names.slice(0, shown).map((n) => truncate(n, 60)).join(', ');
  return names.length > shown ? `${first} and ${names.length - shown} more` : first;
}

export function capList<T>(items: readonly T[], max: number): CappedList<T> {
  return { items: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/** "Audit, Data"; "None recorded" for none. */
export function evidenceText(evidence: readonly EvidenceType[]): string {
  return evidence.length === 0 ? 'None recorded' : evidence.map((e) => EVIDENCE_TITLES[e]).join(', ');
}

export function actionRowView(input: {
  planId: string;
  ref: string;
  text: string;
  groupName: string;
  due?: string;
  brag: Rating;
  leads: readonly string[];
  today: string;
  /** Longest text shown; default 140. */
  maxText?: number;
}): ActionRowView {
  return {
    planId: input.planId,
    ref: input.ref,
    text: truncate(input.text, input.maxText ?? 140),
    groupName: input.groupName,
    due: formatDue(input.due),
    overdue: isOverdue(input, input.today),
    brag: bragView(input.brag),
    leads: input.leads.join(', '),
  };
}

// ---------------------------------------------------------------------------------------
// BRAG bars

export type BragCounts = Record<Rating, number>;

/** One BRAG as a horizontal bar: a coloured column of weight `count` and a blank one of weight `rest`. */
export interface BragBarRow {
  rating: Rating;
  /** "Amber". */
  name: string;
  count: number;
  /** Share of all actions, "25%". */
  percent: string;
  colour: TextColour;
  style: ContainerStyle;
  /** Column weight of the coloured part (= count); the column is left out when 0. */
  barWidth: number;
  /** Column weight of the blank remainder (= largest count − count); left out when 0. */
  restWidth: number;
  showBar: boolean;
  showRest: boolean;
}

/** One coloured piece of a single stacked bar; only ratings with a count appear. */
export interface BragSegment {
  rating: Rating;
  name: string;
  count: number;
  style: ContainerStyle;
  colour: TextColour;
  /** Column weight (= count). */
  width: number;
}

export interface BragBarsView {
  total: number;
  /** One row per rating, blue to unrated, for a bar chart. */
  rows: BragBarRow[];
  /** Nonzero ratings for one stacked bar. */
  segments: BragSegment[];
  /** "Blue 2 · Green 5 · Amber 20 · Red 3 · Unrated 10". */
  summary: string;
  /** True when there are no actions at all (templates then show a sentence, not bars). */
  isEmpty: boolean;
}

/** Column weights proportional to the counts, for ColumnSet-built bar charts. */
export function bragBars(counts: Partial<BragCounts>): BragBarsView {
  const value = (r: Rating) => Math.max(0, Math.floor(counts[r] ?? 0));
  const total = RATING_ORDER.reduce((sum, r) => sum + value(r), 0);
  const largest = Math.max(0, ...RATING_ORDER.map(value));
  const rows = RATING_ORDER.map((rating): BragBarRow => {
    const count = value(rating);
    return {
      rating,
      name: bragName(rating),
      count,
      percent: total === 0 ? '0%' : `${Math.round((count / total) * 100)}%`,
      colour: bragColour(rating),
      style: bragStyle(rating),
      barWidth: count,
      restWidth: largest - count,
      showBar: count > 0,
      showRest: largest - count > 0,
    };
  });
  const segments = rows
    .filter((r) => r.count > 0)
    .map((r) => ({ rating: r.rating, name: r.name, count: r.count, style: r.style, colour: r.colour, width: r.count }));
  const summary = rows.map((r) => `${r.name} ${r.count}`).join(' · ');
  return { total, rows, segments, summary, isEmpty: total === 0 };
}

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
    historyText: `This action now has ${input.historyCount} ${input.historyCount === 1 ? 'update' : 'updates'} in its history.`,
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

export function embeddingRowView(input: { planId: string; ref: string; text: string; groupName: string; greenSince?: string; blueProposedAt?: string }): EmbeddingRowView {
  return {
    planId: input.planId,
    ref: input.ref,
    text: truncate(input.text, 100),
    groupName: input.groupName,
    status: input.blueProposedAt
      ? `Blue proposed on ${formatPlanDate(input.blueProposedAt.slice(0, 10))}, waiting for a chair`
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
// help, message, linkPicker

/** Data for cards/help.json; the command list itself is written in the template. */
export interface HelpView {
  /** "Hello Alison." or ''. */
  greeting: string;
}

export type MessageStyle = 'default' | 'good' | 'attention' | 'warning';

/** A button on a message card: an Action.Execute with a verb from DESIGN.md. */
export interface MessageButton {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/** Data for cards/message.json: refusals, confirmations, short notices. Build it with messageView(). */
export interface MessageView {
  title: string;
  text: string;
  facts: FactView[];
  style: MessageStyle;
  /** TextBlock colour of the title, from style. */
  titleColour: TextColour;
  buttons: MessageButton[];
}

export function messageView(input: {
  title: string;
  text: string;
  facts?: FactView[];
  style?: MessageStyle;
  buttons?: MessageButton[];
}): MessageView {
  const style = input.style ?? 'default';
  const titleColour: Record<MessageStyle, TextColour> = { default: 'Default', good: 'Good', attention: 'Attention', warning: 'Warning' };
  return { title: input.title, text: input.text, facts: input.facts ?? [], style, titleColour: titleColour[style], buttons: input.buttons ?? [] };
}

export interface LinkCandidateView {
  groupId: string;
  planId: string;
  name: string;
  /** "Task and finish group" or "Board". */
  kind: string;
  /** The chair's name, or ''. */
  chair: string;
  /** The plan's name, for deployments with several plans. */
  planName: string;
}

/** Data for cards/linkPicker.json. */
export interface LinkPickerView {
  /** What the user typed after "link". */
  query: string;
  candidates: LinkCandidateView[];
}

// ---------------------------------------------------------------------------------------
// status

export interface OverdueRowView {
  planId: string;
  ref: string;
  groupName: string;
  /** "31 Mar 2024". */
  due: string;
  leads: string;
  /** "12 days overdue". */
  overdueText: string;
}

/** A red action on a group's summary. */
export interface RedRowView {
  planId: string;
  ref: string;
  /** Up to 100 characters. */
  text: string;
  leads: string;
  /** "Last update 3 Feb 2027" or "No update yet". */
  lastUpdate: string;
}

export interface MissingUpdateRowView {
  planId: string;
  ref: string;
  groupName: string;
  leads: string;
}

export interface EscalationRowView {
  escalationId: string;
  planId: string;
  ref: string;
  groupName: string;
  /** "Red rating", "Overdue", "Missing updates", "Lead's request" (ESCALATION_CAUSE_TEXT). */
  cause: string;
  /** Why it was raised, up to 300 characters (truncate). */
  reason: string;
  /** The state in words: "Open", "Acknowledged", "Resolved". */
  stateText: string;
  /** When it was raised: its date on the status card, date and time on the board's report. */
  raisedAt: string;
}

/** Data for cards/status.json. */
export interface StatusView {
  planName: string;
  /** "Inclusion", or '' for the whole plan. */
  groupName: string;
  /** formatDateTime of now. */
  asAt: string;
  bars: BragBarsView;
  overdueCount: number;
  overdue: CappedList<OverdueRowView>;
  missingCount: number;
  missing: CappedList<MissingUpdateRowView>;
  escalationCount: number;
  escalations: CappedList<EscalationRowView>;
  /** Open escalations of the scope the reader may not read (see decisions/visibility.ts). */
  escalationsHidden?: number;
}

export const ESCALATION_CAUSE_TEXT: Record<string, string> = {
  red: 'Red rating',
  overdue: 'Overdue',
  missingUpdates: 'Missing updates',
  leadRequest: "Lead's request",
  repeatedRed: 'Red for several cycles',
};

export function escalationStateText(state: 'open' | 'acknowledged' | 'resolved'): string {
  return state === 'open' ? 'Open' : state === 'acknowledged' ? 'Acknowledged' : 'Resolved';
}

/** "1 day overdue", "12 days overdue"; days between two YYYY-MM-DD dates. */
export function overdueText(due: string, today: string): string {
  const days = Math.round((Date.parse(today) - Date.parse(due)) / 86_400_000);
  return `${days} ${days === 1 ? 'day' : 'days'} overdue`;
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
// channelSummary

export interface MovedRowView {
  planId: string;
  ref: string;
  /** Up to 100 characters. */
  text: string;
  from: BragView;
  to: BragView;
}

export interface NotAnsweredView {
  /** The lead's name. */
  lead: string;
  /** "2.4, 2.5". */
  refs: string;
}

export interface DateChangeView {
  planId: string;
  ref: string;
  /** "31 Mar 2024" (current due date), or "No date". */
  from: string;
  /** "30 Jun 2024". */
  to: string;
  /** "Proposed by Alison Price", "Approved by …", "Rejected by …". */
  stateText: string;
}

/** Data for cards/channelSummary.json: one group's cycle, posted in its channel. */
export interface ChannelSummaryView {
  planId: string;
  groupName: string;
  /** Set when the cycle closed on a later day than its meeting: "Late: …". */
  lateText?: string;
  /** "3 Oct 2023". */
  meetingDate: string;
  bars: BragBarsView;
  /** "18 of 22 leads answered." */
  responseText: string;
  movedUp: CappedList<MovedRowView>;
  movedDown: CappedList<MovedRowView>;
  red: CappedList<RedRowView>;
  overdue: CappedList<OverdueRowView>;
  notAnswered: CappedList<NotAnsweredView>;
  escalations: CappedList<EscalationRowView>;
  dateChanges: CappedList<DateChangeView>;
}

/** Default list length on group and board cards; a 40-action group stays well under 40 KB. */
export const SUMMARY_LIST_MAX = 8;

// ---------------------------------------------------------------------------------------
// chairDigest

export interface DateProposalView {
  planId: string;
  ref: string;
  /** The update that proposed the date; approve/reject act on it. */
  updateId: string;
  /** Up to 140 characters. */
  actionText: string;
  /** Current due date, formatted, or "No date". */
  currentDue: string;
  proposedDue: string;
  proposedBy: string;
  /** The update's narrative, up to 200 characters. */
  why: string;
}

/** A lead's blue waiting for the chair: Confirm, or Not yet with a note for the lead. */
export interface BlueProposalView {
  planId: string;
  ref: string;
  /** The update that proposed blue; confirm/decline act on it. */
  updateId: string;
  /** Up to 140 characters. */
  actionText: string;
  proposedBy: string;
  proposedAt: string;
  /** evidenceText() of the proposal's evidence sources. */
  evidence: string;
  /** The proposal's narrative, up to 200 characters. */
  why: string;
  /** The id of the note's input: one per proposal, as a card's input ids must differ. */
  noteId: string;
}

/** The note input's id for a proposal, and reading it back from an Action.Execute's data. */
export function blueNoteInputId(updateId: string): string {
  return `blueNote-${updateId}`;
}

export function readBlueNote(data: Record<string, unknown>, updateId: string): string | undefined {
  const value = data.note ?? data[blueNoteInputId(updateId)];
  return typeof value === 'string' ? value : undefined;
}

export interface AwaitingAckView {
  escalationId: string;
  planId: string;
  ref: string;
  cause: string;
  reason: string;
  raisedBy: string;
  raisedAt: string;
}

export interface LeadAvailabilityView {
  name: string;
  /** "Away until 3 Dec 2026" or "Not reachable in Teams (the app is not installed)". */
  status: string;
}

export interface ChairGroupView {
  planId: string;
  groupName: string;
  meetingDate: string;
  bars: BragBarsView;
  overdueCount: number;
  movedUpCount: number;
  movedDownCount: number;
  /** "18 of 22 leads answered." */
  responseText: string;
  /** Names of leads who did not answer, joined; '' when everyone answered. */
  notAnswered: string;
  dateProposals: CappedList<DateProposalView>;
  blueProposals: CappedList<BlueProposalView>;
  awaitingAck: CappedList<AwaitingAckView>;
  unavailable: CappedList<LeadAvailabilityView>;
}

export interface DeadLetterView {
  /** Who the message was for. */
  to: string;
  /** "Update prompt", "Reminder", … */
  kind: string;
  /** Why it could not be sent, a sentence. */
  error: string;
  /** formatDateTime of the last attempt. */
  at: string;
}

/** Data for cards/chairDigest.json, sent in a chair's personal chat. */
export interface ChairDigestView {
  chairName: string;
  /** formatDateTime of when it was made. */
  generatedAt: string;
  groups: ChairGroupView[];
  /** Only for plan administrators; false hides the section. */
  showDeadLetters: boolean;
  deadLetters: CappedList<DeadLetterView>;
}

// ---------------------------------------------------------------------------------------
// boardReport

/** An escalation as the board sees it: the status card's row, with who raised it and what was done. */
export interface BoardEscalationView extends EscalationRowView {
  raisedBy: string;
  state: 'open' | 'acknowledged' | 'resolved';
  stateColour: TextColour;
  /** "Acknowledged by Judith Harwood, 27 Nov 2026, 09:14", or ''. */
  acknowledged: string;
  /** "Resolved by …, …: note", or ''. */
  resolved: string;
  /** Id of the Resolve note input; see resolveNoteInputId(). */
  noteInputId: string;
}

export interface BoardActionRowView {
  planId: string;
  ref: string;
  groupName: string;
  /** Up to 140 characters. */
  text: string;
  leads: string;
  due: string;
  /** Extra detail: "40 days overdue", "Last update 2 Aug 2023", … */
  detail: string;
  /** Red actions: the leads' latest narrative (up to 300 characters), blockers and ask. */
  narrative?: string;
  blockers?: string;
  /** "Asks the board to escalate · proposes 28 Jun 2024 as the completion date", or ''. */
  ask?: string;
}

/** One action on the exception report, once, with every reason it is there. */
export interface ExceptionRowView {
  planId: string;
  ref: string;
  groupName: string;
  /** Up to 140 characters. */
  text: string;
  leads: string;
  due: string;
  /** "Red · 29 days overdue · Escalated for 2 causes". */
  reasonsText: string;
  /** Red actions: the leads' latest narrative, blockers and ask. */
  narrative?: string;
  blockers?: string;
  ask?: string;
  escalations: BoardEscalationView[];
}

/** An achievement on a board's report: an action completed, or confirmed blue. */
export interface AchievementRowView {
  planId: string;
  ref: string;
  groupName: string;
  /** Up to 140 characters. */
  text: string;
  /** "Complete (green) since 3 Nov 2023" or "Confirmed blue by DCS PCC (DH), 23 Nov 2023". */
  what: string;
  colour: TextColour;
}

export function achievementRowView(input: {
  planId: string;
  ref: string;
  groupName: string;
  text: string;
  kind: 'completed' | 'confirmedBlue';
  at: string;
  byName?: string;
}): AchievementRowView {
  const when = formatPlanDate(input.at.slice(0, 10));
  return {
    planId: input.planId,
    ref: input.ref,
    groupName: input.groupName,
    text: truncate(input.text, 140),
    what: input.kind === 'confirmedBlue' ? `Confirmed blue${input.byName ? ` by ${input.byName}` : ''}, ${when}` : `Complete (green) since ${when}`,
    colour: input.kind === 'confirmedBlue' ? bragColour('blue') : bragColour('green'),
  };
}

/** What a lead asks for beside a red action, in words. */
export function askText(ask: { escalate: boolean; revisedDue?: string }): string {
  const parts = [ask.escalate ? 'Asks for escalation' : '', ask.revisedDue ? `Proposes ${formatPlanDate(ask.revisedDue)} as the completion date` : ''];
  return parts.filter((p) => p !== '').join(' · ');
}

// ---------------------------------------------------------------------------------------
// progressReport

/** One group on a progress report. */
export interface ProgressGroupView {
  groupName: string;
  bars: BragBarsView;
  /** "Improving: 3 moved up, 1 down since 24 Oct 2023", "First report: nothing to compare with yet". */
  trendText: string;
  trendColour: TextColour;
  /** "5.1 Amber → Green; 5.3 Red → Amber", or ''. */
  movedUp: string;
  movedDown: string;
}

/** Data for cards/progressReport.json, for a board that receives progress. */
export interface ProgressReportView extends ScorecardView {
  planId: string;
  boardName: string;
  meetingDate: string;
  generatedAt: string;
  /** "Since the meeting on 24 Oct 2023 · 7 groups" */
  scopeText: string;
  groups: ProgressGroupView[];
  achievements: CappedList<AchievementRowView>;
  red: CappedList<BoardActionRowView>;
  overdueBeyond: CappedList<BoardActionRowView>;
  overdueThresholdDays: number;
  /** "3 open, 1 acknowledged" or "None". */
  escalationsText: string;
  /** The BRAG counts of the groups at the board's previous meeting and now. */
  trend: BragTrendView;
}

export interface EvidenceCountView {
  source: EvidenceType;
  title: string;
  count: number;
}

/** Data for cards/boardReport.json, posted in the board's channel when its cycle closes. */
/** The exception report (cards/boardReport.json), with the plan's measures' scorecard when it has any. */
export interface BoardReportView extends ScorecardView {
  planId: string;
  boardName: string;
  /** Set when the board's cycle closed on a later day than its meeting: "Late: …". */
  lateText?: string;
  meetingDate: string;
  generatedAt: string;
  /** "Across 7 groups reporting to this board." */
  scopeText: string;
  overdueThresholdDays: number;
  /** "4 actions: red, overdue by more than 28 days, escalated or without an update for two cycles, as at 5 Feb 2027." */
  exceptionsText: string;
  /** Each action once, with all its reasons and its escalations. */
  exceptions: CappedList<ExceptionRowView>;
  /** Actions completed and blues confirmed in the board's cycle. */
  achievements: CappedList<AchievementRowView>;
  /** "14 of 30 updates this cycle say how children, young people and families were involved." */
  coProductionText: string;
  /** Refs of actions updated without saying so, joined; '' when none. */
  withoutCoProduction: string;
  evidenceCounts: EvidenceCountView[];
  /** Changes after the meeting to a report kept as it was: "3.5 (Lead's request): Acknowledged by … on 5 Feb 2027 after this meeting". */
  addendum: string[];
  /** Board members whose card Teams refreshes on view (at most 60); [] leaves refresh out. */
  refreshUserIds: string[];
  /** The data of the board.refresh Action.Execute. */
  refreshData: { planId: string; groupId: string; cycleId: string };
}

/** The Resolve note input's id for one escalation (ids must be unique within a card). */
export function resolveNoteInputId(escalationId: string): string {
  return `note-${escalationId}`;
}

/** Reads the resolve note from an escalation.resolve invoke's data. */
export function readResolveNote(data: Record<string, unknown>, escalationId: string): string | undefined {
  const value = data[resolveNoteInputId(escalationId)] ?? data.note;
  return typeof value === 'string' ? value : undefined;
}

/** Teams refreshes a card for at most 60 users. */
export function refreshUserIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].slice(0, 60);
}

export function boardEscalationView(input: {
  escalationId: string;
  planId: string;
  ref: string;
  groupName: string;
  cause: string;
  reason: string;
  raisedByName: string;
  raisedAt: string;
  state: 'open' | 'acknowledged' | 'resolved';
  acknowledgedByName?: string;
  acknowledgedAt?: string;
  resolvedByName?: string;
  resolvedAt?: string;
  resolutionNote?: string;
  timeZone: string;
}): BoardEscalationView {
  const tz = input.timeZone;
  const stateColour: TextColour = input.state === 'open' ? 'Attention' : input.state === 'acknowledged' ? 'Warning' : 'Good';
  return {
    escalationId: input.escalationId,
    planId: input.planId,
    ref: input.ref,
    groupName: input.groupName,
    cause: ESCALATION_CAUSE_TEXT[input.cause] ?? input.cause,
    reason: truncate(input.reason, 300),
    raisedBy: input.raisedByName,
    raisedAt: formatDateTime(input.raisedAt, tz),
    state: input.state,
    stateText: escalationStateText(input.state),
    stateColour,
    acknowledged:
      input.acknowledgedAt && input.acknowledgedByName
        ? `Acknowledged by ${input.acknowledgedByName}, ${formatDateTime(input.acknowledgedAt, tz)}`
        : '',
    resolved:
      input.resolvedAt && input.resolvedByName
        ? `Resolved by ${input.resolvedByName}, ${formatDateTime(input.resolvedAt, tz)}` +
          (input.resolutionNote ? `: ${truncate(input.resolutionNote, 300)}` : '')
        : '',
    noteInputId: resolveNoteInputId(input.escalationId),
  };
}

export function evidenceCounts(counts: Partial<Record<EvidenceType, number>>): EvidenceCountView[] {
  return (Object.keys(EVIDENCE_TITLES) as EvidenceType[]).map((source) => ({
    source,
    title: EVIDENCE_TITLES[source],
    count: counts[source] ?? 0,
  }));
}

// ---------------------------------------------------------------------------------------
// areaDigest

export interface AreaRowView {
  planId: string;
  ref: string;
  groupName: string;
  /** Up to 120 characters. */
  text: string;
  /** "Red", "35 days overdue", "Lead's request: open". */
  detail: string;
}

/** Data for cards/areaDigest.json, sent to an area's SRO at each board meeting. */
export interface AreaDigestView {
  /** "Area 7: Health" */
  title: string;
  sroName: string;
  /** "For the SEND Strategic Delivery Group (SSDG) meeting on 5 Dec 2023" */
  occasion: string;
  bars: BragBarsView;
  red: CappedList<AreaRowView>;
  overdue: CappedList<AreaRowView>;
  blueProposals: CappedList<BlueProposalView>;
  escalations: CappedList<AreaRowView>;
}
