/**
 * Reads the import format from one workbook with sheets Actions, People and Groups
 * (names matched case-insensitively) into SourceTables. Cells become text the way the
 * CSV reader sees them; date cells become YYYY-MM-DD.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { isBlankRow, toSourceRow, type Problem, type SourceTable } from './sourceTable';

export const SHEETS = { actions: 'Actions', people: 'People', groups: 'Groups' } as const;
export type SheetKey = keyof typeof SHEETS;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

export async function readWorkbookTables(
  filePath: string,
): Promise<{ tables?: Record<SheetKey, SourceTable>; problems: Problem[] }> {
  const file = path.basename(filePath);
  if (!fs.existsSync(filePath)) return { problems: [`${file}:0: (file): is missing.`] };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(fs.readFileSync(filePath) as unknown as ArrayBuffer);
  } catch (err) {
    return {
      problems: [`${file}:0: (file): is not a readable .xlsx workbook (${err instanceof Error ? err.message : String(err)}).`],
    };
  }
  const problems: Problem[] = [];
  const tables: Partial<Record<SheetKey, SourceTable>> = {};
  let complete = true;
  for (const key of Object.keys(SHEETS) as SheetKey[]) {
    const sheetName = SHEETS[key];
    const name = `${file}[${sheetName}]`;
    const sheet = workbook.worksheets.find((w) => w.name.trim().toLowerCase() === sheetName.toLowerCase());
    if (!sheet) {
      problems.push(`${name}:0: (sheet): is missing; the workbook needs sheets ${Object.values(SHEETS).join(', ')}.`);
      complete = false;
      continue;
    }
    let headers: string[] | undefined;
    let headerLine = 0;
    const table: SourceTable = { name, headers: [], headerWhere: `${name}:1`, rows: [] };
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c).value).replace(/\r\n?/g, '\n'));
      if (isBlankRow(values)) return;
      if (!headers) {
        headers = values.map((h) => h.trim());
        headerLine = row.number;
        table.headers = headers;
        table.headerWhere = `${name}:${row.number}`;
        return;
      }
      table.rows.push(toSourceRow(`${name}:${row.number}`, headers, values, problems));
    });
    if (!headers) problems.push(`${name}:1: (sheet): is empty; it needs a header row and at least one row.`);
    else if (table.rows.length === 0) problems.push(`${name}:${headerLine}: (sheet): has a header but no rows.`);
    else tables[key] = table;
    if (!tables[key]) complete = false;
  }
  if (!complete) return { problems };
  return { tables: tables as Record<SheetKey, SourceTable>, problems };
}
