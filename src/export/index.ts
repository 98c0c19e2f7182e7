/** Exports and reports of a stored plan. */
export { exportPlan, EXPORT_FORMATS } from './exportPlan';
export type { ExportFormat, ExportOptions } from './exportPlan';
export { loadPlanReport, bragCounts, PlanNotFoundError } from './planReport';
export type { PlanReport, ReportRow, ReportProviders } from './planReport';
export { CSV_COLUMNS } from './columns';
export type { ExportColumn } from './columns';
export { computePlanStatus, formatPlanStatus, findGroup, UnknownGroupError } from './planStatus';
export type { PlanStatus, StatusAction } from './planStatus';
