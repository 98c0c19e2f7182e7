import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import';
import { makeTestStore } from '../support/store';
import { FIXTURE, snapshot } from './helpers';

const clock = fixedClock('2023-10-02T09:00:00Z');

/** Builds the fixture as one workbook, the way an administrator would keep it in Excel. */
async function fixtureWorkbook(file: string, adjust?: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [sheet, csv] of [['Actions', 'actions.csv'], ['People', 'people.csv'], ['Groups', 'groups.csv']] as const) {
    const rows = parse(fs.readFileSync(path.join(FIXTURE, csv)), { bom: true }) as string[][];
    const ws = wb.addWorksheet(sheet);
    for (const row of rows) ws.addRow(row.map((v) => (/^\d+$/.test(v) ? Number(v) : v)));
  }
  adjust?.(wb);
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-xlsx-')), file);
  await wb.xlsx.writeFile(p);
  return p;
}

describe('importing a workbook', () => {
  it('imports the same plan from an .xlsx with sheets Actions, People and Groups as from the CSV folder', async () => {
    const store = await makeTestStore();
    const file = await fixtureWorkbook('plymouth-book.xlsx', (wb) => {
      // A real date cell where the CSV says 2023-12: read as the same day the month gives.
      const actions = wb.getWorksheet('Actions')!;
      actions.getRow(2).getCell(8).value = new Date(Date.UTC(2023, 11, 29));
    });
    const fromBook = await importPlan(store, file, { timeZone: 'Europe/London', clock });
    if (!fromBook.ok) throw new Error(fromBook.problems.join('\n'));
    expect(fromBook.summary.planId).toBe('plymouth-book');
    const fromCsv = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock, planId: 'csv', newPlan: true });
    expect(fromCsv.ok).toBe(true);
    const strip = <T extends { planId: string }>(rows: T[]) => rows.map(({ planId: _p, ...rest }) => rest);
    expect(strip(await store.plans.listActions('plymouth-book'))).toEqual(strip(await store.plans.listActions('csv')));
    expect(strip(await store.plans.listPeople('plymouth-book'))).toEqual(strip(await store.plans.listPeople('csv')));
    expect(strip(await store.plans.listGroups('plymouth-book'))).toEqual(strip(await store.plans.listGroups('csv')));
  });

  it('names the sheet and row of each problem', async () => {
    const store = await makeTestStore();
    const file = await fixtureWorkbook('bad.xlsx', (wb) => {
      wb.getWorksheet('Actions')!.getRow(3).getCell(12).value = 'purple';
      wb.getWorksheet('Groups')!.getRow(2).getCell(4).value = -3;
    });
    const before = await snapshot(store);
    const result = await importPlan(store, file, { timeZone: 'Europe/London', clock });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      'bad.xlsx[Groups]:2: cadence_days: "-3" is not a positive whole number of days (3-weekly is 21).',
      'bad.xlsx[Actions]:3: status: "purple" is not a BRAG status; use blue, green, amber, red, or the legend\'s words ("Complete and embedded", "Complete", "Progressing to timescale", "Little or no progress/delayed"), or leave it blank.',
    ]);
    expect(await snapshot(store)).toEqual(before);
  });

  it('refuses a workbook without a Groups sheet and a file that is not a workbook', async () => {
    const store = await makeTestStore();
    const file = await fixtureWorkbook('partial.xlsx', (wb) => wb.removeWorksheet(wb.getWorksheet('Groups')!.id));
    const result = await importPlan(store, file, { timeZone: 'Europe/London', clock });
    expect(!result.ok && result.problems).toEqual([
      'partial.xlsx[Groups]:0: (sheet): is missing; the workbook needs sheets Actions, People, Groups.',
    ]);
    const fake = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-xlsx-')), 'fake.xlsx');
    fs.writeFileSync(fake, 'ref,area\n1.1,1\n');
    const notBook = await importPlan(store, fake, { timeZone: 'Europe/London', clock });
    expect(!notBook.ok && notBook.problems[0]).toMatch(/^fake\.xlsx:0: \(file\): is not a readable \.xlsx workbook/);
    expect(await store.plans.listPlans()).toEqual([]);
  });
});

describe('a workbook with impact measures', () => {
  it('reads the Measures and Measure values sheets, naming the sheet of each problem', async () => {
    const store = await makeTestStore();
    const book = (target: number) =>
      fixtureWorkbook('measured.xlsx', (wb) => {
        const measures = wb.addWorksheet('Measures');
        measures.addRow(['id', 'area', 'measure', 'owner', 'unit', 'direction', 'baseline', 'target', 'frequency']);
        measures.addRow(['ehcp-20wk', 1, 'EHC plans issued within 20 weeks', 'DCS PCC (DH)', 'percent', 'up', 40, target, 'quarterly']);
        const values = wb.addWorksheet('Measure values');
        values.addRow(['id', 'period', 'value']);
        values.addRow(['ehcp-20wk', '2023-Q3', 44.5]);
      });
    const bad = await importPlan(store, await book(120), { timeZone: 'Europe/London', clock });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems).toEqual(['measured.xlsx[Measures]:2: target: 120 is not a percentage from 0 to 100.']);
    const good = await importPlan(store, await book(60), { timeZone: 'Europe/London', clock });
    if (!good.ok) throw new Error(good.problems.join('\n'));
    expect((await store.measures.list('measured')).map((m) => [m.id, m.target])).toEqual([['ehcp-20wk', 60]]);
    expect((await store.measures.listValues('measured', 'ehcp-20wk')).map((v) => [v.period, v.value])).toEqual([['2023-Q3', 44.5]]);
  });
});
