/** BRAG: the plan's progress scale, its legend words and ordering. */
import { z } from 'zod';

export const BRAG_VALUES = ['blue', 'green', 'amber', 'red'] as const;
export const bragSchema = z.enum(BRAG_VALUES);
export type Brag = z.infer<typeof bragSchema>;

export const RATING_VALUES = [...BRAG_VALUES, 'unrated'] as const;
export const ratingSchema = z.enum(RATING_VALUES);
export type Rating = z.infer<typeof ratingSchema>;

export const BRAG_LEGEND: Record<Brag, string> = {
  blue: 'Complete and embedded',
  green: 'Complete',
  amber: 'Progressing to timescale',
  red: 'Little or no progress/delayed',
};

/** Hex colours used by cards and exports; chosen to match the plans' own legend. */
export const BRAG_COLOURS: Record<Rating, string> = {
  blue: '#2F6FD1',
  green: '#2E8540',
  amber: '#F0A30A',
  red: '#C62828',
  unrated: '#9E9E9E',
};

/** Higher is better; used for "moved up / down" between cycles. */
export const BRAG_RANK: Record<Rating, number> = { unrated: 0, red: 1, amber: 2, green: 3, blue: 4 };

export function isComplete(rating: Rating): boolean {
  return rating === 'blue' || rating === 'green';
}

/** Overdue: due before `today` (both plan dates, YYYY-MM-DD) and not complete. */
export function isOverdue(action: { due?: string; brag: Rating }, today: string): boolean {
  return action.due !== undefined && action.due < today && !isComplete(action.brag);
}

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

const LEGEND_LOOKUP = new Map<string, Brag>([
  ...BRAG_VALUES.map((b) => [b, b] as [string, Brag]),
  ...BRAG_VALUES.map((b) => [normalise(BRAG_LEGEND[b]), b] as [string, Brag]),
  ['completeandembedded', 'blue'],
  ['littleornoprogress', 'red'],
  ['delayed', 'red'],
  ['progressing', 'amber'],
  ['ontrack', 'amber'],
  ['completed', 'green'],
  ['embedded', 'blue'],
  // RAG columns are often kept as a single letter.
  ['b', 'blue'],
  ['g', 'green'],
  ['a', 'amber'],
  ['r', 'red'],
]);

/** Every word a status cell may hold, as the plans write them: for "did you mean" hints. */
export const RATING_WORDS: readonly string[] = [...BRAG_VALUES, ...BRAG_VALUES.map((b) => BRAG_LEGEND[b]), 'On track'];

/**
 * Reads a status cell: a colour or the legend's words. Blank means unrated;
 * anything else is undefined (the caller reports it).
 */
export function parseRating(text: string | undefined | null): Rating | undefined {
  const raw = (text ?? '').trim();
  if (raw === '') return 'unrated';
  if (normalise(raw) === 'unrated') return 'unrated';
  return LEGEND_LOOKUP.get(normalise(raw));
}

/**
 * Why a lead's rating cannot be recorded as given, as a typed value the form words:
 * - `overdueAmber`: amber means progressing to timescale, so an action past its due date with
 *   no approved or pending revised date is delayed: red, or amber with a revised date.
 * - `blueWithoutEvidence`: blue means complete and embedded, which needs at least one evidence
 *   source showing it is embedded.
 */
export type RatingRefusal =
  | { kind: 'overdueAmber'; due: string; today: string }
  | { kind: 'blueWithoutEvidence' };

export interface RatingCheck {
  brag: Brag;
  evidenceCount: number;
  /** A revised completion date proposed with this rating. */
  revisedDue?: string;
}

/**
 * The legend's meaning applied to a rating. `pendingRevisedDue` is a revised date already
 * proposed and waiting for a chair; an approved one has moved the action's due date.
 */
export function checkRating(rating: RatingCheck, action: { due?: string }, today: string, pendingRevisedDue?: string): RatingRefusal | undefined {
  if (rating.brag === 'amber' && action.due !== undefined && action.due < today && !rating.revisedDue && !pendingRevisedDue) {
    return { kind: 'overdueAmber', due: action.due, today };
  }
  if (rating.brag === 'blue' && rating.evidenceCount === 0) return { kind: 'blueWithoutEvidence' };
  return undefined;
}

/**
 * The rating an update records and whether it proposes blue: a lead's blue becomes green with a
 * proposal until a chair confirms it, unless the action is blue already (confirmed before).
 */
export function recordedRating(rated: Brag, current: Rating): { brag: Brag; proposesBlue: boolean } {
  if (rated === 'blue' && current !== 'blue') return { brag: 'green', proposesBlue: true };
  return { brag: rated, proposesBlue: false };
}
