/**
 * Import benchmark: generates a 10,000-action plan (about 100 groups and 500 people) as a
 * CSV folder, imports it into an in-memory Azurite and prints
 * `BENCH import rows=10000 seconds=S rows_per_s=R raw_batch_rows_per_s=B ratio=X
 * xlsx_seconds=T peak_rss_mb=M`: the last two from the same plan as one workbook, imported by
 * a process of its own (bench/importWorkbook.ts) so its peak memory is the workbook import's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { systemClock } from '../src/domain/clock';
import { importPlan, readPlanInput } from '../src/import';
import { startAzurite } from '../src/storage/azurite';
import { Store } from '../src/storage/store';
import { TableStore } from '../src/storage/tableStore';

const ROWS = 10_000;
const GROUPS = 100;
const PEOPLE = 500;
const AREAS = 10;

function generatePlan(dir: string): void {
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    lead: `Lead role ${i} (P${i})`,
    name: `Person ${i}`,
    email: `person${i}@bench.example`,
  }));
  // Every fifth person is also written a second way, as real plans do.
  const peopleRows = [
    ...people.map((p) => [p.lead, p.name, p.email]),
    ...people.filter((_, i) => i % 5 === 0).map((p) => [p.lead.replace('Lead role', 'Lead Role'), p.name, p.email]),
  ];
  fs.writeFileSync(path.join(dir, 'people.csv'), stringify([['lead', 'name', 'email'], ...peopleRows]));
  const groupRows = Array.from({ length: GROUPS }, (_, i) => [
    i === 0 ? 'Improvement Board' : `Task group ${i}`,
    i === 0 ? 'board' : 'taskAndFinish',
    people[i % PEOPLE]!.lead,
    i === 0 ? '42' : '21',
    `2024-0${1 + (i % 9)}-1${i % 9}`,
    i === 0 ? '' : 'Improvement Board',
  ]);
  fs.writeFileSync(
    path.join(dir, 'groups.csv'),
    stringify([['group', 'kind', 'chair', 'cadence_days', 'next_meeting', 'escalates_to'], ...groupRows]),
  );
  const statuses = ['', '', 'amber', 'red', 'Progressing to timescale', 'green'];
  const actionRows = Array.from({ length: ROWS }, (_, i) => {
    const area = 1 + (i % AREAS);
    const leads = [people[i % PEOPLE]!.lead, people[(i * 7 + 3) % PEOPLE]!.lead];
    return [
      `${area}.${Math.floor(i / AREAS) + 1}`,
      String(area),
      `Improvement area ${area}: outcomes for children and young people with SEND`,
      groupRows[1 + (i % (GROUPS - 1))]![0]!,
      `Action ${i}: leaders will agree, publish and monitor a framework so that children and young people with SEND are at the heart of improvement work.`,
      leads.join(' | '),
      `2023-${String(1 + (i % 12)).padStart(2, '0')}`,
      `2025-${String(1 + (i % 12)).padStart(2, '0')}`,
      'Director of Children’s Services',
      'Families report that their needs are met earlier.',
      statuses[i % statuses.length]!,
    ];
  });
  fs.writeFileSync(
    path.join(dir, 'actions.csv'),
    stringify([
      ['ref', 'area', 'area_title', 'group', 'action', 'leads', 'start', 'due', 'sro', 'outcome', 'status'],
      ...actionRows,
    ]),
  );
}

/**
 * Azurite starts cold: for its first few thousand rows it runs its own code unoptimised,
 * which Table Storage in Azure never does. A few transactions into a scratch partition before
 * the clock starts leave the figure to the import (whose own code stays cold, as in a CLI run).
 */
async function warmStorage(store: Store): Promise<void> {
  const table = store.tables.table<{ text: string }>('Areas');
  const text = 'x'.repeat(600);
  for (let round = 0; round < 3; round++) {
    await Promise.all(
      Array.from({ length: 8 }, (_, p) =>
        table.batch(`warmup~${p}`, Array.from({ length: 100 }, (_, i) => ({ op: 'upsert' as const, rowKey: String(i).padStart(6, '0'), value: { text } }))),
      ),
    );
  }
}

/**
 * The same store's ceiling, measured in the same run: 10,000 bare rows of the size of an
 * action, written in transactions of 100 over 32 partitions, with nothing read or validated.
 */
async function rawBatchRowsPerSecond(store: Store): Promise<number> {
  const table = store.tables.table<{ text: string }>('Areas');
  const text = 'x'.repeat(600);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 32 }, (_, p) =>
      table.batch(
        `baseline~${p}`,
        Array.from({ length: Math.ceil(ROWS / 32) }, (_, i) => ({ op: 'upsert' as const, rowKey: String(i).padStart(6, '0'), value: { text } })),
      ),
    ),
  );
  return (32 * Math.ceil(ROWS / 32)) / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** The CSV folder as one workbook (sheets Actions, People, Groups), written as a stream. */
async function writeWorkbook(dir: string, file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  for (const [sheet, csv] of [['Actions', 'actions.csv'], ['People', 'people.csv'], ['Groups', 'groups.csv']] as const) {
    const ws = wb.addWorksheet(sheet);
    for (const row of parse(fs.readFileSync(path.join(dir, csv))) as string[][]) ws.addRow(row).commit();
    ws.commit();
  }
  await wb.commit();
}

async function main(): Promise<void> {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-bench-')), 'bench-plan');
  fs.mkdirSync(dir);
  generatePlan(dir);
  const azurite = await startAzurite();
  try {
    const store = await new Store(new TableStore({ kind: 'connectionString', connectionString: azurite.connectionString }, 'bench')).init();
    await warmStorage(store);
    // Reading and validating alone (no storage), to tell the import's own cost from the store's.
    const validating = process.hrtime.bigint();
    const read = await readPlanInput(dir, 'bench-plan');
    if (!read.input) throw new Error(`The generated plan was refused:\n${read.problems.slice(0, 10).join('\n')}`);
    const validateSeconds = Number(process.hrtime.bigint() - validating) / 1e9;
    const started = process.hrtime.bigint();
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock: systemClock });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (!result.ok) throw new Error(`The generated plan was refused:\n${result.problems.slice(0, 10).join('\n')}`);
    const stored = (await store.plans.listActions(result.summary.planId)).length;
    if (stored !== ROWS) throw new Error(`Expected ${ROWS} actions stored, found ${stored}.`);
    const baseline = await rawBatchRowsPerSecond(store);
    const rate = ROWS / seconds;
    const book = path.join(path.dirname(dir), 'bench-plan.xlsx');
    await writeWorkbook(dir, book);
    const child = JSON.parse(
      execFileSync(process.execPath, [path.join(__dirname, 'importWorkbook.js'), book, azurite.connectionString, 'benchxlsx'], { encoding: 'utf8' }),
    ) as { rows: number; seconds: number; peakRssMb: number };
    if (child.rows !== ROWS) throw new Error(`Expected ${ROWS} actions from the workbook, found ${child.rows}.`);
    process.stdout.write(
      `BENCH import rows=${ROWS} seconds=${seconds.toFixed(2)} rows_per_s=${Math.round(rate)} ` +
        `raw_batch_rows_per_s=${Math.round(baseline)} ratio=${(rate / baseline).toFixed(2)} validate_seconds=${validateSeconds.toFixed(2)} ` +
        `xlsx_bytes=${fs.statSync(book).size} xlsx_seconds=${child.seconds.toFixed(2)} peak_rss_mb=${Math.round(child.peakRssMb)}\n`,
    );
  } finally {
    await azurite.stop();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
