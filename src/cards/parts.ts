/**
 * View parts several card families share: a BRAG rating as a card shows it, BRAG bars, an
 * action row, escalation rows, a proposed blue with Confirm / Not yet, and the input ids the
 * cards' notes travel back under.
 */
import { BRAG_VALUES, isOverdue, type Brag, type Rating } from '../domain/brag';
import type { Escalation, Person } from '../domain/model';
import type { BlueProposal } from '../decisions/blueDecisions';
import { BRAG_ORDER } from '../facts/counts';
import { CHART_COLOUR } from './charts';
import {
  bragLabel,
  bragName,
  counted,
  escalationCauseText,
  escalationStateText,
  evidenceText,
  formatDate,
  formatDue,
  personName,
  truncate,
} from './format';

/** Adaptive Card TextBlock colours. */
export type TextColour = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
/** Adaptive Card container styles (1.2+); used for coloured badges and bars. */
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export interface FactView {
  title: string;
  value: string;
}

// ---------------------------------------------------------------------------------------
// BRAG

/** A BRAG rating as a card shows it. */
export interface BragView {
  rating: Rating;
  /** "Amber – Progressing to timescale"; "Not yet rated" for unrated. */
  label: string;
  /** "Amber"; "Not yet rated". */
  short: string;
  colour: TextColour;
  style: ContainerStyle;
}

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
  /** Its colour in Teams' charts (CHART_COLOUR). */
  chartColour: string;
  /** Column weight (= count). */
  width: number;
}

export interface BragBarsView {
  total: number;
  /** "1 action", "40 actions". */
  totalText: string;
  /** One row per rating, blue to unrated, for a bar chart. */
  rows: BragBarRow[];
  /** Nonzero ratings for one stacked bar. */
  segments: BragSegment[];
  /** "Blue 2 · Green 5 · Amber 20 · Red 3 · Not yet rated 10". */
  summary: string;
  /** True when there are no actions at all (templates then show a sentence, not bars). */
  isEmpty: boolean;
}

/** Column weights proportional to the counts, for ColumnSet-built bar charts. */
export function bragBars(counts: Partial<BragCounts>): BragBarsView {
  const value = (r: Rating) => Math.max(0, Math.floor(counts[r] ?? 0));
  const total = BRAG_ORDER.reduce((sum, r) => sum + value(r), 0);
  const largest = Math.max(0, ...BRAG_ORDER.map(value));
  const rows = BRAG_ORDER.map((rating): BragBarRow => {
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
    .map((r) => ({ rating: r.rating, name: r.name, count: r.count, style: r.style, colour: r.colour, chartColour: CHART_COLOUR[r.rating], width: r.count }));
  const summary = rows.map((r) => `${r.name} ${r.count}`).join(' · ');
  return { total, totalText: counted(total, 'action'), rows, segments, summary, isEmpty: total === 0 };
}

// ---------------------------------------------------------------------------------------
// Action rows

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

// ---------------------------------------------------------------------------------------
// Escalations

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

/** An escalation as a status or summary row, raised on its date in the plan's time zone. */
export function escalationRowView(e: Escalation, groupName: string, timeZone: string, reasonMax = 300): EscalationRowView {
  return {
    escalationId: e.id,
    planId: e.planId,
    ref: e.ref,
    groupName,
    cause: escalationCauseText(e.cause),
    reason: truncate(e.reason, reasonMax),
    stateText: escalationStateText(e.state),
    raisedAt: formatDate(e.raisedAt, timeZone),
  };
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

// ---------------------------------------------------------------------------------------
// Proposed blues

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

/** Where a proposal is listed: its plan, the people who may have made it, and the plan's time zone to date it in. */
export interface BlueProposalContext {
  planId: string;
  people: ReadonlyMap<string, Person>;
  timeZone: string;
}

/** One proposed blue as the chair's digest and the area digest both list it, with Confirm / Not yet. */
export function blueProposalView(b: BlueProposal, { planId, people, timeZone }: BlueProposalContext): BlueProposalView {
  return {
    planId,
    ref: b.action.ref,
    updateId: b.update.id,
    actionText: truncate(b.action.text, 140),
    proposedBy: personName(people, b.update.authorId),
    proposedAt: formatDate(b.update.at, timeZone),
    evidence: evidenceText(b.update.evidence),
    why: truncate(b.update.narrative, 200),
    noteId: blueNoteInputId(b.update.id),
  };
}

/** Default list length on group and board cards; a 40-action group stays well under 40 KB. */
export const SUMMARY_LIST_MAX = 8;
