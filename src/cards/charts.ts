/**
 * Data for Teams' native chart elements (Chart.*) in the card templates: the chart colour of each
 * rating and the series of a before-and-after comparison. Teams alone draws these charts; each
 * template gives them a fallback, and puts the numbers in words beside them, since a chart shows
 * its values only on hover.
 */
import type { Rating } from '../domain/brag';
import { BRAG_ORDER } from '../facts/counts';
import { bragName } from './format';

/** Teams' chart colour for a rating: its own semantic colours, kept legible in every theme. */
export const CHART_COLOUR: Record<Rating, string> = {
  blue: 'categoricalBlue',
  green: 'good',
  amber: 'warning',
  red: 'attention',
  unrated: 'neutral',
};

/** One series of a Chart.VerticalBar.Grouped: a legend and a value for each rating. */
export interface GroupedBarSeries {
  legend: string;
  values: { x: string; y: number }[];
  color: string;
}

/** BRAG counts then and now, for a grouped bar chart and a line of words. */
export interface BragTrendView {
  /** False when there is nothing to compare with (no earlier counts): the template shows nothing. */
  show: boolean;
  title: string;
  series: GroupedBarSeries[];
  /** "Blue 0 → 1 · Green 0 → 2 · Amber 10 → 7 · Red 0 → 2 · Unrated 95 → 93" */
  words: string;
}

/** Compares the counts at `thenLabel` with those at `nowLabel`; `then` undefined means nothing to compare. */
export function bragTrend(then: Record<Rating, number> | undefined, now: Record<Rating, number>, thenLabel: string, nowLabel: string, title: string): BragTrendView {
  if (!then) return { show: false, title, series: [], words: '' };
  // The chart leaves out the unrated, whose count would dwarf the rest; the words give every count.
  const values = (counts: Record<Rating, number>) => BRAG_ORDER.filter((r) => r !== 'unrated').map((r) => ({ x: bragName(r), y: counts[r] }));
  return {
    show: true,
    title,
    series: [
      { legend: thenLabel, values: values(then), color: 'neutral' },
      { legend: nowLabel, values: values(now), color: 'categoricalBlue' },
    ],
    words: BRAG_ORDER.map((r) => `${bragName(r)} ${then[r]} → ${now[r]}`).join(' · '),
  };
}
