/**
 * Azure Table Storage's limits, checked on the import's input before anything is written,
 * so an import never stops half-way on a row the service refuses. Each breach is a problem
 * saying where (`file:line: column: message`).
 *
 * The limits (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model):
 * - PartitionKey and RowKey: at most 1 KiB each, without / \ # ? or control characters.
 *   The store percent-encodes / \ # ? (src/storage/keys.ts), so those may appear in a ref;
 *   control characters are refused as the slips they are (a line break pasted into a ref).
 *   Keys join a plan id, a ref, a group id or an email with short markers; the longest (an
 *   outbox message's key, naming plan, group, meeting and person) stays within 512
 *   characters (1 KiB in UTF-16) when each part keeps within KEY_LIMITS.
 * - A string property: at most 64 KiB (32,768 UTF-16 characters). The store splits a row's
 *   JSON over several properties, so a row may be larger; one cell is held to a property's
 *   size all the same, which keeps every cell of the plan storable as one value.
 * - An entity: at most 1 MiB in all (UTF-16), which bounds an action's or person's row and
 *   an index row (the refs of one group, one lead or one due date).
 * - A transaction: at most 100 operations on one partition; the store writes larger sets
 *   in transactions of 100 (src/storage/tableStore.ts), so no import can breach it.
 */
import { asciiJson } from '../storage/tableStore';
import { encodeKey } from '../storage/keys';
import type { Problem } from './sourceTable';

export const KEY_LIMITS = { planId: 100, ref: 100, group: 100, email: 254 } as const;
export const MAX_CELL_CHARS = 32_768;
/** 1 MiB less room for keys and property names, in characters of the stored (ASCII) JSON at 2 bytes each. */
export const MAX_ROW_JSON_CHARS = 520_000;
export const MAX_NAME_CHARS = 200;

// Azure Table keys refuse control characters (C0, DEL and C1); the rule is about exactly those.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const thousands = (n: number) => n.toLocaleString('en-GB');

/** A key part: no control characters, and short enough once encoded. */
export function keyProblem(value: string, kind: keyof typeof KEY_LIMITS, what: string): string | undefined {
  if (CONTROL.test(value)) return `${what} holds a control character (a line break or tab, perhaps pasted in); write it on one line.`;
  const length = encodeKey(value).length;
  const max = KEY_LIMITS[kind];
  if (length > max) return `${what} is ${thousands(length)} characters long; it may be at most ${max} (it is part of Azure Table Storage keys, which are limited).`;
  return undefined;
}

/** A cell longer than one stored text value holds. */
export function cellProblem(value: string): string | undefined {
  if (value.length <= MAX_CELL_CHARS) return undefined;
  return `holds ${thousands(value.length)} characters; a cell may hold at most ${thousands(MAX_CELL_CHARS)} (Azure Table Storage's 64 KiB per text value).`;
}

/** The size of a row as stored (its JSON with non-ASCII characters escaped). */
export const storedChars = (value: unknown) => asciiJson(value).length;

/** A stored character for each escaped one: "\u00e9" is six. */
const MOST_PER_CHAR = 6;

/**
 * `textChars` bounds the row's text (its cells' lengths, say): when even fully escaped it
 * fits, the row is not serialised to measure it (a 10,000-row import would spend a tenth of
 * its time doing so).
 */
export function rowProblem(value: unknown, what: string, textChars?: number): string | undefined {
  if (textChars !== undefined && (textChars + 2_000) * MOST_PER_CHAR <= MAX_ROW_JSON_CHARS) return undefined;
  const chars = storedChars(value);
  if (chars <= MAX_ROW_JSON_CHARS) return undefined;
  return `${what} holds ${thousands(chars)} characters of text in all; one row may hold at most ${thousands(MAX_ROW_JSON_CHARS)} (Azure Table Storage's 1 MiB per entity); shorten its longest cells.`;
}

/** Characters an index row listing these refs stores (measured only when it could matter). */
export function indexChars(refs: readonly string[]): number {
  let bound = 12;
  for (const ref of refs) bound += ref.length * MOST_PER_CHAR + 3;
  if (bound <= MAX_ROW_JSON_CHARS) return bound;
  let n = 12;
  for (const ref of refs) n += asciiJson(ref).length + 1;
  return n;
}

/** The plan's own id and display name. */
export function planProblems(planId: string, name: string | undefined, where: string): Problem[] {
  const problems: Problem[] = [];
  if (planId.trim() === '') problems.push(`${where}: plan: the plan id is blank; give one with --plan ID.`);
  const key = keyProblem(planId, 'planId', `the plan id "${planId.slice(0, 40)}${planId.length > 40 ? '…' : ''}"`);
  if (key) problems.push(`${where}: plan: ${key} Give a shorter one with --plan ID.`);
  if (name !== undefined) {
    if (name.trim() === '') problems.push(`${where}: name: the plan's name is blank; leave --name out to keep the current one.`);
    else if (CONTROL.test(name)) problems.push(`${where}: name: the plan's name holds a control character; write it on one line.`);
    else if (name.length > MAX_NAME_CHARS) problems.push(`${where}: name: the plan's name is ${thousands(name.length)} characters long; it may be at most ${MAX_NAME_CHARS}.`);
  }
  return problems;
}
