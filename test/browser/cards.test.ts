/**
 * Every card a lead meets, rendered by the adaptivecards library in headless Chromium with Teams'
 * light theme, in a scripted flow against the real bot: "my actions", the update form opened from
 * the rendered card's Update button, an invalid submit answered with the errors, the form filled
 * in and submitted by clicking, and the confirmation. The channel summary, the chair digest and
 * the board exception report are rendered from their templates with data from the same plan.
 * Screenshots go to test-output/cards/ (the README's pictures are copies of some of them).
 */
import { scorecardView } from '../../src/cards/measures';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { renderCard } from '../../src/cards/render';
import {
  achievementRowView,
  boardEscalationView,
  bragBars,
  bragView,
  capList,
  evidenceCounts,
  formatDate,
  overdueText,
  SUMMARY_LIST_MAX,
  truncate,
  type BoardActionRowView,
  type BoardReportView,
  type ChairDigestView,
  type ChannelSummaryView,
} from '../../src/cards';
import type { Action, Escalation } from '../../src/domain/model';
import { combineNotices, cycleNotice, chaseNotice, escalationNotice } from '../../src/scheduler/notices';
import { personMessage } from '../../src/scheduler/messages';
import { launchChromium, openCardPage, type CardPage, type RenderReport } from '../support/browser';
import { startTestBot, PLAN_ID, type TestBot, type TestUser } from '../support/botHarness';

const OUT = path.join(__dirname, '../../test-output/cards');
const TODAY = '2023-11-20';

jest.setTimeout(90_000);

function expectRendered(report: RenderReport): void {
  expect(report.errors).toEqual([]);
  expect(report.height).toBeGreaterThan(100);
}

