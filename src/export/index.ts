/** Renders a stored plan as files: CSV, a tracker workbook, a board paper. The facts they show come from src/facts/. */
export { exportPlan, EXPORT_FORMATS } from './exportPlan';
export type { ExportFormat, ExportOptions } from './exportPlan';
export { CSV_COLUMNS } from './columns';
export type { ExportColumn } from './columns';
