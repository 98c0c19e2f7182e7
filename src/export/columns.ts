/**
 * The CSV export's columns. The first twelve are the contract DESIGN.md names; the rest
 * carry what an import needs back (area title, status, notes) so an export round-trips,
 * then the action's extra columns as imported. Add a column by adding an entry.
 */
import type { ReportRow } from '../facts/plan';
import { arrowOf } from './trendWords';

export interface ExportColumn {
  header: string;
  value: (row: ReportRow) => string;
}

export const CSV_COLUMNS: ExportColumn[] = [
  { header: 'ref', value: (r) => r.action.ref },
  { header: 'area', value: (r) => String(r.action.area) },
  { header: 'group', value: (r) => r.group?.name ?? r.action.groupId },
  { header: 'action', value: (r) => r.action.text },
  { header: 'leads', value: (r) => r.action.leadStrings.join(' | ') },
  { header: 'start', value: (r) => r.action.start ?? '' },
  { header: 'due', value: (r) => r.action.due ?? '' },
  { header: 'brag', value: (r) => r.action.brag },
  { header: 'last_update', value: (r) => r.lastUpdateOn ?? '' },
  { header: 'updates', value: (r) => String(r.action.updateCount) },
  { header: 'overdue', value: (r) => (r.overdue ? 'yes' : 'no') },
  { header: 'open_escalations', value: (r) => String(r.openEscalations) },
  // ↑ better, ↓ worse, → unchanged since the previous cycle; blank when unknown.
  { header: 'trend', value: (r) => arrowOf(r.trend) },
  { header: 'next_due', value: (r) => r.nextDue ?? '' },
  { header: 'original_due', value: (r) => r.action.originalDue ?? '' },
  { header: 'last_update_by', value: (r) => r.action.lastUpdateBy ?? '' },
  { header: 'last_narrative', value: (r) => r.lastNarrative ?? '' },
  { header: 'area_title', value: (r) => r.area?.title ?? '' },
  { header: 'sro', value: (r) => r.action.sro ?? '' },
  { header: 'outcome', value: (r) => r.action.outcome ?? '' },
  { header: 'evidence_of_impact', value: (r) => r.action.evidenceOfImpact ?? '' },
  // The live BRAG written as the import's status, so re-importing the export keeps it.
  { header: 'status', value: (r) => (r.action.brag === 'unrated' ? '' : r.action.brag) },
  { header: 'note', value: (r) => r.action.note ?? '' },
];

/** Columns for the extra (unknown) columns the actions were imported with, in first-seen order. */
export function extraColumns(rows: ReportRow[]): ExportColumn[] {
  const taken = new Set(CSV_COLUMNS.map((c) => c.header.toLowerCase()));
  const headers: string[] = [];
  for (const row of rows) {
    for (const header of Object.keys(row.action.extra ?? {})) {
      if (!headers.includes(header) && !taken.has(header.toLowerCase())) headers.push(header);
    }
  }
  return headers.map((header) => ({ header, value: (r) => r.action.extra?.[header] ?? '' }));
}
