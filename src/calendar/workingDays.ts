/**
 * Working days: Monday to Friday except bank holidays in England and Wales. Dates are plan
 * dates written YYYY-MM-DD; arithmetic runs on UTC midnights so no time zone leaks in.
 */
import { isBankHoliday } from './holidays';

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(toUtc(date)).getUTCDay();
}

export function isWorkingDay(date: string): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !isBankHoliday(date);
}

/** `date` itself when it is a working day, otherwise the working day before it. */
export function onOrBeforeWorkingDay(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/**
 * The working day `n` working days before `date` (n = 0: `date`, or the working day before
 * it when `date` is not one). Counting skips weekends and bank holidays, so "5 working days
 * before a Tuesday meeting" is the Tuesday before, or earlier across a bank holiday.
 */
export function workingDaysBefore(date: string, n: number): string {
  let d = onOrBeforeWorkingDay(date);
  for (let i = 0; i < n; i++) d = onOrBeforeWorkingDay(addDays(d, -1));
  return d;
}

/** The working day `n` working days after `date` (n >= 1), skipping weekends and bank holidays. */
export function workingDaysAfter(date: string, n: number): string {
  let d = date;
  for (let i = 0; i < n; i++) {
    d = addDays(d, 1);
    while (!isWorkingDay(d)) d = addDays(d, 1);
  }
  return d;
}
