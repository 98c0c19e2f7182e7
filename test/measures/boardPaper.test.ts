/**
 * The plan's exports with impact measures: the XLSX workbook's Measures sheet (values by
 * period, the judgement a formula against the target and trajectory) and the HTML board
 * paper's scorecard, opened in headless Chromium, checked with axe and screenshotted for the
 * README (docs/screenshots/scorecard.png).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { fixedClock } from '../../src/domain/clock';
import { exportPlan } from '../../src/export/exportPlan';
import { importPlan } from '../../src/import/importPlan';
import type { Store } from '../../src/storage/store';
import { launchChromium, openCardPage } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { loadBoardReportFacts } from '../../src/facts/board';
import { renderBoardReport } from '../../src/cards';
import { makeTestStore } from '../support/store';
import { planWithMeasures } from './planWithMeasures';

jest.setTimeout(90_000);

const PLAN = 'plymouth-2023';
const TZ = 'Europe/London';
const clock = fixedClock('2024-02-20T10:00:00Z');
const SCREENSHOTS = path.join(__dirname, '../../docs/screenshots');

let store: Store;
beforeAll(async () => {
  store = await makeTestStore();
  const imported = await importPlan(store, planWithMeasures(), { timeZone: TZ, planId: PLAN, clock: fixedClock('2023-09-01T08:00:00Z') });
  if (!imported.ok) throw new Error(JSON.stringify(imported).slice(0, 400));
  await store.measures.addValueIfAbsent({ planId: PLAN, measureId: 'ehcp-20wk', period: '2024-01', value: 53, note: 'Two late plans', recordedBy: 'dh@plymouth.example', recordedAt: '2024-02-02T10:00:00Z' });
});

describe('the workbook’s Measures sheet', () => {
  let rows: Array<Record<string, unknown>>;
  let sheet: ExcelJS.Worksheet;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportPlan(store, PLAN, 'xlsx', clock, { timeZone: TZ })) as unknown as ArrayBuffer);
    sheet = wb.getWorksheet('Measures')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    rows = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
    });
  });

  it('lists each measure’s values by period, oldest first, with the latest period still missing a value', () => {
    expect(rows.map((r) => [r.Id, r.Period, r.Value])).toEqual([
      ['ehcp-20wk', '2023-11', 45],
      ['ehcp-20wk', '2023-12', 50],
      ['ehcp-20wk', '2024-01', 53],
      ['ep-advice', '2023-Q4', 55],
      ['ar-timely', '2022-23-T3', 60],
      ['ar-timely', '2023-24-T1', null],
    ]);
    expect(rows[2]!.Note).toBe('Two late plans');
  });

  it('judges each row with a formula over its own cells, its result as exported cached', () => {
    const judgement = (i: number) => rows[i]!.Judgement as ExcelJS.CellFormulaValue;
    expect(rows.map((_, i) => judgement(i).result)).toEqual(['Off track', 'On track', 'On track', 'Off track', 'Off track', 'No data']);
    const n = 4; // the ehcp-20wk row for 2024-01
    expect(judgement(2).formula).toBe(
      `IF(H${n}="","No data",IF(E${n}="Higher",IF(OR(H${n}>=I${n},AND(J${n}<>"",H${n}>=J${n})),"On track","Off track"),IF(OR(H${n}<=I${n},AND(J${n}<>"",H${n}<=J${n})),"On track","Off track")))`,
    );
    // The trajectory from 40% on 1 Jan 2023 to 60% on 31 Dec 2024, where it stands at 31 Jan 2024.
    expect(rows[2]!.Trajectory).toBeCloseTo(40 + (20 * 395) / 730, 4);
    expect(rows[3]!.Trajectory).toBeNull();
  });
});

describe('the board paper’s scorecard', () => {
  let html: string;
  let browser: Browser;
  beforeAll(async () => {
    html = (await exportPlan(store, PLAN, 'html', clock, { timeZone: TZ })) as string;
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('shows per area each measure’s latest value, target, trend line and judgement beside the area’s BRAG counts, with no serious accessibility problem', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
    await page.setContent(html);
    const section = page.locator('section.scorecard');
    await expect(section.getByRole('heading', { name: 'Impact measures' }).count()).resolves.toBe(1);
    const text = await section.innerText();
    expect(text).toContain('1 of 3 measures on track, 1 off track, 1 with no data for the latest period.');
    expect(text).toMatch(/Actions: \d+ /);
    const row = (name: string) => section.locator('tr', { hasText: name });
    expect(await row('EHC plans issued within 20 weeks').innerText()).toMatch(/Latest 53% \(January 2024\); trajectory 50\.8%\s+60% by 31 Dec 2024 \(higher is better\)[\s\S]*On track\s+1\.1, 1\.2/);
    expect(await row('Days to educational psychology advice').innerText()).toMatch(/Latest 55 days \(Oct to Dec 2023\)[\s\S]*Off track\s+2\.1/);
    expect(await row('Annual reviews completed on time').innerText()).toMatch(/No value for autumn term 2023-24[\s\S]*No data/);
    await expect(page.getByRole('img', { name: 'EHC plans issued within 20 weeks: Trend: Nov 2023 45%, Dec 2023 50%, Jan 2024 53%; target 60%' }).count()).resolves.toBe(1);

    expect(await seriousViolations(page, 'section.scorecard')).toEqual([]);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await section.screenshot({ path: path.join(SCREENSHOTS, 'scorecard.png') });
    await page.close();
  });

  it('renders the exception report’s scorecard in the card as clients without charts draw it, the trend in words', async () => {
    const board = (await store.plans.listGroups(PLAN)).find((g) => g.name === 'Local Area SEND Improvement Board')!;
    const facts = await loadBoardReportFacts({ store, clock, timeZone: TZ }, board, '2024-02-20');
    const card = await openCardPage(browser);
    const report = await card.render(renderBoardReport({ facts, people: await store.plans.peopleById(PLAN), memberTeamsIds: [], generatedAt: clock.now().toISOString(), today: '2024-02-20' }, TZ));
    expect(report.errors).toEqual([]);
    expect(report.text).toContain('Trend: Nov 2023 45%, Dec 2023 50%, Jan 2024 53%');
    expect(report.text).toContain('1 of 3 measures on track, 1 off track, 1 with no data for the latest period.');
    await card.screenshot(path.join(SCREENSHOTS, 'scorecard-card.png'));
    await card.close();
  });
});
