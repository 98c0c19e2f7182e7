/**
 * The shape every import source (CSV file, workbook sheet) is read into. A reader gives a
 * RawTable (its non-blank rows as text cells, each with its line); `shapeTable` then finds
 * the header row, names each column as the import format does, and gives a SourceTable
 * whose rows know where they came from so problems can say where.
 */
import type { ColumnSpec } from './columns';
import { closest, squash } from './suggest';

/** Problems are plain sentences, each starting with where it was found. */
export type Problem = string;

export interface RawRecord {
  line: number;
  cells: string[];
}

export interface RawTable {
  /** The file (or file and sheet) as problems name it. */
  name: string;
  /** Non-blank rows in order. */
  records: RawRecord[];
}

export interface SourceRow {
  /** Where the row is, as problems print it: `actions.csv:12` or `plan.xlsx[Actions]:12`. */
  where: string;
  /** Cells by column key: the format's column name, or the lower-cased header for others. */
  cells: Map<string, string>;
}

export interface SourceTable {
  /** The file (or file and sheet) as problems name it. */
  name: string;
  /** Headers as written, in order. */
  headers: string[];
  /** Each header's column key, in the same order (unique within the table). */
  keys: string[];
  /** Where the header row is, as problems print it. */
  headerWhere: string;
  rows: SourceRow[];
}

export const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/\s+/g, '_');

export const isBlankRow = (cells: string[]) => cells.every((c) => c.trim() === '');

/** How far down a sheet the header is looked for (titles, notes and blank rows above it). */
const HEADER_SEARCH_ROWS = 50;

interface HeaderReading {
  keys: string[];
  found: Set<string>;
  warnings: Problem[];
}

/** Names each header cell: exact names first, then aliases, then export-only names. */
function readHeader(headers: string[], spec: ColumnSpec, where: string): HeaderReading {
  const formatColumns = [...spec.required, ...spec.optional];
  const bySquashed = new Map(formatColumns.map((c) => [squash(c), c]));
  const aliasOf = new Map<string, string>();
  for (const [column, names] of Object.entries(spec.aliases ?? {})) {
    for (const name of names) aliasOf.set(squash(name), column);
  }
  const ignored = new Map((spec.ignored ?? []).map((c) => [squash(c), c]));
  const keys: (string | undefined)[] = headers.map(() => undefined);
  const takenBy = new Map<string, string>();
  const warnings: Problem[] = [];
  const take = (i: number, column: string) => {
    keys[i] = column;
    takenBy.set(column, headers[i]!);
  };
  headers.forEach((h, i) => {
    const column = bySquashed.get(squash(h));
    if (column && !takenBy.has(column)) take(i, column);
  });
  headers.forEach((h, i) => {
    if (keys[i] !== undefined) return;
    const column = aliasOf.get(squash(h));
    if (column && !takenBy.has(column)) take(i, column);
  });
  // The export's own columns (brag, updates, overdue, ...) are known and skipped in a file
  // that is an export; elsewhere a "BRAG" beside a status column is a second rating column.
  const isExport = headers.filter((h) => ignored.has(squash(h))).length * 2 >= ignored.size;
  headers.forEach((h, i) => {
    if (keys[i] !== undefined) return;
    const name = ignored.get(squash(h));
    if (name && !takenBy.has(name) && (isExport || !aliasOf.has(squash(h)))) take(i, name);
  });
  const used = new Set(keys.filter((k): k is string => k !== undefined));
  const names = new Map<string, string>([...bySquashed.entries(), ...aliasOf.entries()]);
  const known = new Set([...formatColumns, ...ignored.values()]);
  const nameOf = new Map<string, string>([
    ...formatColumns.map((c) => [c, c] as const),
    ...Object.entries(spec.aliases ?? {}).flatMap(([c, ns]) => ns.map((n) => [n, c] as const)),
  ]);
  headers.forEach((h, i) => {
    if (keys[i] !== undefined || h.trim() === '') return;
    const s = squash(h);
    // The same column twice, an alias of a column already read, or a near miss of one: kept
    // as extra text, and said so.
    const near = names.has(s) ? undefined : closest(h, nameOf.keys());
    const column = names.get(s) ?? (near !== undefined ? nameOf.get(near) : undefined);
    if (column && takenBy.has(column)) {
      warnings.push(
        `${where}: ${h}: looks like the ${column} column, which is read from "${takenBy.get(column)}"; this column is kept as extra text and not read.`,
      );
    } else if (near !== undefined) {
      warnings.push(`${where}: ${h}: is not a column the import reads, so it is kept as extra text. Did you mean "${near}"?`);
    }
    let key = normaliseHeader(h);
    while (used.has(key) || known.has(key)) key = `${key}#${i}`;
    keys[i] = key;
    used.add(key);
  });
  return {
    keys: keys.map((k, i) => k ?? `#${i}`),
    found: new Set(formatColumns.filter((c) => takenBy.has(c))),
    warnings,
  };
}

