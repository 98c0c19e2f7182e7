/**
 * The send window: the hours of a working day (plan time) within which proactive messages may
 * go (`PLANPULSE_SEND_HOURS`, 09:00-17:30 by default). Outside it nothing is sent; what falls
 * due waits for the next window to open.
 */
import { atPlanTime, planDateOf, wallClockOf } from './timeZone';
import { addDays, isWorkingDay } from './workingDays';

/** Minutes after midnight, plan time: from (inclusive) to (exclusive). */
export interface SendHours {
  from: number;
  to: number;
}

export const DEFAULT_SEND_HOURS = '09:00-17:30';

const HOURS = /^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]|24):([0-5]\d)$/;

/** Parses "HH:MM-HH:MM"; undefined when the text is not a window that opens before it closes. */
export function parseSendHours(text: string): SendHours | undefined {
  const m = HOURS.exec(text.trim());
  if (!m) return undefined;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  if (to > 24 * 60 || from >= to) return undefined;
  return { from, to };
}

export const defaultSendHours = (): SendHours => parseSendHours(DEFAULT_SEND_HOURS)!;

/** "09:00-17:30". */
export function formatSendHours(hours: SendHours): string {
  const hm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${hm(hours.from)}-${hm(hours.to)}`;
}

/** The UTC instant the plan's wall clock shows `minutes` after midnight on `date`. */
function atPlanMinutes(date: string, minutes: number, tz: string): Date {
  const onTheHour = atPlanTime(date, Math.floor(minutes / 60), tz);
  return new Date(onTheHour.getTime() + (minutes % 60) * 60_000);
}

/** Whether proactive messages may go at `now`: a working day, within the hours. */
export function inSendWindow(now: Date, hours: SendHours, tz: string): boolean {
  const today = planDateOf(now, tz);
  if (!isWorkingDay(today)) return false;
  const w = wallClockOf(now, tz);
  const minute = w.hour * 60 + w.minute;
  return minute >= hours.from && minute < hours.to;
}

/** When the window is next open at or after `now` (`now` itself when it is open). */
export function nextSendWindow(now: Date, hours: SendHours, tz: string): Date {
  if (inSendWindow(now, hours, tz)) return now;
  let date = planDateOf(now, tz);
  // A year of days is far more than any run of weekends and bank holidays.
  for (let i = 0; i < 366; i++, date = addDays(date, 1)) {
    if (!isWorkingDay(date)) continue;
    const opens = atPlanMinutes(date, hours.from, tz);
    if (opens >= now) return opens;
  }
  throw new Error(`No working day within a year of ${now.toISOString()}.`);
}
