/**
 * How Plan Pulse writes values for people: dates ("29 Jan 2027", never ISO), counts with
 * their noun ("1 day", "2 days"), names and greetings, BRAG words, evidence sources,
 * escalation causes and states, and lists cut to a length. Cards, email, the response page,
 * exports and the CLI all format through here, so one value reads the same everywhere.
 */
import { daysBetween, wallClockOf } from '../calendar';
import { BRAG_LEGEND, type Rating } from '../domain/brag';
import type { EvidenceType } from '../domain/model';

// ---------------------------------------------------------------------------------------
// Dates

/** Month names as the cards and exports write them (ours, not ICU's: it says "Sept" on some Node versions). */
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function parseDay(iso: string): { y: number; m: number; d: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return undefined;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

const dayText = (d: number, m: number, y: number) => `${d} ${MONTHS[m - 1]} ${y}`;

/** "31 Mar 2024" for a plan date (YYYY-MM-DD): a calendar date, the same in every time zone. */
export function formatPlanDate(date: string): string {
  const day = parseDay(date);
  if (!day) throw new RangeError(`"${date}" is not a plan date (YYYY-MM-DD).`);
  return dayText(day.d, day.m, day.y);
}

/**
 * "31 Mar 2024". A calendar date (YYYY-MM-DD) is shown as written; a timestamp is shown as
 * its date in timeZone (the plan's, PLAN_TIMEZONE).
 */
export function formatDate(iso: string, timeZone: string): string {
  const day = parseDay(iso);
  if (day) return dayText(day.d, day.m, day.y);
  const parts = zonedParts(iso, timeZone);
  return dayText(parts.day, parts.month, parts.year);
}

/** "27 Nov 2026, 09:14" in timeZone. */
export function formatDateTime(iso: string, timeZone: string): string {
  const p = zonedParts(iso, timeZone);
  return `${dayText(p.day, p.month, p.year)}, ${p.hour}:${p.minute}`;
}

/** "31 Mar 24": the short form for dense tables (the printable plan), still never ISO. */
export function formatShortPlanDate(date: string): string {
  const day = parseDay(date);
  if (!day) throw new RangeError(`"${date}" is not a plan date (YYYY-MM-DD).`);
  return `${day.d} ${MONTHS[day.m - 1]} ${String(day.y).slice(2)}`;
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

/** "Last update 3 Feb 2027" (its day in timeZone), or "No update yet". */
export function lastUpdateText(lastUpdateAt: string | undefined, timeZone: string): string {
  return lastUpdateAt ? `Last update ${formatDate(lastUpdateAt, timeZone)}` : 'No update yet';
}

/** The line a late report carries: it was made after its meeting, when Plan Pulse caught up. */
export function lateText(meetingDate: string, producedAt: string, timeZone: string): string {
  return `Late: made on ${formatDate(producedAt, timeZone)}, after the meeting on ${formatPlanDate(meetingDate)}, because Plan Pulse was not running when it was due.`;
}

// ---------------------------------------------------------------------------------------
// Counts

/** "1 action", "3 actions", "0 actions"; `many` for irregular plurals ("person", "people"). */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The co-production line: "14 of 30 updates this cycle say how children, young people and
 * families were involved."; `when` names the cycle ("this cycle", "in the last cycle").
 */
export function coProductionText(updates: number, withVoice: number, when: string): string {
  if (updates === 0) return `No updates were recorded ${when}.`;
  return `${withVoice} of ${counted(updates, 'update')} ${when} ${updates === 1 ? 'says' : 'say'} how children, young people and families were involved.`;
}

/** "1 day overdue", "12 days overdue". */
export function daysOverdueText(days: number): string {
  return `${counted(days, 'day')} overdue`;
}

/** "1 day overdue", "12 days overdue"; days between two YYYY-MM-DD dates. */
export function overdueText(due: string, today: string): string {
  return daysOverdueText(daysBetween(due, today));
}

// ---------------------------------------------------------------------------------------
// Text and lists

/** Cuts text to at most n characters, ending with "…" when it was cut; collapses no whitespace. */
export function truncate(text: string, n: number): string {
  const chars = Array.from(text.trim());
  if (chars.length <= n) return chars.join('');
  return chars.slice(0, Math.max(0, n - 1)).join('').trimEnd() + '…';
}

/** A list cut to a card-friendly length: the items shown and how many were left off. */
export interface CappedList<T> {
  items: T[];
  /** How many were left off (0 when all are shown); templates print "and N more". */
  more: number;
}

/** Keeps the first max items and counts the rest. */
export function capList<T>(items: readonly T[], max: number): CappedList<T> {
  return { items: items.slice(0, max), more: Math.max(0, items.length - max) };
}

// ---------------------------------------------------------------------------------------
// Names

/**
 * Lead names for a one-line row: the first few, then how many more. Plans name up to dozens
 * of leads on one action; joined in full they pushed the status card past Teams' size limit.
 */
export function leadNamesText(names: readonly string[], shown = 3): string {
  const first = names
    .slice(0, shown)
    .map((n) => truncate(n, 60))
    .join(', ');
  return names.length > shown ? `${first} and ${names.length - shown} more` : first;
}

/** Who did something, by person id: their name, Plan Pulse for its own rules, else the id. */
export function personName(people: ReadonlyMap<string, { name: string }>, id: string): string {
  return id === 'planpulse' ? 'Plan Pulse (automatic)' : (people.get(id)?.name ?? id);
}

/**
 * "Hello Alison." when the person's given name is known, else "Hello.". A display name is
 * never cut into a first word: in a council it is as often a role ("Head of SEND", "DCS")
 * as a person's name.
 */
export function greeting(givenName: string | undefined): string {
  const name = givenName?.trim();
  return name ? `Hello ${name}.` : 'Hello.';
}

// ---------------------------------------------------------------------------------------
// BRAG

/** The one wording of an action with no rating yet, on every card, email and page. */
export const NOT_YET_RATED = 'Not yet rated';

/** "Amber"; "Not yet rated". The short word beside a colour mark or in a count. */
export function bragName(rating: Rating): string {
  return rating === 'unrated' ? NOT_YET_RATED : rating[0]!.toUpperCase() + rating.slice(1);
}

/** The legend wording: "Blue – Complete and embedded"; "Not yet rated". */
export function bragLabel(rating: Rating): string {
  return rating === 'unrated' ? NOT_YET_RATED : `${bragName(rating)} – ${BRAG_LEGEND[rating]}`;
}

// ---------------------------------------------------------------------------------------
// Evidence and escalations

export const EVIDENCE_TITLES: Record<EvidenceType, string> = {
  audit: 'Audit',
  voice: 'Voice of children, young people and families',
  data: 'Data',
  review: 'Review',
  minutes: 'Minutes',
  surveys: 'Surveys',
};

/** "Audit, Data"; "None recorded" for none. */
export function evidenceText(evidence: readonly EvidenceType[]): string {
  return evidence.length === 0 ? 'None recorded' : evidence.map((e) => EVIDENCE_TITLES[e]).join(', ');
}

export const ESCALATION_CAUSE_TEXT: Record<string, string> = {
  red: 'Red rating',
  overdue: 'Overdue',
  missingUpdates: 'Missing updates',
  leadRequest: "Lead's request",
  repeatedRed: 'Red for several cycles',
};

/** "Red rating", "Lead's request"; an unknown cause as it is stored. */
export function escalationCauseText(cause: string): string {
  return ESCALATION_CAUSE_TEXT[cause] ?? cause;
}

export function escalationStateText(state: 'open' | 'acknowledged' | 'resolved'): string {
  return state === 'open' ? 'Open' : state === 'acknowledged' ? 'Acknowledged' : 'Resolved';
}
