/** Shared helpers for import tests: fixture copies in temp folders and whole-store snapshots. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Store } from '../../src/storage/store';
import { testConnectionString } from '../support/store';
import { TABLES } from '../../src/storage/tables';

export const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'plymouth-2023');

/** Copies the Plymouth fixture's three CSVs to a fresh temp folder named `name`. */
export function copyFixture(name = 'plymouth-2023'): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-import-')), name);
  fs.mkdirSync(dir);
  for (const f of ['actions.csv', 'people.csv', 'groups.csv']) fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  return dir;
}

/** Rewrites a file; `change` sees LF line endings (the fixture itself is CRLF). */
export function editFile(dir: string, file: string, change: (text: string) => string): void {
  const p = path.join(dir, file);
  fs.writeFileSync(p, change(fs.readFileSync(p, 'utf8').replace(/\r\n/g, '\n')));
}

/** Every row of every table under the store's prefix, with ETags, keyed by table/pk/rk. */
export async function snapshot(store: Store): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of TABLES) {
    const client = TableClient.fromConnectionString(testConnectionString(), `${store.tables.prefix}${name}`, {
      allowInsecureConnection: true,
    });
    for await (const e of client.listEntities()) {
      out.set(`${name}/${e.partitionKey}/${e.rowKey}`, `${e.etag}`);
    }
  }
  return out;
}

type Row = Record<string, string>;

/** Rewrites one CSV of a fixture copy as objects: `change` may edit, add or drop rows and columns. */
export function editRows(dir: string, file: string, change: (rows: Row[], columns: string[]) => Row[] | void, columnsOut?: (columns: string[]) => string[]): void {
  const p = path.join(dir, file);
  const rows = parse(fs.readFileSync(p), { columns: true, bom: true }) as Row[];
  const columns = Object.keys(rows[0] ?? {});
  const next = change(rows, columns) ?? rows;
  fs.writeFileSync(p, stringify(next, { header: true, columns: columnsOut ? columnsOut(columns) : columns }));
}
