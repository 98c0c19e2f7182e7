/** Exports a stored plan as CSV, a tracker workbook or a board paper. */
import type { Clock } from '../domain/clock';
import type { Store } from '../storage/store';
import type { ExportColumn } from './columns';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { loadEvidence } from '../facts/evidence';
import { loadPlanReport, type PlanReport, type ReportProviders } from '../facts/plan';
import { loadTrends } from '../facts/movement';
import { loadMeasureData } from '../measures/scorecard';

/**
 * exceljs takes about 0.4 s and 8 MB of heap to load; the bot and most commands never write a
 * workbook, so it loads with the first one (require keeps that synchronous and CommonJS).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadXlsxWriter = () => require('./xlsx') as typeof import('./xlsx');

export const EXPORT_FORMATS = ['csv', 'xlsx', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends ReportProviders {
  /** More CSV columns after the standard ones (trends, escalation details). */
  csvColumns?: ExportColumn[];
}

/** CSV and HTML come back as text, XLSX as bytes. */
export async function exportPlan(
  store: Store,
  planId: string,
  format: ExportFormat,
  clock: Clock,
  options: ExportOptions,
): Promise<string | Buffer> {
  const loaded = await withTrends(store, await loadPlanReport(store, planId, clock, { withLastNarrative: true, ...options }));
  const measures = await loadMeasureData(store, planId, loaded.rows.map((r) => r.action), loaded.today);
  const report = measures ? { ...loaded, measures } : loaded;
  switch (format) {
    case 'csv':
      return renderCsv(report, options.csvColumns);
    case 'xlsx':
      return loadXlsxWriter().renderXlsx(report);
    case 'html':
      return renderHtml({ ...report, evidence: await loadEvidence(store, report) });
  }
}

/** Adds the groups' BRAG counts per cycle and each action's trend arrow. */
async function withTrends(store: Store, report: PlanReport): Promise<PlanReport> {
  const trends = await loadTrends(store, report.plan.id, report.groups);
  for (const row of report.rows) {
    const trend = trends.trendOf(row.action.groupId, row.action.ref, row.action.brag);
    if (trend) row.trend = trend;
  }
  return { ...report, trends };
}
