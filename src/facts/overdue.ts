/**
 * Overdue: an action due before the day it is judged on and not complete (the domain's
 * `isOverdue`), with how many days past its completion date it is on that day. Every report
 * computes the days once, as at one day (the meeting's, for a meeting's report), so an action
 * never reads "29 days overdue" in one line and "18 days" in the next.
 */
import { isOverdue, type Rating } from '../domain/brag';
import { daysBetween } from '../calendar';

export interface OverdueAction {
  due?: string;
  brag: Rating;
}

/** Days past the completion date on `asOf` (a plan date), or undefined when not overdue. */
export function daysOverdue(action: OverdueAction, asOf: string): number | undefined {
  return isOverdue(action, asOf) ? daysBetween(action.due!, asOf) : undefined;
}

/** Overdue by more than `thresholdDays` on `asOf` (a board's "overdue beyond" line). */
export function overdueBeyond(action: OverdueAction, asOf: string, thresholdDays: number): boolean {
  return (daysOverdue(action, asOf) ?? 0) > thresholdDays;
}
