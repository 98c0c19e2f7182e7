/** The plan import: read a folder of CSVs or one workbook, validate every row, write all or nothing. */
export { importPlan, applyPlanInput, readPlanInput } from './importPlan';
export type { ImportOptions, ImportResult, ImportSummary, EntityChanges, ActionChangeSet, ImportConflict, ImportRefusal } from './importPlan';
export type { TickForecast } from './forecast';
export type { PlanInput } from './planInput';
export { groupIdOf, personIdOf, planIdOfSource } from './ids';
export { parsePlanDate, lastWorkingDayOfMonth } from './dates';
