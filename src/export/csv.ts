/**
 * The plan as CSV (RFC 4180, UTF-8): one row per action. A cell that a spreadsheet would
 * take for a formula (it starts with =, +, -, @, a tab or a carriage return) is written with
 * a leading apostrophe, so a narrative such as =HYPERLINK(...) opens as text; the import
 * drops that apostrophe again (src/import/csvSource.ts), so the export re-imports unchanged.
 */
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS, extraColumns, type ExportColumn } from './columns';
import type { PlanReport } from '../facts/plan';

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text a spreadsheet shows as written (OWASP's advice on CSV injection). */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function renderCsv(report: PlanReport, more: ExportColumn[] = []): string {
  const columns = [...CSV_COLUMNS, ...more, ...extraColumns(report.rows)];
  const records = report.rows.map((row) => columns.map((c) => neutralise(c.value(row))));
  return stringify([columns.map((c) => neutralise(c.header)), ...records], { record_delimiter: '\r\n' });
}
