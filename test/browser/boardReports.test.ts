/**
 * The two board reports, built from the Plymouth plan with its governance table (the SEND
 * Strategic Delivery Group receives progress, the Improvement Board exceptions) after a run of
 * real updates and decisions, rendered by the adaptivecards library in headless Chromium with
 * Teams' light theme. Screenshots go to test-output/cards/ (the README shows copies).
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { boardReportCard } from '../../src/reporting/reports';
import { launchChromium, openCardPage, type CardPage } from '../support/browser';
import { BOARD, governanceScenario, PLAN_ID, SSDG, type GovernanceScenario } from './governanceScenario';

const OUT = path.join(__dirname, '../../test-output/cards');
jest.setTimeout(90_000);

describe('board reports by remit, in a real browser', () => {
  let browser: Browser;
  let card: CardPage;
  let scenario: GovernanceScenario;
  const deps = () => scenario.deps();

  beforeAll(async () => {
    browser = await launchChromium();
    card = await openCardPage(browser);
    scenario = await governanceScenario();
  });

  afterAll(async () => {
    await card?.close();
    await browser?.close();
  });

  it('gives the Strategic Delivery Group a progress report: every group with its counts and trend, what moved, achievements, exceptions', async () => {
    const ssdg = (await scenario.store.plans.getGroup(PLAN_ID, SSDG))!.value;
    const report = await card.render(await boardReportCard(deps(), ssdg, '2023-12-05'));
    expect(report.errors).toEqual([]);
    const text = report.text;
    expect(text).toContain('SEND Strategic Delivery Group (SSDG): progress report');
    expect(text).toContain('Since the meeting on 24 Oct 2023 · 7 groups');
    expect(text).toContain('Governance, oversight, culture and workforce');
    expect(text).toContain('Worsening: 0 moved up, 1 down since 24 Oct 2023');
    expect(text).toContain('Down: 1.2 Amber → Red');
    expect(text).toContain('Improving: 1 moved up, 0 down since 24 Oct 2023');
    expect(text).toContain('Up: 5.1 Amber → Green');
    expect(text).toMatch(/Achievements[\s\S]*2\.1[\s\S]*Confirmed blue by DCS PCC \(DH\), 21 Nov 2023/);
    expect(text).toContain('Complete (green) since 20 Nov 2023');
    expect(text).toMatch(/Exceptions[\s\S]*Red actions[\s\S]*1\.2/);
    await card.screenshot(path.join(OUT, 'progress-report.png'));
  });

  it("gives the Improvement Board the exception report, with achievements and each red action's narrative, blockers and ask", async () => {
    const board = (await scenario.store.plans.getGroup(PLAN_ID, BOARD))!.value;
    const report = await card.render(await boardReportCard(deps(), board, '2023-12-26'));
    expect(report.errors).toEqual([]);
    const text = report.text;
    expect(text).toContain('Local Area SEND Improvement Board: exception report');
    expect(text).toContain('Latest: The partnership framework is drafted but the ICB and schools have not agreed the accountability section.');
    expect(text).toContain('Blockers: No agreed owner for the schools strand since the PBWG lead left in October.');
    expect(text).toContain('Asks for escalation');
    expect(text).toContain('Blockers: Two paediatrician vacancies; the locum contract ends in December.');
    expect(text).toContain('Proposes 28 Jun 2024 as the completion date');
    expect(text).toMatch(/Achievements[\s\S]*Confirmed blue by DCS PCC \(DH\), 21 Nov 2023[\s\S]*Complete \(green\) since 20 Nov 2023/);
    await card.screenshot(path.join(OUT, 'exception-report.png'));
  });
});
