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
import { FIXTURE } from '../import/helpers';

const PLAN = 'plymouth-2023';
const clock = fixedClock('2024-01-15T09:00:00Z');
let store: Store;

beforeAll(async () => {
  store = await makeTestStore();
  const result = await importPlan(store, FIXTURE, { clock: fixedClock('2023-10-02T09:00:00Z') });
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
    const csv = (await exportPlan(store, PLAN, 'csv', clock)) as string;
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
    const [header, ...rows] = parse((await exportPlan(store, PLAN, 'csv', clock)) as string) as string[][];
    const open = (ref: string) => rows.find((r) => r[0] === ref)![header!.indexOf('open_escalations')];
    expect(open('3.5')).toBe('2');
    expect(open('3.4')).toBe('0');
  });

  it('round-trips: importing the exported CSV with the same people and groups gives the same actions', async () => {
    const fresh = await makeTestStore();
    await importPlan(fresh, FIXTURE, { clock });
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-roundtrip-')), 'again');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'actions.csv'), (await exportPlan(fresh, PLAN, 'csv', clock)) as string);
    fs.copyFileSync(path.join(FIXTURE, 'people.csv'), path.join(dir, 'people.csv'));
    fs.copyFileSync(path.join(FIXTURE, 'groups.csv'), path.join(dir, 'groups.csv'));
    const result = await importPlan(fresh, dir, { clock, newPlan: true });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const strip = <T extends { planId: string }>(rows: T[]) => rows.map(({ planId: _p, ...rest }) => rest);
    expect(strip(await fresh.plans.listActions('again'))).toEqual(strip(await fresh.plans.listActions(PLAN)));
    expect(strip(await fresh.plans.listAreas('again'))).toEqual(strip(await fresh.plans.listAreas(PLAN)));
  });
});

describe('XLSX export', () => {
  it('lays the plan out as a tracker with BRAG cells filled in their colours', async () => {
    await recordUpdate('3.2', 'red', 'No progress: waiting for funding', '2024-01-11T11:00:00.000Z');
    const bytes = (await exportPlan(store, PLAN, 'xlsx', clock)) as Buffer;
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
    expect(sheet.getRow(2).getCell(1).isMerged).toBe(true);
    expect(sheet.getRow(3).getCell(1).value).toBe('1.1');
    expect(wb.getWorksheet('Summary')!.lastRow!.getCell(1).value).toBe('Whole plan');
    expect(wb.getWorksheet('Summary')!.lastRow!.values).toEqual(expect.arrayContaining([76]));
  });
});

describe('HTML export', () => {
  it('is a self-contained board paper with BRAG colours, overdue flags and a chart per group', async () => {
    const html = (await exportPlan(store, PLAN, 'html', clock)) as string;
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
