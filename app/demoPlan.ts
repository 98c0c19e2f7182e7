/**
 * The demo plan for `npm start`: the Plymouth fixture with its dates moved so the plan
 * looks live today — it started three months ago, some actions are already overdue, and
 * each group's next meeting falls in the coming weeks on the same weekday as in the plan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { addDays, daysBetween } from '../src/calendar';

export const DEMO_PLAN_ID = 'plymouth-2023';
const PLAN_START_MONTH = '2023-08';
const FIRST_MEETING = '2023-10-03';

function monthIndex(yyyyMm: string): number {
  const [y, m] = yyyyMm.split('-').map(Number);
  return y! * 12 + (m! - 1);
}

function shiftMonth(yyyyMm: string, months: number): string {
  const i = monthIndex(yyyyMm) + months;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export interface DemoShift {
  months: number;
  days: number;
}

/** How far to move the plan so that it started three months before `today` (YYYY-MM-DD). */
export function demoShift(today: string): DemoShift {
  const months = monthIndex(today.slice(0, 7)) - monthIndex(PLAN_START_MONTH) - 3;
  // Whole weeks keep each meeting on its weekday; the first lands 4–10 days from today.
  const weeks = Math.ceil((daysBetween(FIRST_MEETING, today) + 4) / 7);
  return { months, days: weeks * 7 };
}

function shiftDateCell(value: string, shift: DemoShift): string {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return addDays(v, shift.days);
  if (/^\d{4}-\d{2}$/.test(v)) return shiftMonth(v, shift.months);
  return value;
}

/**
 * Writes the shifted copy of the fixture folder `from` into `to` (created if needed) and
 * returns `to`, ready for importPlan.
 */
export function writeDemoPlan(from: string, to: string, today: string): string {
  const shift = demoShift(today);
  fs.mkdirSync(to, { recursive: true });
  const columns: Record<string, string[]> = { 'actions.csv': ['start', 'due'], 'groups.csv': ['next_meeting'], 'people.csv': [] };
  for (const [file, dateColumns] of Object.entries(columns)) {
    const rows = parse(fs.readFileSync(path.join(from, file)), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
    const shifted = rows.map((row) => {
      const copy = { ...row };
      for (const column of dateColumns) if (copy[column] !== undefined) copy[column] = shiftDateCell(copy[column]!, shift);
      return copy;
    });
    const header = Object.keys(rows[0] ?? {});
    fs.writeFileSync(path.join(to, file), stringify(shifted, { header: true, columns: header }));
  }
  return to;
}
