/**
 * Reads the plan's dates: ISO days (2024-03-31), months (2024-03) and month names
 * (March 2024, Mar 2024). A month means its last working day: Monday to Friday and
 * not an England and Wales public (bank) holiday.
 */
import { isWorkingDay } from '../calendar';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDay = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

// A plan of thousands of actions names a few dozen months, each many times over.
const lastWorkingDays = new Map<string, string>();

/** The last working day of a month (month 1..12). */
export function lastWorkingDayOfMonth(year: number, month: number): string {
  const key = `${year}-${month}`;
  let found = lastWorkingDays.get(key);
  if (!found) {
    let day = new Date(Date.UTC(year, month, 0)).getUTCDate();
    while (!isWorkingDay(isoDay(year, month, day))) day--;
    found = isoDay(year, month, day);
    lastWorkingDays.set(key, found);
  }
  return found;
}

export type DateReading = { ok: true; date: string } | { ok: false; reason: string };

const ACCEPTED = 'a date written 2024-03-31, a month written 2024-03, or a month name such as March 2024';

/** Reads one date cell; `text` must not be blank (the caller decides what blank means). */
export function parsePlanDate(text: string): DateReading {
  const raw = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (mo < 1 || mo > 12 || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
      return { ok: false, reason: `"${raw}" is not a day in the calendar` };
    }
    return { ok: true, date: isoDay(y, mo, d) };
  }
  m = /^(\d{4})-(\d{1,2})$/.exec(raw);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return { ok: false, reason: `"${raw}" has no month ${mo}` };
    return { ok: true, date: lastWorkingDayOfMonth(y, mo) };
  }
  m = /^([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(raw);
  if (m) {
    const word = m[1]!.toLowerCase();
    const index = MONTHS.findIndex((name) => name === word || (word.length >= 3 && name.startsWith(word)));
    if (index < 0) return { ok: false, reason: `"${m[1]}" in "${raw}" is not a month name` };
    return { ok: true, date: lastWorkingDayOfMonth(Number(m[2]), index + 1) };
  }
  return { ok: false, reason: `"${raw}" is not ${ACCEPTED}` };
}

