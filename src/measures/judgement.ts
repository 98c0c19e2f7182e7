/**
 * Judging an impact measure: is its latest value on track, off track, or is there no data?
 *
 * A value is on track when it is at least as good as the target (the direction says which way
 * is better). Short of the target, a measure with a target date is judged against the
 * straight line from its baseline (at the trajectory's start) to the target (at the target
 * date): on track when the value is at least as good as where that line stands at the end of
 * the value's period. Without a target date, short of the target is off track. When the latest
 * period that has ended has no value, there is no data: an old value does not stand in for it.
 */
import { type Frequency, type Period, type TermDates, parsePeriod, periodEndingOnOrBefore, daysBetween } from './periods';

export const DIRECTIONS = ['up', 'down'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const UNITS = ['percent', 'number', 'days'] as const;
export type Unit = (typeof UNITS)[number];

export type Judgement = 'onTrack' | 'offTrack' | 'noData';

export interface MeasureTarget {
  direction: Direction;
  baseline: number;
  target: number;
  frequency: Frequency;
  /** When the target should be reached (YYYY-MM-DD); with it, values are judged against the trajectory. */
  targetDate?: string;
  /**
   * Where the trajectory starts (YYYY-MM-DD): the baseline's date. Without it, judgeMeasure
   * starts the line at the beginning of the earliest recorded period.
   */
  baselineDate?: string;
  /** The plan's own term dates (terms.csv), kept with a termly or half-termly measure. */
  terms?: readonly TermDates[];
}

export interface MeasureValue {
  period: string;
  value: number;
}

export interface MeasureJudgement {
  judgement: Judgement;
  /** The latest period that has ended at the judging date: the one a value is expected for. */
  duePeriod: Period;
  /** The latest recorded value, even when it is too old to judge. */
  latest?: { period: Period; value: number };
  /** What the measure is judged against: the target itself or where the trajectory stands. */
  against?: { kind: 'target' | 'trajectory'; expected: number };
}

/** True when `value` is at least as good as `than`, for that direction. */
export function isAtLeastAsGood(direction: Direction, value: number, than: number): boolean {
  return direction === 'up' ? value >= than : value <= than;
}

/**
 * Where the straight line from baseline to target stands at `date`; before the line starts it
 * is the baseline, after the target date it is the target. Undefined without both dates.
 */
export function trajectoryAt(measure: MeasureTarget, date: string): number | undefined {
  const { baselineDate, targetDate } = measure;
  if (!baselineDate || !targetDate) return undefined;
  const span = daysBetween(baselineDate, targetDate);
  if (span <= 0) return measure.target;
  const share = Math.min(1, Math.max(0, daysBetween(baselineDate, date) / span));
  return measure.baseline + (measure.target - measure.baseline) * share;
}

/** Judges one value, recorded for a period ending on `periodEnd`. */
export function judgeValue(
  measure: MeasureTarget,
  value: number,
  periodEnd: string,
): { judgement: 'onTrack' | 'offTrack'; against: { kind: 'target' | 'trajectory'; expected: number } } {
  if (isAtLeastAsGood(measure.direction, value, measure.target)) {
    return { judgement: 'onTrack', against: { kind: 'target', expected: measure.target } };
  }
  const expected = trajectoryAt(measure, periodEnd);
  if (expected === undefined) return { judgement: 'offTrack', against: { kind: 'target', expected: measure.target } };
  // Rounded so a value reported to the precision people use is not off track by a rounding error.
  const onLine = isAtLeastAsGood(measure.direction, value, Math.round(expected * 1e6) / 1e6);
  return { judgement: onLine ? 'onTrack' : 'offTrack', against: { kind: 'trajectory', expected } };
}

/** Judges a measure at `today` from its recorded values (labels it cannot read are ignored). */
export function judgeMeasure(measure: MeasureTarget, values: readonly MeasureValue[], today: string): MeasureJudgement {
  const duePeriod = periodEndingOnOrBefore(measure.frequency, today, measure.terms);
  let latest: { period: Period; value: number } | undefined;
  let earliestStart: string | undefined;
  for (const v of values) {
    const parsed = parsePeriod(v.period, measure.frequency, measure.terms);
    if (!parsed.ok || parsed.period.end > today) continue;
    if (!latest || parsed.period.end > latest.period.end) latest = { period: parsed.period, value: v.value };
    if (!earliestStart || parsed.period.start < earliestStart) earliestStart = parsed.period.start;
  }
  if (!latest || latest.period.end < duePeriod.end) return { judgement: 'noData', duePeriod, latest };
  const line = { ...measure, baselineDate: measure.baselineDate ?? earliestStart };
  return { duePeriod, latest, ...judgeValue(line, latest.value, latest.period.end) };
}
