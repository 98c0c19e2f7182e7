/**
 * Reads one CSV file of the import format into a RawTable of its non-blank rows: UTF-8
 * (with or without a BOM), any line ending, quoted multi-line cells. Files that are
 * missing, not text or badly quoted become problems, never exceptions.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { isBlankRow, type Problem, type RawTable } from './sourceTable';

/** Decodes bytes as UTF-8, or says where they stop being text. */
export function decodeText(bytes: Buffer, name: string): { text?: string; problem?: Problem } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
    return {
      problem: `${name}:${line}: (file): is not UTF-8 text (byte 0x${bytes[offset]?.toString(16).padStart(2, '0')} at offset ${offset}); save the file as "CSV UTF-8".`,
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    return { problem: `${name}:${line}: (file): holds binary data (a NUL byte), not CSV text; save the sheet as "CSV UTF-8".` };
  }
  return { text: text.replace(/^\uFEFF/, '') };
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Binary search on prefixes would split sequences; a linear scan by sequence is exact.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    try {
      decoder.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length;
}

export function readCsvTable(filePath: string, name: string): { table?: RawTable; problems: Problem[] } {
  if (!fs.existsSync(filePath)) {
    return { problems: [`${name}:0: (file): is missing; the import needs actions.csv, people.csv and groups.csv in the folder.`] };
  }
  const { text, problem } = decodeText(fs.readFileSync(filePath), name);
  if (text === undefined) return { problems: [problem!] };
  return parseCsvText(text, name);
}

/**
 * The CSV export writes a cell that a spreadsheet would run as a formula with a leading
 * apostrophe ('=SUM(...)); reading it back drops that apostrophe, so an export re-imports
 * as it was.
 */
export const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

export function parseCsvText(text: string, name: string): { table?: RawTable; problems: Problem[] } {
  const normalised = text.replace(/\r\n?/g, '\n');
  let records: { record: string[]; raw: string }[];
  try {
    records = parse(normalised, { raw: true, relax_column_count: true, record_delimiter: '\n' }) as {
      record: string[];
      raw: string;
    }[];
  } catch (err) {
    const e = err as { code?: string; lines?: number; message?: string };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      const line = openingQuoteLine(normalised);
      return { problems: [`${name}:${line}: (file): a quoted cell opened here is never closed; add the closing double quote.`] };
    }
    if (e.code === 'CSV_INVALID_CLOSING_QUOTE') {
      return {
        problems: [`${name}:${e.lines ?? 0}: (file): a quoted cell is followed by more text before the comma; write a quote inside a cell as two quotes ("").`],
      };
    }
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      return { problems: [`${name}:${e.lines ?? 0}: (file): is not valid CSV (${e.message}).`] };
    }
    throw err;
  }
  let line = 1;
  const table: RawTable = { name, records: [] };
  for (const { record, raw } of records) {
    const startLine = line;
    line += (raw.match(/\n/g) ?? []).length;
    if (isBlankRow(record)) continue;
    table.records.push({ line: startLine, cells: record.map(unneutralise) });
  }
  return { table, problems: [] };
}

/** The line of the last quote that opens a cell and is never closed. */
function openingQuoteLine(text: string): number {
  let inQuote = false;
  let openedAt = 1;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (c !== '"') continue;
    if (inQuote && text[i + 1] === '"') {
      i++;
      continue;
    }
    inQuote = !inQuote;
    if (inQuote) openedAt = line;
  }
  return openedAt;
}
