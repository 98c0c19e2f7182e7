/** BRAG counts: how many actions hold each rating, every rating present (zero when none). */
import type { Rating } from '../domain/brag';

export type Counts = Record<Rating, number>;

/** The order counts are shown in: the legend's, best first, unrated last. */
export const BRAG_ORDER: readonly Rating[] = ['blue', 'green', 'amber', 'red', 'unrated'];

export const emptyCounts = (): Counts => ({ blue: 0, green: 0, amber: 0, red: 0, unrated: 0 });

/** Counts of some ratings: one per action, whether live or from a snapshot. */
export function countRatings(ratings: Iterable<Rating>): Counts {
  const counts = emptyCounts();
  for (const r of ratings) counts[r]++;
  return counts;
}

/** Several counts added up, rating by rating (a board's groups together). */
export function sumCounts(all: Iterable<Counts>): Counts {
  const total = emptyCounts();
  for (const c of all) for (const r of BRAG_ORDER) total[r] += c[r];
  return total;
}
