/**
 * Imports one workbook into a store and prints one JSON line: the rows imported, the seconds
 * taken and the process's peak resident memory. Run by bench:import as a process of its own,
 * so the peak is the workbook import's alone.
 * Usage: node dist/bench/importWorkbook.js <file.xlsx> <connection string> <table prefix>
 */
import { systemClock } from '../src/domain/clock';
import { importPlan } from '../src/import';
import { Store } from '../src/storage/store';
import { TableStore } from '../src/storage/tableStore';

async function main(): Promise<void> {
  const [file, connectionString, prefix] = process.argv.slice(2);
  if (!file || !connectionString || !prefix) throw new Error('Usage: importWorkbook <file.xlsx> <connection string> <table prefix>');
  const store = await new Store(new TableStore({ kind: 'connectionString', connectionString }, prefix)).init();
  const started = process.hrtime.bigint();
  const result = await importPlan(store, file, { timeZone: 'Europe/London', clock: systemClock });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!result.ok) throw new Error(`The workbook was refused:\n${result.problems.slice(0, 10).join('\n')}`);
  const rows = (await store.plans.listActions(result.summary.planId)).length;
  // maxRSS is in kilobytes.
  process.stdout.write(`${JSON.stringify({ rows, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
