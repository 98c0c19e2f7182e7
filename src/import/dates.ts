/**
 * Reads the plan's dates as councils write them: ISO days (2024-03-31), UK days
 * (31/03/2024, 31 March 2024, 31-Mar-24), and months (2024-03, March 2024, Mar-24, 03/2024).
 * What a month means depends on the column: in `start` the month's first day (the action
 * is under way from the start of that month), in `due` (and any other date) its last
 * working day: Monday to Friday and not an England and Wales public (bank) holiday.
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

/** What a month stands for: its first day (`start`) or its last working day (`due`). */
export type MonthMeans = 'firstDay' | 'lastWorkingDay';

export const ACCEPTED_DATES =
  'a date written 31/03/2024, 31 March 2024 or 2024-03-31, or a month written March 2024, Mar-24 or 2024-03';

/** Two-digit years are this century's: plans run a few years either side of today. */
const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

function monthIndex(word: string): number {
  const w = word.toLowerCase();
  return MONTHS.findIndex((name) => name === w || (w.length >= 3 && name.startsWith(w)));
}

function day(raw: string, y: number, mo: number, d: number): DateReading {
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return { ok: false, reason: `"${raw}" is not a day in the calendar` };
  }
  return { ok: true, date: isoDay(y, mo, d) };
}

function month(raw: string, y: number, mo: number, means: MonthMeans): DateReading {
  if (mo < 1 || mo > 12) return { ok: false, reason: `"${raw}" has no month ${mo}` };
  return { ok: true, date: means === 'firstDay' ? isoDay(y, mo, 1) : lastWorkingDayOfMonth(y, mo) };
}

/** Reads one date cell; `text` must not be blank (the caller decides what blank means). */
export function parsePlanDate(text: string, means: MonthMeans = 'lastWorkingDay'): DateReading {
  const raw = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T00:00(?::00(?:\.000)?)?Z?)?$/.exec(raw);
  if (m) return day(raw, Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})-(\d{1,2})$/.exec(raw);
  if (m) return month(raw, Number(m[1]), Number(m[2]), means);
  // UK order, day first: 31/03/2024, 31/3/24, 31.03.2024, 31-03-2024.
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(raw);
  if (m) {
    const reading = day(raw, fullYear(m[4]!), Number(m[3]), Number(m[1]));
    if (!reading.ok && Number(m[3]) > 12 && Number(m[1]) <= 12) {
      return { ok: false, reason: `"${raw}" is not a day in the calendar (dates are read the UK way, day first: 31/03/2024)` };
    }
    return reading;
  }
  // 03/2024: a month.
  m = /^(\d{1,2})\/(\d{4})$/.exec(raw);
  if (m) return month(raw, Number(m[2]), Number(m[1]), means);
  // 31 March 2024, 31st Mar 2024, 31-Mar-24.
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]+)\.?,?[\s-]+(\d{4}|\d{2})$/.exec(raw);
  if (m) {
    const index = monthIndex(m[2]!);
    if (index < 0) return { ok: false, reason: `"${m[2]}" in "${raw}" is not a month name` };
    return day(raw, fullYear(m[3]!), index + 1, Number(m[1]));
  }
  // March 2024, Mar 2024, Mar-24, Sept. 2024.
  m = /^([A-Za-z]+)\.?,?[\s-]+(\d{4}|\d{2})$/.exec(raw);
  if (m) {
    const index = monthIndex(m[1]!);
    if (index < 0) return { ok: false, reason: `"${m[1]}" in "${raw}" is not a month name` };
    return month(raw, fullYear(m[2]!), index + 1, means);
  }
  return { ok: false, reason: `"${raw}" is not ${ACCEPTED_DATES}` };
}
