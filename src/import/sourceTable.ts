/**
 * The shape every import source (CSV file, workbook sheet) is read into: a header and
 * rows of text cells, each row knowing where it came from so problems can say where.
 */

export interface SourceRow {
  /** Where the row is, as problems print it: `actions.csv:12` or `plan.xlsx[Actions]:12`. */
  where: string;
  /** Cells by lower-cased, trimmed header name. */
  cells: Map<string, string>;
}

export interface SourceTable {
  /** The file (or file and sheet) as problems name it. */
  name: string;
  /** Headers as written, in order. */
  headers: string[];
  /** Where the header row is, as problems print it. */
  headerWhere: string;
  rows: SourceRow[];
}

/** Problems are plain sentences, each starting with where it was found. */
export type Problem = string;

export const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/\s+/g, '_');

/** A row of cell texts into a SourceRow; blank trailing cells beyond the header are dropped. */
export function toSourceRow(
  where: string,
  headers: string[],
  cells: string[],
  problems: Problem[],
): SourceRow {
  const map = new Map<string, string>();
  headers.forEach((h, i) => {
    const key = normaliseHeader(h);
    if (key !== '' && !map.has(key)) map.set(key, cells[i] ?? '');
  });
  const surplus = cells.slice(headers.length).filter((c) => c.trim() !== '');
  if (surplus.length > 0) {
    problems.push(`${where}: (row): has ${headers.length + surplus.length} filled cells but the header names only ${headers.length} columns; add a header for the extra cells or remove them.`);
  }
  return { where, cells: map };
}

export const isBlankRow = (cells: string[]) => cells.every((c) => c.trim() === '');
