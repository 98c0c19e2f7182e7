/** The plan as CSV (RFC 4180, UTF-8): one row per action. */
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS, extraColumns, type ExportColumn } from './columns';
import type { PlanReport } from './planReport';

export function renderCsv(report: PlanReport, more: ExportColumn[] = []): string {
  const columns = [...CSV_COLUMNS, ...more, ...extraColumns(report.rows)];
  const records = report.rows.map((row) => columns.map((c) => c.value(row)));
  return stringify([columns.map((c) => c.header), ...records], { record_delimiter: '\r\n' });
}
