/**
 * Plans as councils keep them: UK dates, real date cells, a title above the header, their
 * own column names, leads on separate lines, and the near misses that deserve a hint.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { atPlanTime } from '../../src/calendar';
import { fixedClock } from '../../src/domain/clock';
import { DEFAULT_PLAN_SETTINGS } from '../../src/domain/model';
import { importPlan, parsePlanDate } from '../../src/import';
import { cycleSchedule } from '../../src/scheduler/cycleSchedule';
import type { Store } from '../../src/storage/store';
import { makeTestStore } from '../support/store';
import { conversationIdOf, delivered, sectionHeadings, startHarness } from '../scheduler/harness';
import { byRef, copyFixture, editRows, FIXTURE, snapshot } from './helpers';

const clock = fixedClock('2023-10-02T09:00:00Z');

let store: Store;
beforeAll(async () => {
  store = await makeTestStore();
});

const fixtureRows = (file: string) => parse(fs.readFileSync(path.join(FIXTURE, file)), { bom: true }) as string[][];

async function imported(dir: string, planId: string) {
  const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock, planId, newPlan: true });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result;
}

describe('dates written the UK way', () => {
  it('reads days and months as council spreadsheets write them', () => {
    const read = (text: string, means?: 'firstDay' | 'lastWorkingDay') => {
      const r = parsePlanDate(text, means);
      return r.ok ? r.date : r.reason;
    };
    expect(read('31/03/2024')).toBe('2024-03-31');
    expect(read('1/4/24')).toBe('2024-04-01');
    expect(read('31 March 2024')).toBe('2024-03-31');
    expect(read('1st Sept 2024')).toBe('2024-09-01');
    expect(read('31-Mar-24')).toBe('2024-03-31');
    // March 2024 ends with Good Friday (29th), Saturday and Sunday.
    expect(read('Mar-24')).toBe('2024-03-28');
    expect(read('March 2024')).toBe('2024-03-28');
    expect(read('03/2024')).toBe('2024-03-28');
    expect(read('Mar-24', 'firstDay')).toBe('2024-03-01');
    expect(read('2024-03', 'firstDay')).toBe('2024-03-01');
    expect(read('03/31/2024')).toBe('"03/31/2024" is not a day in the calendar (dates are read the UK way, day first: 31/03/2024)');
    expect(read('31/02/2024')).toBe('"31/02/2024" is not a day in the calendar');
  });

  it('imports UK dates, a start month as its first day and a due month as its last working day', async () => {
    const dir = copyFixture();
    editRows(dir, 'actions.csv', (rows) => {
      Object.assign(byRef(rows, '1.1'), { start: 'Mar-24', due: '31/03/2025' });
      Object.assign(byRef(rows, '1.2'), { start: '4 March 2024', due: 'Mar-25' });
    });
    await imported(dir, 'uk-dates');
    const get = async (ref: string) => (await store.plans.getAction('uk-dates', ref))!.value;
    expect(await get('1.1')).toMatchObject({ start: '2024-03-01', due: '2025-03-31' });
    expect(await get('1.2')).toMatchObject({ start: '2024-03-04', due: '2025-03-31' });
  });
});

describe('a workbook as a council keeps it', () => {
  /** The fixture's plan under a title, with the column names and habits of real trackers. */
  async function councilWorkbook(file: string, adjust?: (actions: ExcelJS.Worksheet) => void): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const actions = wb.addWorksheet('Actions');
    actions.addRow(['Plymouth Local Area SEND Improvement Plan 2023']);
    actions.addRow([]);
    actions.addRow(['Ref', 'Area', 'Area title', 'Group', 'Description', 'Lead officer', 'Start date', 'Target date', 'SRO', 'RAG status']);
    const [, ...rows] = fixtureRows('actions.csv');
    for (const r of rows) {
      const [ref, area, areaTitle, group, action, leads, start, due, sro, , , status] = r as string[];
      const row = actions.addRow([ref, Number(area), areaTitle, group, action, leads!.split(' | ').join('\n'), start, due, sro, status]);
      // Dates as real date cells: the start a day, the due date a month shown as Mar-24.
      const [sy, sm] = start!.split('-').map(Number);
      row.getCell(7).value = new Date(Date.UTC(sy!, sm! - 1, 1));
      row.getCell(7).numFmt = 'dd/mm/yyyy';
      if (due) {
        const [dy, dm] = due.split('-').map(Number);
        row.getCell(8).value = new Date(Date.UTC(dy!, dm! - 1, 1));
        row.getCell(8).numFmt = 'mmm-yy';
      }
    }
    adjust?.(actions);
    for (const [sheet, csv] of [['People', 'people.csv'], ['Groups', 'groups.csv']] as const) {
      const ws = wb.addWorksheet(sheet);
      for (const row of fixtureRows(csv)) ws.addRow(row.map((v) => (/^\d+$/.test(v) ? Number(v) : v)));
    }
    const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-council-')), file);
    await wb.xlsx.writeFile(p);
    return p;
  }

  it('skips the title, reads its column names, date cells and one lead per line, as the CSV folder gives them', async () => {
    const book = await councilWorkbook('council.xlsx', (ws) => {
      ws.getCell('J4').value = 'On track';
      ws.getCell('F5').value = 'DCS PCC (DH); Head of Women and Children\'s Commissioning – Devon ICB (HP);PBWG as leads for schools and colleges (MM)';
    });
    const result = await importPlan(store, book, { timeZone: 'Europe/London', clock, newPlan: true });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.warnings).toEqual([]);
    await imported(FIXTURE, 'from-csv');
    const fromBook = await store.plans.listActions('council');
    const fromCsv = await store.plans.listActions('from-csv');
    const plain = (a: (typeof fromBook)[number]) => ({ ref: a.ref, text: a.text, leadIds: a.leadIds, leadStrings: a.leadStrings, start: a.start, due: a.due, group: a.groupId });
    expect(fromBook.map(plain)).toEqual(fromCsv.map(plain));
    // Row 4 is action 1.1: "On track" is the legend's amber.
    expect(fromBook.find((a) => a.ref === '1.1')!.brag).toBe('amber');
  });

  it('reports a column that looks like a known one but is not read, and keeps its text', async () => {
    const book = await councilWorkbook('two-ratings.xlsx', (ws) => {
      ws.getCell('K3').value = 'BRAG';
      ws.getCell('K4').value = 'Red';
      ws.getCell('L3').value = 'Stauts';
      ws.getCell('L4').value = 'checked';
      ws.getCell('M3').value = 'Ouctome';
    });
    const result = await importPlan(store, book, { timeZone: 'Europe/London', clock, newPlan: true });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      'two-ratings.xlsx[Actions]:3: BRAG: looks like the status column, which is read from "RAG status"; this column is kept as extra text and not read.',
      'two-ratings.xlsx[Actions]:3: Stauts: looks like the status column, which is read from "RAG status"; this column is kept as extra text and not read.',
      'two-ratings.xlsx[Actions]:3: Ouctome: is not a column the import reads, so it is kept as extra text. Did you mean "outcome"?',
    ]);
    const action = (await store.plans.getAction('two-ratings', '1.1'))!.value;
    expect(action.extra).toEqual({ BRAG: 'Red', Stauts: 'checked' });
  });

  it('refuses a misspelt required column with the header it probably means, and writes nothing', async () => {
    const book = await councilWorkbook('misspelt.xlsx', (ws) => void (ws.getCell('F3').value = 'Lead oficer'));
    const before = await snapshot(store);
    const result = await importPlan(store, book, { timeZone: 'Europe/London', clock, newPlan: true });
    expect(!result.ok && result.problems).toEqual([
      'misspelt.xlsx[Actions]:3: leads: the required column is missing (the header has: Ref, Area, Area title, Group, Description, Lead oficer, Start date, Target date, SRO, RAG status). Did you mean "Lead oficer"? Name that column "leads".',
    ]);
    expect(await snapshot(store)).toEqual(before);
  });
});