describe('cards in a real browser with Teams\' light theme', () => {
  let browser: Browser;
  let bot: TestBot;
  let lead: TestUser;
  let card: CardPage;

  beforeAll(async () => {
    [browser, bot] = await Promise.all([launchChromium(), startTestBot({ now: `${TODAY}T10:00:00Z` })]);
    lead = bot.user('dh@plymouth.example', 'DCS PCC (DH)');
    await bot.install(lead);
    card = await openCardPage(browser);
  });

  afterAll(async () => {
    await card?.close();
    await browser?.close();
    await bot?.close();
  });

  it('lets a lead open, correct and submit an update by clicking the rendered cards', async () => {
    // my actions
    await bot.say(lead, 'my actions');
    const myActions = await bot.lastCardTo(lead);
    const listed = await card.render(myActions);
    expectRendered(listed);
    expect(listed.text).toContain('My actions');
    expect(listed.text).toMatch(/Actions 1–\d+ of \d+/);
    await card.screenshot(path.join(OUT, 'my-actions.png'));

    // The rendered Update button produces the invoke payload Teams would send.
    const open = await card.click('Update');
    expect(open).toMatchObject({ verb: 'update.open', data: { planId: PLAN_ID } });
    const ref = String(open!.data.ref);
    const formAnswer = await bot.invoke(lead, open!.verb, open!.data);
    expect(formAnswer.status).toBe(200);
    const form = formAnswer.body.value;
    const formReport = await card.render(form);
    expectRendered(formReport);
    expect(formReport.text).toContain(`Update action ${ref}`);
    expect(formReport.text).toContain('BRAG rating');

    // An update the bot must refuse: no rating and a one-word narrative. The answer is the form with the errors.
    const submitData = (form.actions as { verb: string; data: Record<string, unknown> }[]).find((a) => a.verb === 'update.submit')!.data;
    const refused = await bot.invoke(lead, 'update.submit', { ...submitData, brag: '', narrative: 'Fine.', evidence: '', escalate: 'false' });
    expect(refused.status).toBe(200);
    const errorsReport = await card.render(refused.body.value);
    expectRendered(errorsReport);
    expect(errorsReport.text).toContain('The update was not recorded. Please check:');
    await card.screenshot(path.join(OUT, 'update-errors.png'));
    expect(await bot.store.updates.history(PLAN_ID, ref)).toHaveLength(0);

    // The form again, filled in and submitted in the browser.
    expectRendered(await card.render(form));
    const inputs = card.page.locator('#card');
    await inputs.locator('select').first().selectOption('amber');
    const narrative = 'Draft framework shared with the partnership board; sign-off is planned for the December meeting.';
    await inputs.locator('textarea').first().fill(narrative);
    await inputs.getByRole('checkbox', { name: 'Minutes' }).check();
    await inputs.getByRole('checkbox', { name: 'Voice of children, young people and families' }).check();
    await inputs.locator('textarea').nth(1).fill('Co-designed with the parent carer forum at its November session.');
    await card.screenshot(path.join(OUT, 'update-form.png'));
    const submitted = await card.click('Submit update');
    expect(submitted).toBeDefined();
    expect(submitted!.verb).toBe('update.submit');
    expect(submitted!.data).toMatchObject({ ref, planId: PLAN_ID, brag: 'amber', narrative });
    expect(String(submitted!.data.evidence).split(',').sort()).toEqual(['minutes', 'voice']);

    const confirmed = await bot.invoke(lead, submitted!.verb, submitted!.data);
    expect(confirmed.status).toBe(200);
    const confirmation = await card.render(confirmed.body.value);
    expectRendered(confirmation);
    expect(confirmation.text).toContain(`Update recorded for ${ref}`);
    expect(confirmation.text).toContain('Amber – Progressing to timescale');
    expect(confirmation.text).toContain(narrative);
    await card.screenshot(path.join(OUT, 'update-confirmation.png'));
    const history = await bot.store.updates.history(PLAN_ID, ref);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ brag: 'amber', narrative, evidence: expect.arrayContaining(['minutes', 'voice']) });
  });

  describe('group and board cards from the same plan', () => {
    let actions: Action[];
    let leadNames: Map<string, string>;
    let groupNames: Map<string, string>;

    beforeAll(async () => {
      actions = await bot.store.plans.listActions(PLAN_ID);
      leadNames = new Map((await bot.store.plans.listPeople(PLAN_ID)).map((p) => [p.id, p.name]));
      groupNames = new Map((await bot.store.plans.listGroups(PLAN_ID)).map((g) => [g.id, g.name]));
    });

    const leadsOf = (a: Action) => a.leadIds.map((id) => leadNames.get(id) ?? id).join(', ');
    const firstLead = (a: Action) => leadNames.get(a.leadIds[0]!) ?? a.leadIds[0]!;
    /** Each lead of some actions once, with the refs they did not answer for. */
    const notAnsweredBy = (silent: Action[]) => {
      const refs = new Map<string, string[]>();
      for (const a of silent) for (const id of a.leadIds) refs.set(id, [...(refs.get(id) ?? []), a.ref]);
      return [...refs].map(([id, r]) => ({ lead: leadNames.get(id) ?? id, refs: r.join(', ') }));
    };
    const isOverdue = (a: Action) => a.due !== undefined && a.due < TODAY && a.brag !== 'blue' && a.brag !== 'green';

    it('renders the channel summary a group sees after its cycle', async () => {
      const groupId = actions[0]!.groupId;
      const group = actions.filter((a) => a.groupId === groupId);
      const groupName = groupNames.get(groupId) ?? groupId;
      const counts = { blue: 1, green: 2, amber: Math.max(1, group.length - 6), red: 2, unrated: 1 };
      const view: ChannelSummaryView = {
        planId: PLAN_ID,
        groupName,
        lateText: '',
        meetingDate: formatDate('2023-11-28', 'Europe/London'),
        bars: bragBars(counts),
        responseText: `${group.length - 2} of ${group.length} leads answered.`,
        movedUp: capList(group.slice(0, 2).map((a) => ({ planId: PLAN_ID, ref: a.ref, text: truncate(a.text, 100), from: bragView('red'), to: bragView('amber') })), SUMMARY_LIST_MAX),
        movedDown: capList(group.slice(2, 3).map((a) => ({ planId: PLAN_ID, ref: a.ref, text: truncate(a.text, 100), from: bragView('amber'), to: bragView('red') })), SUMMARY_LIST_MAX),
        red: capList(group.slice(2, 4).map((a) => ({ planId: PLAN_ID, ref: a.ref, text: truncate(a.text, 100), leads: leadsOf(a), lastUpdate: 'Last update 21 Nov 2023' })), SUMMARY_LIST_MAX),
        overdue: capList(group.filter(isOverdue).map((a) => ({ planId: PLAN_ID, ref: a.ref, groupName, due: formatDate(a.due!, 'Europe/London'), leads: leadsOf(a), overdueText: overdueText(a.due!, TODAY) })), SUMMARY_LIST_MAX),
        notAnswered: capList(notAnsweredBy(group.slice(-2)), SUMMARY_LIST_MAX),
        escalations: capList([{ escalationId: 'esc-1', planId: PLAN_ID, ref: group[2]!.ref, groupName, cause: 'Red rating', reason: 'Rated red: the recruitment of two senior leaders has slipped to the spring.', stateText: 'Open', raisedAt: formatDate('2023-11-14', 'Europe/London') }], SUMMARY_LIST_MAX),
        dateChanges: capList([{ planId: PLAN_ID, ref: group[1]!.ref, from: formatDate(group[1]!.due ?? '2023-12-31', 'Europe/London'), to: formatDate('2024-03-31', 'Europe/London'), stateText: 'Proposed by DCS PCC (DH)' }], SUMMARY_LIST_MAX),
      };
      const report = await card.render(renderCard('channelSummary', view));
      expectRendered(report);
      expect(report.text).toContain(groupName);
      expect(report.text).toContain(view.responseText);
      expect(report.text).toContain(group[0]!.ref);
      await card.screenshot(path.join(OUT, 'channel-summary.png'));
    });

    it('renders the chair digest with the dates to decide, escalations to acknowledge and leads who are away', async () => {
      const groupId = actions[0]!.groupId;
      const group = actions.filter((a) => a.groupId === groupId);
      const groupName = groupNames.get(groupId) ?? groupId;
      const proposal = group[1]!;
      const escalated = group[2]!;
      const view: ChairDigestView = {
        chairName: 'DCS PCC (DH)',
        generatedAt: '28 Nov 2023, 18:00',
        groups: [
          {
            planId: PLAN_ID,
            groupName,
            meetingDate: formatDate('2023-11-28', 'Europe/London'),
            bars: bragBars({ blue: 1, green: 2, amber: Math.max(1, group.length - 6), red: 2, unrated: 1 }),
            overdueCount: group.filter(isOverdue).length,
            movedUpCount: 2,
            movedDownCount: 1,
            responseText: `${group.length - 2} of ${group.length} leads answered.`,
            notAnswered: notAnsweredBy(group.slice(-2)).map((n) => n.lead).join(', '),
            dateProposals: capList([{
              planId: PLAN_ID, ref: proposal.ref, updateId: 'u-proposal', actionText: truncate(proposal.text, 140),
              currentDue: proposal.due ? formatDate(proposal.due, 'Europe/London') : 'No date', proposedDue: formatDate('2024-03-29', 'Europe/London'), proposedBy: firstLead(proposal),
              why: 'The workforce strategy needs the new organisational design, which Cabinet considers in February.',
            }], SUMMARY_LIST_MAX),
            blueProposals: capList([{
              planId: PLAN_ID, ref: group[0]!.ref, updateId: 'u-blue', actionText: truncate(group[0]!.text, 140), proposedBy: firstLead(group[0]!),
              proposedAt: formatDate('2023-11-21', 'Europe/London'), evidence: 'Audit, Data',
              why: 'The framework is in every partner agency\'s induction; the November audit found it used in 9 of 10 case files.', noteId: 'blueNote-u-blue',
            }], SUMMARY_LIST_MAX),
            awaitingAck: capList([{
              escalationId: 'esc-1', planId: PLAN_ID, ref: escalated.ref, cause: 'Red rating',
              reason: 'Rated red: the recruitment of two senior leaders has slipped to the spring.', raisedBy: firstLead(escalated), raisedAt: formatDate('2023-11-14', 'Europe/London'),
            }], SUMMARY_LIST_MAX),
            unavailable: capList([
              { name: firstLead(group[3]!), status: 'Away until 4 Dec 2023' },
              { name: 'Head of Education (JB)', status: 'Not reachable in Teams (the app is not installed)' },
            ], SUMMARY_LIST_MAX),
          },
        ],
        showDeadLetters: false,
        deadLetters: capList([], SUMMARY_LIST_MAX),
      };
      const report = await card.render(renderCard('chairDigest', view));
      expectRendered(report);
      expect(report.text).toContain("Chair's digest");
      expect(report.text).toContain(groupName);
      expect(report.text).toContain('Proposed completion dates to decide');
      expect(report.text).toContain(proposal.ref);
      expect(report.text).toContain('Away until 4 Dec 2023');
      await card.screenshot(path.join(OUT, 'chair-digest.png'));
      expect(await card.click('Approve')).toMatchObject({ verb: 'revisedDate.approve', data: { planId: PLAN_ID, ref: proposal.ref, updateId: 'u-proposal' } });
    });

    it('renders the board exception report with red, long-overdue and silent actions', async () => {
      const row = (a: Action, detail: string): BoardActionRowView => ({
        planId: PLAN_ID, ref: a.ref, groupName: groupNames.get(a.groupId) ?? a.groupId, text: truncate(a.text, 140), leads: leadsOf(a), due: a.due ? formatDate(a.due, 'Europe/London') : 'No date', detail, narrative: '', blockers: '', ask: '',
      });
      const overdue = actions.filter(isOverdue);
      const escalationOf = (a: Action, e: Pick<Escalation, 'id' | 'cause' | 'reason' | 'raisedBy' | 'raisedAt' | 'state'> & Partial<Escalation>): Escalation => ({
        planId: PLAN_ID, ref: a.ref, groupId: a.groupId, level: 'board', targetGroupId: 'ssdg', ...e,
      });
      const escalationOpen = boardEscalationView(
        escalationOf(actions[4]!, { id: 'esc-open', cause: 'red', reason: 'Rated red for two cycles: the EHCP timeliness recovery plan has no agreed funding.', raisedBy: 'planpulse', raisedAt: '2023-11-14T09:00:00Z', state: 'open' }),
        { groupName: groupNames.get(actions[4]!.groupId) ?? '', raisedByName: 'Plan Pulse' },
        'Europe/London',
      );
      const escalationAcked = boardEscalationView(
        escalationOf(actions[8]!, {
          id: 'esc-acked', cause: 'leadRequest', reason: 'The lead asked for help with school engagement.', raisedBy: 'dh@plymouth.example', raisedAt: '2023-11-08T14:00:00Z',
          state: 'acknowledged', acknowledgedBy: 'ap@plymouth.example', acknowledgedAt: '2023-11-10T16:20:00Z',
        }),
        { groupName: groupNames.get(actions[8]!.groupId) ?? '', raisedByName: 'DCS PCC (DH)', acknowledgedByName: 'Head of SEND (AP)' },
        'Europe/London',
      );
      const view: BoardReportView = {
        ...scorecardView(undefined),
        planId: PLAN_ID,
        boardName: 'SEND Strategic Delivery Group (SSDG)',
        lateText: '',
        meetingDate: formatDate('2023-11-29', 'Europe/London'),
        generatedAt: '29 Nov 2023, 09:00',
        scopeText: `Across ${groupNames.size} groups reporting to this board.`,
        overdueThresholdDays: 28,
        exceptionsText: `${overdue.length + 3} actions: red, overdue by more than 28 days, escalated or without an update for two cycles, as at 29 Nov 2023.`,
        exceptions: capList(
          [
            { ...row(actions[4]!, ''), reasonsText: 'Red · Escalated', escalations: [escalationOpen] },
            { ...row(actions[8]!, ''), reasonsText: 'Escalated', escalations: [escalationAcked] },
            { ...row(actions[10]!, ''), reasonsText: 'No update for the 8 Nov 2023 or 29 Nov 2023 meetings', escalations: [] },
            ...overdue.filter((a) => ![actions[4], actions[8], actions[10]].includes(a)).map((a) => ({ ...row(a, ''), reasonsText: overdueText(a.due!, TODAY), escalations: [] })),
          ],
          SUMMARY_LIST_MAX,
        ),
        achievements: capList([
          achievementRowView({ planId: PLAN_ID, ref: actions[0]!.ref, groupName: groupNames.get(actions[0]!.groupId) ?? '', text: actions[0]!.text, kind: 'confirmedBlue', at: '2023-11-21', byName: 'DCS PCC (DH)', timeZone: 'Europe/London' }),
        ], SUMMARY_LIST_MAX),
        coProductionText: '9 of 21 updates this cycle say how children, young people and families were involved.',
        withoutCoProduction: actions.slice(0, 4).map((a) => a.ref).join(', '),
        evidenceCounts: evidenceCounts({ audit: 4, voice: 9, data: 12, minutes: 6, review: 3 }),
        addendum: [],
        refreshUserIds: [],
        refreshData: { planId: PLAN_ID, groupId: 'ssdg', cycleId: '2023-11-29' },
      };
      const report = await card.render(renderCard('boardReport', view));
      expectRendered(report);
      expect(report.text).toContain('SEND Strategic Delivery Group (SSDG)');
      expect(report.text).toContain(actions[4]!.ref);
      expect(report.text).toContain('EHCP timeliness recovery plan');
      await card.screenshot(path.join(OUT, 'board-report.png'));
    });

    it('renders a person’s one message of the tick: escalations, overdue actions and a prompt, each action once with its buttons', async () => {
      const groups = await bot.store.plans.listGroups(PLAN_ID);
      const people = await bot.store.plans.peopleById(PLAN_ID);
      const chairId = 'dh@plymouth.example';
      const governance = groups.find((g) => g.chairId === chairId && g.kind === 'taskAndFinish')!;
      const theirs = actions.filter((a) => a.groupId === governance.id);
      const escalation = (ref: string, id: string, cause: Escalation['cause'], reason: string): Escalation => ({
        planId: PLAN_ID, id, ref, groupId: governance.id, level: 'chair', targetGroupId: governance.id, cause, reason, raisedAt: '2023-11-14T09:00:00Z', raisedBy: 'planpulse', state: 'open',
      });
      const overdue = (a: Action) => a.due !== undefined && a.due < TODAY;
      // An overdue action of the chair's own group, and one from another group.
      const late = [...theirs.filter(overdue), ...actions.filter((a) => a.groupId !== governance.id && overdue(a))];
      const onTime = theirs.filter((a) => !overdue(a));
      expect(late.length).toBeGreaterThanOrEqual(2);
      const escalated = late[0]!;
      const notices = [
        escalationNotice(escalation(escalated.ref, 'esc-overdue', 'overdue', 'Not complete and 20 days past its completion date.'), escalated, groups)!,
        escalationNotice(escalation(escalated.ref, 'esc-lead', 'leadRequest', 'The lead asked for escalation: recruitment has slipped to the spring.'), escalated, groups)!,
        chaseNotice({ recipientId: chairId, actions: [escalated, late[1]!], period: '2023-11-20', expiresAt: new Date('2023-11-27T09:00:00Z') }),
        cycleNotice({ group: governance, meetingDate: '2023-11-28', step: 'open', recipientId: chairId, actions: onTime.slice(0, 2), expiresAt: new Date('2023-11-28T09:00:00Z') }),
      ];
      const [view] = combineNotices(notices, { id: PLAN_ID, name: 'Plymouth SEND improvement plan' }, TODAY, 'Europe/London');
      expect(people.get(chairId)).toBeDefined();
      const message = personMessage(view!, new Date(`${TODAY}T09:00:00Z`));
      const report = await card.render((message.activity.attachments as Array<{ content: unknown }>)[0]!.content);
      expectRendered(report);
      expect(report.text).toContain('An action escalated to you');
      expect(report.text).toContain('Governance, oversight, culture and workforce: time for your update');
      // The escalated action is listed once, with both causes; its overdue chase is noted beside it.
      expect(report.text.split(`${escalated.ref} ${escalated.text.slice(0, 40)}`)).toHaveLength(2);
      expect(report.text).toContain('Overdue, to the chair');
      expect(report.text).toContain("Lead's request, to the chair");
      expect(report.text).toContain('Also past its completion date');
      expect(await card.click(`Acknowledge ${escalated.ref}`)).toMatchObject({ verb: 'escalation.ack', data: { escalationId: 'esc-lead' } });
      expect(await card.click(`History of ${onTime[0]!.ref}`)).toMatchObject({ verb: 'history.show', data: { ref: onTime[0]!.ref } });
      expect(await card.click(`Update ${late[1]!.ref}`)).toMatchObject({ verb: 'update.open', data: { ref: late[1]!.ref } });
      await card.screenshot(path.join(OUT, 'combined-message.png'));
    });
  });
});
