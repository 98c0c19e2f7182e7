/**
 * When a group's cycles happen: the meeting dates from its next meeting and cadence, and each
 * cycle's steps (open, reminder, last call, close) on working days at the plan's send hour.
 * Pure functions of dates and settings.
 */
import { addDays, atPlanTime, daysBetween, onOrBeforeWorkingDay, workingDaysBefore } from '../calendar';
import type { PlanSettings } from '../domain/model';

export const CYCLE_STEPS = ['open', 'reminder', 'lastCall'] as const;
export type CycleStep = (typeof CYCLE_STEPS)[number];

export interface CycleSchedule {
  meetingDate: string;
  /** Plan dates of each step; a step that would land on or after the close is dropped. */
  dates: { open: string; reminder?: string; lastCall?: string; close: string };
  at: { open: Date; reminder?: Date; lastCall?: Date; close: Date };
}

export function cycleSchedule(meetingDate: string, settings: PlanSettings, tz: string): CycleSchedule {
  const close = onOrBeforeWorkingDay(meetingDate);
  const open = workingDaysBefore(meetingDate, settings.openWorkingDaysBefore);
  const before = (n: number) => {
    const d = workingDaysBefore(meetingDate, n);
    return d > open && d < close ? d : undefined;
  };
  const reminder = before(settings.reminderWorkingDaysBefore);
  let lastCall = before(settings.lastCallWorkingDaysBefore);
  if (lastCall !== undefined && lastCall === reminder) lastCall = undefined;
  const at = (d: string) => atPlanTime(d, settings.sendHour, tz);
  return {
    meetingDate,
    dates: { open, reminder, lastCall, close },
    at: { open: at(open), reminder: reminder ? at(reminder) : undefined, lastCall: lastCall ? at(lastCall) : undefined, close: at(close) },
  };
}

/**
 * The meeting whose cycle is current at `now`: the first meeting of the series (next meeting,
 * then every `cadenceDays`) whose close is still ahead. Earlier meetings are history.
 */
export function currentMeeting(nextMeeting: string, cadenceDays: number, now: Date, today: string, settings: PlanSettings, tz: string): string {
  const behind = daysBetween(nextMeeting, today);
  let k = behind > 0 ? Math.max(0, Math.floor(behind / cadenceDays) - 1) : 0;
  for (;;) {
    const meeting = addDays(nextMeeting, k * cadenceDays);
    if (cycleSchedule(meeting, settings, tz).at.close > now) return meeting;
    k++;
  }
}

/** The latest step due at `now` (undefined before the cycle opens). */
export function dueStep(schedule: CycleSchedule, now: Date): CycleStep | undefined {
  let due: CycleStep | undefined;
  for (const step of CYCLE_STEPS) {
    const at = schedule.at[step];
    if (at && at <= now) due = step;
  }
  return due;
}
