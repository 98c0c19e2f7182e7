/**
 * Reads the import format from one workbook with sheets Actions, People and Groups
 * (names matched case-insensitively) into RawTables. Cells become text the way the CSV
 * reader sees them; a date cell becomes YYYY-MM-DD, or YYYY-MM when it is formatted to
 * show only a month (Mar-24), since that is what the sheet's author wrote.
 *
 * The workbook is streamed (exceljs's streaming reader) rather than loaded whole, so memory
 * grows with the rows kept, not with the workbook's XML; a file larger than
 * MAX_WORKBOOK_BYTES, or a sheet longer than MAX_SHEET_ROWS, is refused before it is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { isBlankRow, type Problem, type RawTable } from './sourceTable';

export const SHEETS = { actions: 'Actions', people: 'People', groups: 'Groups' } as const;
/** Sheets a workbook may have. */
export const OPTIONAL_SHEETS = { measures: 'Measures', measureValues: 'Measure values', terms: 'Terms' } as const;
export type SheetKey = keyof typeof SHEETS | keyof typeof OPTIONAL_SHEETS;
const ALL_SHEETS: Record<SheetKey, string> = { ...SHEETS, ...OPTIONAL_SHEETS };

/** 20 MiB: a plan of 10,000 actions with long narratives is about 3 MiB. */
export const MAX_WORKBOOK_BYTES = 20 * 1024 * 1024;
/** Rows read from one sheet; beyond this the sheet is refused, not cut short. */
export const MAX_SHEET_ROWS = 100_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** A format that shows a date without its day (mmm-yy, mmmm yyyy): the cell names a month. */
function isMonthFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').toLowerCase();
  return /m/.test(bare) && /y/.test(bare) && !/d/.test(bare);
}

function dateText(date: Date, numFmt: string | undefined): string {
  // exceljs gives a date cell as UTC midnight of the day the sheet shows.
  const y = date.getUTCFullYear();
  const m = pad(date.getUTCMonth() + 1);
  return isMonthFormat(numFmt) ? `${y}-${m}` : `${y}-${m}-${pad(date.getUTCDate())}`;
}

function valueText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value, numFmt);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      return valueText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, numFmt);
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export async function readWorkbookTables(
  filePath: string,
): Promise<{ tables?: Record<keyof typeof SHEETS, RawTable> & Partial<Record<SheetKey, RawTable>>; problems: Problem[] }> {
  const file = path.basename(filePath);
  if (!fs.existsSync(filePath)) return { problems: [`${file}:0: (file): is missing.`] };
  const size = fs.statSync(filePath).size;
  if (size > MAX_WORKBOOK_BYTES) {
    return {
      problems: [
        `${file}:0: (file): is ${megabytes(size)}, more than the ${megabytes(MAX_WORKBOOK_BYTES)} a workbook may be; remove other sheets, images and formatting, or import a folder of CSV files.`,
      ],
    };
  }
  const wanted = new Map((Object.keys(ALL_SHEETS) as SheetKey[]).map((k) => [ALL_SHEETS[k].toLowerCase(), k]));
  const tables: Partial<Record<SheetKey, RawTable>> = {};
  const problems: Problem[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    sheets: for await (const sheet of reader) {
      const key = wanted.get((sheet as unknown as { name: string }).name.trim().toLowerCase());
      if (!key || tables[key]) continue;
      const name = `${file}[${ALL_SHEETS[key]}]`;
      const table: RawTable = { name, records: [] };
      tables[key] = table;
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        if (row.number > MAX_SHEET_ROWS) {
          problems.push(`${name}:${row.number}: (sheet): has more than ${MAX_SHEET_ROWS.toLocaleString('en-GB')} rows; a plan sheet holds one row per action, person or group.`);
          break sheets;
        }
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) {
          const cell = row.getCell(c);
          cells.push(valueText(cell.value, cell.numFmt).replace(/\r\n?/g, '\n'));
        }
        if (!isBlankRow(cells)) table.records.push({ line: row.number, cells });
      }
    }
  } catch (err) {
    return {
      problems: [`${file}:0: (file): is not a readable .xlsx workbook (${err instanceof Error ? err.message : String(err)}).`],
    };
  }
  for (const key of Object.keys(SHEETS) as (keyof typeof SHEETS)[]) {
    if (!tables[key]) {
      problems.push(`${file}[${SHEETS[key]}]:0: (sheet): is missing; the workbook needs sheets ${Object.values(SHEETS).join(', ')}.`);
    }
  }
  if (problems.length > 0) return { problems };
  return { tables: tables as Record<keyof typeof SHEETS, RawTable> & Partial<Record<SheetKey, RawTable>>, problems };
}