export interface ShapedTable {
  table?: SourceTable;
  problems: Problem[];
  warnings: Problem[];
}

/**
 * Finds the header (the first row naming every required column; rows above it, such as a
 * title, are skipped), reads each column's name and turns the rows below into SourceRows.
 * A missing required column is a problem, with a "did you mean" for a header close to it.
 */
export function shapeTable(raw: RawTable, spec: ColumnSpec, kind: 'file' | 'sheet' = 'file'): ShapedTable {
  const { name, records } = raw;
  if (records.length === 0) {
    return { problems: [`${name}:1: (${kind}): is empty; it needs a header row and at least one row.`], warnings: [] };
  }
  let best: { index: number; reading: HeaderReading; required: number } | undefined;
  const searched = Math.min(records.length, HEADER_SEARCH_ROWS);
  for (let index = 0; index < searched; index++) {
    const record = records[index]!;
    const headers = record.cells.map((h) => h.trim());
    const reading = readHeader(headers, spec, `${name}:${record.line}`);
    const required = spec.required.filter((c) => reading.found.has(c)).length;
    if (!best || required > best.required) best = { index, reading, required };
    if (required === spec.required.length) break;
  }
  const { index, reading } = best!;
  const headerRecord = records[index]!;
  const headers = headerRecord.cells.map((h) => h.trim());
  const headerWhere = `${name}:${headerRecord.line}`;
  const problems: Problem[] = [];
  const missing = spec.required.filter((c) => !reading.found.has(c));
  const formatColumns = new Set([...spec.required, ...spec.optional, ...(spec.ignored ?? [])]);
  const unread = headers.filter((h, i) => h !== '' && !formatColumns.has(reading.keys[i]!));
  const hinted = new Set<string>();
  for (const column of missing) {
    const names = [column, ...(spec.aliases?.[column] ?? [])];
    const near = unread.find((h) => !hinted.has(h) && closest(h, names) !== undefined);
    let hint = '';
    if (near !== undefined) {
      hinted.add(near);
      hint = ` Did you mean "${near}"? Name that column "${column}".`;
    }
    problems.push(
      `${headerWhere}: ${column}: the required column is missing (the header has: ${headers.filter((h) => h !== '').join(', ') || 'nothing'}).${hint}`,
    );
  }
  if (missing.length > 0) {
    const warnings = reading.warnings.filter((w) => ![...hinted].some((h) => w.startsWith(`${headerWhere}: ${h}: `)));
    return { problems, warnings };
  }
  const table: SourceTable = { name, headers, keys: reading.keys, headerWhere, rows: [] };
  for (const record of records.slice(index + 1)) {
    const where = `${name}:${record.line}`;
    const cells = new Map<string, string>();
    table.keys.forEach((key, i) => cells.set(key, record.cells[i] ?? ''));
    const surplus = record.cells.slice(headers.length).filter((c) => c.trim() !== '');
    if (surplus.length > 0) {
      problems.push(
        `${where}: (row): has ${headers.length + surplus.length} filled cells but the header names only ${headers.length} columns; add a header for the extra cells or remove them.`,
      );
    }
    table.rows.push({ where, cells });
  }
  if (table.rows.length === 0) problems.push(`${headerWhere}: (${kind}): has a header but no rows.`);
  return { table: problems.length === 0 ? table : undefined, problems, warnings: reading.warnings };
}
