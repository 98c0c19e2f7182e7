/** Finds the import source (a folder of CSVs or one .xlsx) and reads its three tables. */
import fs from 'node:fs';
import path from 'node:path';
import { readCsvTable } from './csvSource';
import type { Problem, RawTable } from './sourceTable';

export interface RawTables {
  actions?: RawTable;
  people?: RawTable;
  groups?: RawTable;
  /** Optional: the plan's impact measures and their known values. */
  measures?: RawTable;
  measureValues?: RawTable;
  /** Optional: the plan's own term dates, for termly and half-termly measures. */
  terms?: RawTable;
  /** Sheets are named in problems as sheets, files as files. */
  kind: 'file' | 'sheet';
}

/**
 * exceljs takes about 0.4 s and 8 MB of heap to load; a running bot imports only CSV (the demo
 * plan), so it loads with the first workbook (require keeps that synchronous and CommonJS).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadXlsxReader = () => require('./xlsxSource') as typeof import('./xlsxSource');

export const CSV_FILES = { actions: 'actions.csv', people: 'people.csv', groups: 'groups.csv' } as const;
/** Files a plan may have; a folder without them imports as before. */
export const OPTIONAL_CSV_FILES = { measures: 'measures.csv', measureValues: 'measure_values.csv', terms: 'terms.csv' } as const;

export async function readSource(source: string): Promise<{ tables: RawTables; problems: Problem[] }> {
  if (!fs.existsSync(source)) {
    return { tables: { kind: 'file' }, problems: [`${source}:0: (source): does not exist; give a folder holding actions.csv, people.csv and groups.csv, or one .xlsx file.`] };
  }
  const stat = fs.statSync(source);
  if (stat.isFile()) {
    if (!/\.xlsx$/i.test(source)) {
      return { tables: { kind: 'file' }, problems: [`${path.basename(source)}:0: (source): is neither a folder of CSV files nor an .xlsx workbook.`] };
    }
    const { tables, problems } = await loadXlsxReader().readWorkbookTables(source);
    return { tables: { ...tables, kind: 'sheet' }, problems };
  }
  const problems: Problem[] = [];
  const tables: RawTables = { kind: 'file' };
  for (const key of Object.keys(CSV_FILES) as (keyof typeof CSV_FILES)[]) {
    const file = CSV_FILES[key];
    const actual = findCaseInsensitive(source, file);
    const read = readCsvTable(path.join(source, actual ?? file), file);
    problems.push(...read.problems);
    if (read.table) tables[key] = read.table;
  }
  for (const key of Object.keys(OPTIONAL_CSV_FILES) as (keyof typeof OPTIONAL_CSV_FILES)[]) {
    const file = OPTIONAL_CSV_FILES[key];
    const actual = findCaseInsensitive(source, file);
    if (!actual) continue;
    const read = readCsvTable(path.join(source, actual), file);
    problems.push(...read.problems);
    if (read.table) tables[key] = read.table;
  }
  return { tables, problems };
}

/** Spreadsheet exports vary the case of file names (Actions.csv); accept any. */
function findCaseInsensitive(folder: string, file: string): string | undefined {
  return fs.readdirSync(folder).find((f) => f.toLowerCase() === file);
}
