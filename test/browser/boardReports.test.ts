/**
 * The two board reports, built from the Plymouth plan with its governance table (the SEND
 * Strategic Delivery Group receives progress, the Improvement Board exceptions) after a run of
 * real updates and decisions, rendered by the adaptivecards library in headless Chromium with
 * Teams' light theme. Screenshots go to test-output/cards/ (the README shows copies).
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { fixedClock } from '../../src/domain/clock';
import { decideBlue } from '../../src/decisions/blueDecisions';
import { importPlan } from '../../src/import/importPlan';
import { snapshotOf } from '../../src/reporting/groupFacts';
import { boardReportCard, type ReportingDeps } from '../../src/reporting/reports';
import type { Store } from '../../src/storage/store';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { governanceFixture, PLAN_ID } from '../governance/fixture';
import { launchChromium, openCardPage, type CardPage } from '../support/browser';
import { makeTestStore } from '../support/store';

const OUT = path.join(__dirname, '../../test-output/cards');
const SSDG = 'send-strategic-delivery-group-ssdg';
const BOARD = 'local-area-send-improvement-board';

jest.setTimeout(90_000);

describe('board reports by remit, in a real browser', () => {
  let browser: Browser;
  let card: CardPage;
  let store: Store;
  const clock = fixedClock('2023-10-20T10:00:00Z');
  const deps = (): ReportingDeps => ({ store, clock, timeZone: 'Europe/London' });

  beforeAll(async () => {
    browser = await launchChromium();
    card = await openCardPage(browser);
    store = await makeTestStore();
    const imported = await importPlan(store, governanceFixture(), { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-09-01T08:00:00Z') });
    if (!imported.ok) throw new Error(JSON.stringify(imported).slice(0, 600));
    const people = await store.plans.peopleById(PLAN_ID);
    const groups = await store.plans.listGroups(PLAN_ID);
    const ctx = { store, clock, timeZone: 'Europe/London' };
    const update = async (ref: string, lead: string, fields: Record<string, unknown>) => {
      clock.advance(3_600_000);
      const result = await submitUpdate(ctx, PLAN_ID, people.get(lead)!, { ref, submissionId: `${ref}-${clock.now().toISOString()}`, ...fields });
      if (result.kind !== 'recorded') throw new Error(`${ref}: ${JSON.stringify(result)}`);
      return result.update;
    };

    // October's cycles: the leads rate their actions; each group's snapshot is taken at its meeting.
    for (const [ref, lead] of [['1.1', 'dh'], ['1.2', 'dh'], ['2.1', 'ag'], ['2.2', 'ap'], ['3.1', 'mm'], ['5.1', 'fg'], ['5.2', 'fg'], ['7.2', 'hp'], ['7.3', 'hp'], ['6.1', 'ap']] as const) {
      const action = (await store.plans.getAction(PLAN_ID, ref))!.value;
      const leadId = action.leadIds.find((id) => id.startsWith(`${lead}@`)) ?? action.leadIds[0]!;
      await update(ref, leadId, { brag: 'amber', narrative: 'Work under way as planned; the task and finish group reviewed it.', evidence: 'minutes' });
    }
    for (const g of groups.filter((x) => x.kind === 'taskAndFinish')) {
      await store.snapshots.save(snapshotOf(PLAN_ID, g.id, '2023-10-20', clock.now().toISOString(), await store.plans.listActionsOfGroup(PLAN_ID, g.id)));
    }

    // November: two actions fall to red with blockers and an ask, two are completed, one confirmed blue.
    clock.set('2023-11-20T10:00:00Z');
    await update('1.2', 'dh@plymouth.example', {
      brag: 'red',
      narrative: 'The partnership framework is drafted but the ICB and schools have not agreed the accountability section.',
      blockers: 'No agreed owner for the schools strand since the PBWG lead left in October.',
      escalate: 'true',
    });
    await update('7.2', 'hp@plymouth.example', {
      brag: 'red',
      narrative: 'Waiting lists for the neurodevelopmental pathway grew again in October.',
      blockers: 'Two paediatrician vacancies; the locum contract ends in December.',
      revisedDue: '2024-06-28',
    });
    await update('5.1', 'fg@plymouth.example', { brag: 'green', narrative: 'The quality assurance framework is signed off and in use by the team.', evidence: 'review' });
    await update('3.1', 'mm@plymouth.example', { brag: 'green', narrative: 'Inclusion training delivered to every secondary school SENCo.', evidence: 'data,surveys' });
    const blue = await update('2.1', 'ag@plymouth.example', {
      brag: 'blue',
      narrative: 'The early help pathway has been in use for two terms; the audit found it followed in every case.',
      evidence: 'audit,voice',
    });
    clock.advance(86_400_000);
    const confirmed = await decideBlue(store, clock, { planId: PLAN_ID, ref: '2.1', updateId: blue.id, outcome: 'confirmed', decider: people.get('dh@plymouth.example'), groups, people });
    if (confirmed.kind !== 'decided') throw new Error(JSON.stringify(confirmed));
    clock.set('2023-12-05T09:00:00Z');
  });

  afterAll(async () => {
    await card?.close();
    await browser?.close();
  });

  it('gives the Strategic Delivery Group a progress report: every group with its counts and trend, what moved, achievements, exceptions', async () => {
    const ssdg = (await store.plans.getGroup(PLAN_ID, SSDG))!.value;
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
    const board = (await store.plans.getGroup(PLAN_ID, BOARD))!.value;
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
