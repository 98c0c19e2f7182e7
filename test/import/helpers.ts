/** Shared helpers for import tests: fixture copies in temp folders and whole-store snapshots. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Clock } from '../../src/domain/clock';
import { importPlan } from '../../src/import';
import type { Store } from '../../src/storage/store';
import { makeTestStore, testConnectionString } from '../support/store';
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

export const byRef = (rows: Row[], ref: string): Row => {
  const row = rows.find((r) => r.ref === ref);
  if (!row) throw new Error(`the fixture has no action ${ref}`);
  return row;
};

/**
 * A store holding the Plymouth fixture, with `refused`: it imports a broken copy over the stored
 * plan, expects the import to be refused with every problem located (`file:line: column: why`),
 * checks the store has not moved, and returns the problems. `remember` takes a new baseline after a
 * test that changes the store on purpose.
 */
export function refusalRig(clock: Clock) {
  const rig = {
    store: undefined as unknown as Store,
    before: new Map<string, string>(),
    async remember(): Promise<void> {
      rig.before = await snapshot(rig.store);
    },
    async refused(breakIt: (dir: string) => void, planId?: string): Promise<string[]> {
      const dir = copyFixture();
      breakIt(dir);
      const result = await importPlan(rig.store, dir, { timeZone: 'Europe/London', clock, planId });
      if (result.ok) throw new Error('the import was accepted');
      expect(await snapshot(rig.store)).toEqual(rig.before);
      for (const p of result.problems) expect(p).toMatch(/^[^:]+:\d+: [a-z_()]+: \S/);
      return result.problems;
    },
  };
  beforeAll(async () => {
    rig.store = await makeTestStore();
    const first = await importPlan(rig.store, FIXTURE, { timeZone: 'Europe/London', clock });
    if (!first.ok) throw new Error(first.problems.join('\n'));
    await rig.remember();
  });
  return rig;
}