describe('values that are nearly right', () => {
  it('suggests the status, lead and group the cell probably means, and lists the legend words', async () => {
    const dir = copyFixture();
    editRows(dir, 'actions.csv', (rows) => {
      byRef(rows, '1.1').status = 'Ambr';
      byRef(rows, '1.2').leads = 'DCS PCC (DH) | Head of Women and Childrens Commissioning – Devon ICB (HP)';
      byRef(rows, '3.1').group = 'Inclusoin';
    });
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock, planId: 'near-misses', newPlan: true });
    expect(!result.ok && result.problems).toEqual([
      'actions.csv:2: status: "Ambr" is not a BRAG status; use blue, green, amber, red, or the legend\'s words ("Complete and embedded", "Complete", "Progressing to timescale", "Little or no progress/delayed"), or leave it blank. Did you mean "amber"?',
      'actions.csv:3: leads: "Head of Women and Childrens Commissioning – Devon ICB (HP)" is not a lead in people.csv; add a row mapping it to an email. Did you mean "Head of Women and Children\'s Commissioning – Devon ICB (HP)"?',
      'actions.csv:22: group: "Inclusoin" is not a group in groups.csv. Did you mean "Inclusion"?',
    ]);
  });

  it('reads the legend and tracker words for each rating', async () => {
    const dir = copyFixture();
    editRows(dir, 'actions.csv', (rows) => {
      byRef(rows, '1.1').status = 'On track';
      byRef(rows, '1.2').status = 'Complete and embedded';
      byRef(rows, '1.3').status = 'Little or no progress / delayed';
      byRef(rows, '1.4').status = 'G';
    });
    await imported(dir, 'words');
    const brag = async (ref: string) => (await store.plans.getAction('words', ref))!.value.brag;
    expect([await brag('1.1'), await brag('1.2'), await brag('1.3'), await brag('1.4')]).toEqual(['amber', 'blue', 'red', 'green']);
  });
});

describe('a start month and the meeting in that month', () => {
  it('asks about actions that start in the month of the meeting', async () => {
    // Governance meets on 3 October 2023; its actions are moved to start in "Oct-23".
    const dir = copyFixture();
    const governance = 'Governance, oversight, culture and workforce';
    editRows(dir, 'actions.csv', (rows) => rows.filter((r) => r.group === governance).forEach((r) => (r.start = 'Oct-23')));
    const h = await startHarness({ source: dir });
    try {
      const actions = (await h.store.plans.listActions('plymouth-2023')).filter((a) => a.groupId === 'governance-oversight-culture-and-workforce');
      expect(actions.every((a) => a.start === '2023-10-01')).toBe(true);
      const open = cycleSchedule('2023-10-03', DEFAULT_PLAN_SETTINGS, 'Europe/London').dates.open;
      await h.tick(atPlanTime(open, 9, 'Europe/London').toISOString());
      const asked = delivered(h.connector).filter((r) => sectionHeadings(r.activity).includes(`${governance}: time for your update`));
      const leads = new Set(actions.filter((a) => a.brag !== 'green' && a.brag !== 'blue').flatMap((a) => a.leadIds).map(conversationIdOf));
      expect(leads.size).toBeGreaterThan(0);
      expect(new Set(asked.map((r) => r.conversationId))).toEqual(leads);
    } finally {
      await h.close();
    }
  });
});
