/** Group and board cards: status, channel summary, chair digest, board exception report. */
import { scorecardView } from '../../src/cards/measures';
import { MAX_CARD_BYTES, renderCard } from '../../src/cards/render';
import {
  achievementRowView,
  areaDigestView,
  blueProposalView,
  boardEscalationView,
  bragBars,
  bragView,
  capList,
  evidenceCounts,
  formatDate,
  overdueText,
  refreshUserIds,
  resolveNoteInputId,
  SUMMARY_LIST_MAX,
  truncate,
  type BoardActionRowView,
  type BoardReportView,
  type ExceptionRowView,
  type ChairDigestView,
  type ChannelSummaryView,
  type StatusView,
} from '../../src/cards';
import type { Action, Escalation, Group, Person, Update } from '../../src/domain/model';
import { actionsIn, elementsOf, inputsIn, plymouthActions, ratingFor, sizeOf, textOf } from './plymouthCards';

const PLAN = 'plymouth-2023';
const TODAY = '2024-01-15';
// A group of 40 actions: the plan's own texts, all put in one group.
const forty = plymouthActions().slice(0, 40).map((a) => ({ ...a, group: 'Graduated Response' }));

function expectSound(card: object): void {
  expect(JSON.stringify(card)).not.toContain('${');
  expect(sizeOf(card)).toBeLessThan(MAX_CARD_BYTES);
}

function countsOf(n: number) {
  const counts = { blue: 0, green: 0, amber: 0, red: 0, unrated: 0 };
  for (let i = 0; i < n; i++) counts[ratingFor(i)]++;
  return counts;
}

const overdueRows = forty.filter((a) => a.due < TODAY).map((a) => ({
  planId: PLAN, ref: a.ref, groupName: a.group, due: formatDate(a.due, 'Europe/London'), leads: a.leads.join(', '), overdueText: overdueText(a.due, TODAY),
}));
// 23:30 UTC on 1 May is 00:30 on 2 May in British Summer Time: the plan's day is the 2nd.
const JUST_AFTER_MIDNIGHT_BST = '2024-05-01T23:30:00.000Z';
const LONDON = 'Europe/London';
const sam: Person = { planId: PLAN, id: 'sam@plymouth.example', name: 'Sam Lee', email: 'sam@plymouth.example', admin: false, leadStrings: ['Sam Lee'], extra: {} };
const people = new Map([[sam.id, sam]]);

function actionOf(overrides: Partial<Action> = {}): Action {
  const a = forty[0]!;
  return {
    planId: PLAN, ref: a.ref, area: 1, groupId: 'graduated-response', text: a.action, leadIds: [sam.id], leadStrings: ['Sam Lee'],
    due: '2024-06-28', importedStatus: 'amber', brag: 'green', updateCount: 3, extra: {}, ...overrides,
  };
}

function blueUpdate(at: string): Update {
  return {
    planId: PLAN, ref: forty[0]!.ref, id: 'upd-blue', submissionId: 'sub-blue', brag: 'green', proposesBlue: true,
    narrative: 'Embedded in every school\'s SEND policy; the termly audit confirms it.', evidence: ['audit'], escalate: false, authorId: sam.id, at,
  };
}

const escalationRows = forty.map((a, i) => ({
  escalationId: `esc-${a.ref}`, planId: PLAN, ref: a.ref, groupName: a.group, cause: i % 2 ? 'Red rating' : "Lead's request",
  reason: truncate(`Rated red twice: ${a.action}`, 300), stateText: 'Open', raisedAt: formatDate('2024-01-10', 'Europe/London'),
}));

describe('status', () => {
  it('shows BRAG bars, overdue actions, missing updates and open escalations for a group', () => {
    const view: StatusView = {
      planName: 'Plymouth Local Area SEND Improvement Plan 2023', groupName: 'Graduated Response', asAt: '15 Jan 2024, 09:00',
      bars: bragBars(countsOf(40)),
      overdueCount: overdueRows.length, overdue: capList(overdueRows, 10),
      missingCount: 3, missing: capList(overdueRows.slice(0, 3).map(({ planId, ref, groupName, leads }) => ({ planId, ref, groupName, leads })), 10),
      escalationCount: 40, escalations: capList(escalationRows, 10), escalationsHidden: 0,
    };
    const card = renderCard('status', view);
    expectSound(card);
    const text = textOf(card);
    expect(text).toContain('Plymouth Local Area SEND Improvement Plan 2023 · Graduated Response');
    expect(text).toContain('Amber 15 (38%)');
    expect(text).toContain('Red 10 (25%)');
    expect(overdueRows.length).toBeGreaterThan(10);
    expect(text).toContain(`Overdue actions: ${overdueRows.length}`);
    expect(text).toContain(`and ${overdueRows.length - 10} more`);
    expect(text).toContain('**1.1** Graduated Response · due 28 Dec 2023 · 18 days overdue · CEX PCC (TL), DCS PCC (DH)');
    expect(text).toContain('and 30 more');
    expect(text).toContain('Missing updates this cycle: 3');
  });

  it('draws the counts as a Teams donut, a stacked bar of the same weights where charts are not drawn, and each count in words beside its colour', () => {
    const card = renderCard('status', {
      planName: 'Plymouth', groupName: '', asAt: '15 Jan 2024, 09:00', bars: bragBars({ amber: 6, red: 2 }),
      overdueCount: 0, overdue: capList([], 8), missingCount: 0, missing: capList([], 8), escalationCount: 0, escalations: capList([], 8), escalationsHidden: 0,
    } satisfies StatusView);
    const donuts = elementsOf(card, 'Chart.Donut');
    expect(donuts).toHaveLength(1);
    expect(donuts[0]!.data).toEqual([
      { legend: 'Amber', value: 6, color: 'warning' },
      { legend: 'Red', value: 2, color: 'attention' },
    ]);
    const widths = elementsOf(donuts[0]!.fallback, 'Column')
      .filter((column) => typeof column.width === 'number')
      .map((column) => [column.style ?? 'blank', column.width]);
    expect(widths).toEqual([['warning', 6], ['attention', 2]]);
    const text = textOf(card);
    for (const words of ['Blue 0 (0%)', 'Green 0 (0%)', 'Amber 6 (75%)', 'Red 2 (25%)', 'Not yet rated 0 (0%)']) expect(text).toContain(words);
    expect(text).toMatch(/^Plymouth$/m);
  });
});

describe('channel summary', () => {
  function summaryOf(n: number): ChannelSummaryView {
    const group = forty.slice(0, n);
    const moved = (from: 'red' | 'green', to: 'amber' | 'red') => (a: (typeof group)[number]) =>
      ({ planId: PLAN, ref: a.ref, text: truncate(a.action, 100), from: bragView(from), to: bragView(to) });
    return {
      planId: PLAN, groupName: 'Graduated Response', lateText: '', meetingDate: '23 Jan 2024', bars: bragBars(countsOf(n)),
      responseText: `${n - 5} of ${n} leads answered.`,
      movedUp: capList(group.slice(0, n / 2).map(moved('red', 'amber')), SUMMARY_LIST_MAX),
      movedDown: capList(group.slice(n / 2).map(moved('green', 'red')), SUMMARY_LIST_MAX),
      red: capList(group.slice(n / 2).map((a) => ({ planId: PLAN, ref: a.ref, text: truncate(a.action, 100), leads: a.leads.join(', '), lastUpdate: 'No update yet' })), SUMMARY_LIST_MAX),
      overdue: capList(overdueRows.slice(0, n), SUMMARY_LIST_MAX),
      notAnswered: capList(group.map((a) => ({ lead: a.leads[0]!, refs: a.ref })), SUMMARY_LIST_MAX),
      escalations: capList(escalationRows.slice(0, n), SUMMARY_LIST_MAX),
      dateChanges: capList(group.map((a) => ({ planId: PLAN, ref: a.ref, from: formatDate(a.due, 'Europe/London'), to: '28 Jun 2024', stateText: 'Proposed by Sam Lee' })), SUMMARY_LIST_MAX),
    };
  }

  it('keeps a group with 40 actions under the size limit by showing "and N more"', () => {
    const card = renderCard('channelSummary', summaryOf(40));
    expectSound(card);
    const text = textOf(card);
    expect(text).toContain('Cycle summary for the meeting on 23 Jan 2024');
    expect(text).toContain('35 of 40 leads answered. 40 actions.');
    // moved up, moved down and red: 20 each
    expect(text.match(/and 12 more/g)).toHaveLength(3);
    expect(text).toContain(`and ${overdueRows.length - SUMMARY_LIST_MAX} more`);
    expect(text).toContain('**1.2** Red → Amber');
    expect(text).toContain(`**${forty[20]!.ref}** Green → Red`);
    expect(text).toContain('**1.1** due 28 Dec 2023 · 18 days overdue');
    expect(text).not.toMatch(/-\d+ days? overdue/);
    expect(text).toContain('CEX PCC (TL): 1.1');
    expect(text).toContain('Escalations');
    expect(text).toContain('Proposed completion date changes');
  });

  it('links every action row to its history', () => {
    const card = renderCard('channelSummary', summaryOf(40));
    const history = actionsIn(card).filter((a) => a.verb === 'history.show');
    // moved up, moved down, red, overdue, escalations, date changes: 8 rows each
    expect(history).toHaveLength(6 * SUMMARY_LIST_MAX);
    for (const h of history) expect(h.data).toEqual({ ref: expect.stringMatching(/^\d+\.\d+$/), planId: PLAN });
    expect(actionsIn(card).every((a) => a.verb === 'history.show')).toBe(true);
  });

  it('says nothing moved and leaves out empty sections in a quiet cycle', () => {
    const quiet: ChannelSummaryView = {
      ...summaryOf(3), movedUp: capList([], 8), movedDown: capList([], 8), red: capList([], 8), overdue: capList([], 8), notAnswered: capList([], 8),
      escalations: capList([], 8), dateChanges: capList([], 8),
    };
    const card = renderCard('channelSummary', quiet);
    expectSound(card);
    const text = textOf(card);
    expect(text).toContain('No action changed its BRAG since the last cycle.');
    expect(text).not.toContain('Overdue actions');
    expect(text).not.toContain('Red actions');
    expect(text).not.toContain('Leads who did not answer');
    expect(actionsIn(card)).toHaveLength(0);
  });
});

describe('chair digest', () => {
  function digest(showDeadLetters: boolean): ChairDigestView {
    return {
      chairName: 'Head of SEND (AP)', generatedAt: '23 Jan 2024, 17:00', showDeadLetters,
      deadLetters: capList([{ to: 'Director EPS (AG)', kind: 'Reminder', error: 'Teams says the app is not installed for this user.', at: '22 Jan 2024, 09:00' }], 8),
      groups: ['Graduated Response', 'SEND Sufficiency and Provision'].map((groupName, g) => ({
        planId: PLAN, groupName, meetingDate: g ? '30 Jan 2024' : '23 Jan 2024', bars: bragBars(countsOf(20 + g)),
        overdueCount: 4, movedUpCount: 3, movedDownCount: 1, responseText: '17 of 20 leads answered.',
        notAnswered: 'Director EPS (AG), PPCV (CP)',
        dateProposals: capList(forty.slice(0, 3).map((a, i) => ({
          planId: PLAN, ref: a.ref, updateId: `upd-${g}-${i}`, actionText: truncate(a.action, 140), currentDue: formatDate(a.due, 'Europe/London'),
          proposedDue: '28 Jun 2024', proposedBy: 'Sam Lee', why: 'The ICB sign-off moved to the March board.',
        })), 8),
        blueProposals: capList(forty.slice(3, 5).map((a, i) => ({
          planId: PLAN, ref: a.ref, updateId: `blue-${g}-${i}`, actionText: truncate(a.action, 140), proposedBy: 'Sam Lee', proposedAt: '16 Jan 2024',
          evidence: 'Audit, Minutes', why: 'Embedded in every school\'s SEND policy; the termly audit confirms it.', noteId: `blueNote-blue-${g}-${i}`,
        })), 8),
        awaitingAck: capList(escalationRows.slice(0, 2).map((e) => ({ escalationId: e.escalationId + g, planId: PLAN, ref: e.ref, cause: e.cause, reason: e.reason, raisedBy: 'Plan Pulse', raisedAt: e.raisedAt })), 8),
        unavailable: capList([{ name: 'Director EPS (AG)', status: 'Away until 3 Feb 2024' }], 8),
      })),
    };
  }

  it('shows each chaired group compactly with what needs the chair', () => {
    const card = renderCard('chairDigest', digest(false));
    expectSound(card);
    const text = textOf(card);
    expect(text).toContain('For Head of SEND (AP) · 23 Jan 2024, 17:00');
    expect(text).toContain('Graduated Response');
    expect(text).toContain('SEND Sufficiency and Provision');
    expect(text).toContain('Blue 2 · Green 3 · Amber 8 · Red 5 · Not yet rated 2');
    expect(text).toContain('Overdue: 4');
    expect(text).toContain('Moved up / down: 3 / 1');
    expect(text).toContain('Not answered: Director EPS (AG), PPCV (CP)');
    expect(text).toContain('Due 28 Dec 2023 → proposed 28 Jun 2024 by Sam Lee');
    expect(text).toContain('Director EPS (AG): Away until 3 Feb 2024');
    expect(text).not.toContain('could not be delivered');
  });

  it('gives each proposed date Approve and Reject, and each escalation Acknowledge, with the ids the bot needs', () => {
    const found = actionsIn(renderCard('chairDigest', digest(false)));
    const approve = found.filter((a) => a.verb === 'revisedDate.approve');
    const reject = found.filter((a) => a.verb === 'revisedDate.reject');
    expect(approve).toHaveLength(6);
    expect(reject).toHaveLength(6);
    expect(approve[4]!.data).toEqual({ planId: PLAN, ref: forty[1]!.ref, updateId: 'upd-1-1' });
    expect(reject[4]!.data).toEqual(approve[4]!.data);
    const ack = found.filter((a) => a.verb === 'escalation.ack');
    expect(ack.map((a) => a.data)).toEqual([
      { escalationId: 'esc-1.10', planId: PLAN }, { escalationId: 'esc-1.20', planId: PLAN },
      { escalationId: 'esc-1.11', planId: PLAN }, { escalationId: 'esc-1.21', planId: PLAN },
    ]);
  });

  it("dates a blue proposal made at 00:30 BST on the plan's day", () => {
    const view = digest(false);
    const proposal = { action: actionOf(), update: blueUpdate(JUST_AFTER_MIDNIGHT_BST) };
    view.groups[0]!.blueProposals = capList([blueProposalView(proposal, { planId: PLAN, people, timeZone: LONDON })], 8);
    const text = textOf(renderCard('chairDigest', view));
    expect(text).toContain('Proposed by Sam Lee on 2 May 2024. Evidence: Audit');
    expect(text).not.toContain('1 May 2024');
  });

  it('shows dead-lettered messages to administrators only', () => {
    const text = textOf(renderCard('chairDigest', digest(true)));
    expect(text).toContain('Messages that could not be delivered');
    expect(text).toContain('Reminder for Director EPS (AG) (22 Jan 2024, 09:00): Teams says the app is not installed for this user.');
  });
});

describe('board exception report', () => {
  const row = (a: (typeof forty)[number], detail: string): BoardActionRowView => ({
    planId: PLAN, ref: a.ref, groupName: a.group, text: truncate(a.action, 140), leads: a.leads.join(', '), due: formatDate(a.due, 'Europe/London'), detail, narrative: '', blockers: '', ask: '',
  });
  const escalation = (e: Pick<Escalation, 'id' | 'ref' | 'cause' | 'reason' | 'raisedAt' | 'state'> & Partial<Escalation>): Escalation => ({
    planId: PLAN, groupId: 'graduated-response', level: 'board', targetGroupId: 'send-strategic-delivery-group-ssdg', raisedBy: 'planpulse', ...e,
  });
  const escalations = [
    boardEscalationView(
      escalation({ id: 'esc-open', ref: '2.4', cause: 'red', reason: 'Rated red for two cycles: the EHCP timeliness recovery plan has no agreed funding.', raisedAt: '2024-01-10T09:00:00Z', state: 'open' }),
      { groupName: 'Early identification and support', raisedByName: 'Plan Pulse' },
      'Europe/London',
    ),
    boardEscalationView(
      escalation({
        id: 'esc-acked', ref: '6.3', cause: 'leadRequest', reason: 'The lead asked for help with school engagement.', raisedBy: sam.id, raisedAt: '2024-01-08T14:00:00Z',
        state: 'acknowledged', acknowledgedBy: 'dh@plymouth.example', acknowledgedAt: '2024-01-11T16:20:00Z',
      }),
      { groupName: 'Graduated Response', raisedByName: 'Sam Lee', acknowledgedByName: 'DCS PCC (DH)' },
      'Europe/London',
    ),
    boardEscalationView(
      escalation({
        id: 'esc-done', ref: '7.1', cause: 'overdue', reason: 'Overdue by 45 days.', raisedAt: '2023-12-01T09:00:00Z', state: 'resolved',
        acknowledgedBy: 'dh@plymouth.example', acknowledgedAt: '2023-12-02T10:00:00Z',
        resolvedBy: 'dh@plymouth.example', resolvedAt: '2024-01-12T11:45:00Z', resolutionNote: 'New date agreed with the ICB.',
      }),
      { groupName: 'SEND Sufficiency and Provision', raisedByName: 'Plan Pulse', acknowledgedByName: 'DCS PCC (DH)', resolvedByName: 'DCS PCC (DH)' },
      'Europe/London',
    ),
  ];

  function report(overrides: Partial<BoardReportView> = {}): BoardReportView {
    // Each action once: the first three carry the escalations, one of them two reasons more.
    const exceptionRow = (a: (typeof forty)[number], i: number): ExceptionRowView => ({
      ...row(a, ''),
      reasonsText: i === 0 ? `Red · ${overdueText(a.due, TODAY)} · Escalated` : i % 3 === 0 ? 'No update for the 13 Dec 2023 or 3 Jan 2024 meetings' : 'Red',
      escalations: i < 3 ? [escalations[i]!] : [],
    });
    return {
      planId: PLAN, boardName: 'SEND Strategic Delivery Group (SSDG)', lateText: '', meetingDate: '24 Jan 2024', generatedAt: '24 Jan 2024, 09:00',
      scopeText: 'Across 7 groups reporting to this board.', overdueThresholdDays: 28,
      exceptionsText: '40 actions: red, overdue by more than 28 days, escalated or without an update for two cycles, as at 24 Jan 2024.',
      exceptions: capList(forty.map(exceptionRow), SUMMARY_LIST_MAX),
      achievements: capList(forty.slice(0, 3).map((a, i) => achievementRowView({
        planId: PLAN, ref: a.ref, groupName: a.group, text: a.action, kind: i === 0 ? 'confirmedBlue' : 'completed', at: '2024-01-16', byName: 'DCS PCC (DH)', timeZone: 'Europe/London',
      })), SUMMARY_LIST_MAX),
      coProductionText: '14 of 30 updates this cycle say how children, young people and families were involved.',
      withoutCoProduction: '1.1, 1.4, 2.4, 6.3',
      evidenceCounts: evidenceCounts({ audit: 7, voice: 14, data: 21, minutes: 3 }),
      addendum: [],
      refreshUserIds: refreshUserIds(['aad-1', 'aad-2', 'aad-1']),
      refreshData: { planId: PLAN, groupId: 'send-strategic-delivery-group-ssdg', cycleId: '2024-01-24' },
      ...scorecardView(undefined),
      ...overrides,
    } as BoardReportView;
  }

  it('lists each exception once with its reasons, then co-production and evidence sources, under the size limit', () => {
    const card = renderCard('boardReport', report());
    expectSound(card);
    const text = textOf(card);
    expect(text).toContain('SEND Strategic Delivery Group (SSDG): exception report');
    expect(text).toContain('40 actions: red, overdue by more than 28 days, escalated or without an update for two cycles, as at 24 Jan 2024.');
    expect(text).toContain(`Red · ${overdueText(forty[0]!.due, TODAY)} · Escalated`);
    expect(text).toContain('No update for the 13 Dec 2023 or 3 Jan 2024 meetings');
    expect(text.match(/and 32 more/g)).toHaveLength(1);
    expect(text).not.toContain('After this meeting');
    expect(text).toContain('14 of 30 updates this cycle say how children, young people and families were involved.');
    expect(text).toContain('Updated without saying so: 1.1, 1.4, 2.4, 6.3');
    expect(text).toContain('Audit: 7');
    expect(text).toContain('Voice of children, young people and families: 14');
    expect(text).toContain('Surveys: 0');
  });

  it("dates a blue confirmed at 00:30 BST on the plan's day, and a completion on its plan date", () => {
    const achievements = capList([
      achievementRowView({ planId: PLAN, ref: '2.1', groupName: 'Graduated Response', text: forty[1]!.action, kind: 'confirmedBlue', at: JUST_AFTER_MIDNIGHT_BST, byName: 'DCS PCC (DH)', timeZone: LONDON }),
      achievementRowView({ planId: PLAN, ref: '2.2', groupName: 'Graduated Response', text: forty[2]!.action, kind: 'completed', at: '2024-05-01', timeZone: LONDON }),
    ], SUMMARY_LIST_MAX);
    const text = textOf(renderCard('boardReport', report({ achievements })));
    expect(text).toContain('Confirmed blue by DCS PCC (DH), 2 May 2024');
    expect(text).toContain('Complete (green) since 1 May 2024');
  });

  it('shows what changed after the meeting beneath a kept report', () => {
    const text = textOf(renderCard('boardReport', report({ addendum: ["2.4 (Red rating): Acknowledged by DCS PCC (DH) on 5 Feb 2024 after this meeting"] })));
    expect(text).toMatch(/After this meeting\n2\.4 \(Red rating\): Acknowledged by DCS PCC \(DH\) on 5 Feb 2024 after this meeting$/);
  });

  it('offers Acknowledge only on open escalations and Resolve until resolved, showing who did what and when', () => {
    const card = renderCard('boardReport', report());
    const found = actionsIn(card);
    expect(found.filter((a) => a.verb === 'escalation.ack').map((a) => a.data)).toEqual([{ escalationId: 'esc-open', planId: PLAN }]);
    const resolve = found.filter((a) => a.verb === 'escalation.resolve');
    expect(resolve.map((a) => a.data)).toEqual([
      { escalationId: 'esc-open', planId: PLAN, noteInputId: resolveNoteInputId('esc-open') },
      { escalationId: 'esc-acked', planId: PLAN, noteInputId: resolveNoteInputId('esc-acked') },
    ]);
    const inputs = inputsIn(card);
    // The note is required, and the label says so in words: Teams' required asterisk is 3.4:1 in its dark theme.
    expect(inputs.get(resolveNoteInputId('esc-open'))).toMatchObject({ type: 'Input.Text', label: 'How was escalation 2.4 resolved? (required)' });
    expect(inputs.get(resolveNoteInputId('esc-open'))).not.toHaveProperty('isRequired');
    expect(inputs.has(resolveNoteInputId('esc-done'))).toBe(false);
    const text = textOf(card);
    expect(text).toContain('Raised by Plan Pulse, 10 Jan 2024, 09:00');
    expect(text).toContain('Acknowledged by DCS PCC (DH), 11 Jan 2024, 16:20');
    expect(text).toContain('Resolved by DCS PCC (DH), 12 Jan 2024, 11:45: New date agreed with the ICB.');
  });

  it('asks Teams to refresh the card for board members, and leaves refresh out when there are none', () => {
    const card = renderCard('boardReport', report());
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'board.refresh', data: { planId: PLAN, groupId: 'send-strategic-delivery-group-ssdg', cycleId: '2024-01-24' } },
      userIds: ['aad-1', 'aad-2'],
    });
    const without = renderCard('boardReport', report({ refreshUserIds: [] }));
    expect('refresh' in without).toBe(false);
    expect(refreshUserIds(Array.from({ length: 80 }, (_, i) => `aad-${i}`))).toHaveLength(60);
  });
});

describe('area digest', () => {
  const board: Group = { planId: PLAN, id: 'ssdg', name: 'SEND Strategic Delivery Group (SSDG)', kind: 'board', chairId: 'dh@plymouth.example', cadenceDays: 42, nextMeeting: '2024-05-14', extra: {} };
  const facts = {
    planId: PLAN,
    area: { planId: PLAN, number: 1, title: 'Graduated response', sroId: sam.id },
    sro: sam,
    board,
    meetingDate: '2024-05-14',
    counts: { blue: 0, green: 1, amber: 0, red: 1, unrated: 0 },
    red: [{ action: actionOf({ ref: '1.3', brag: 'red', lastUpdateAt: JUST_AFTER_MIDNIGHT_BST }), groupName: 'Graduated Response' }],
    overdue: [],
    bluesWaiting: [{ action: actionOf(), update: blueUpdate(JUST_AFTER_MIDNIGHT_BST) }],
    escalations: [],
  };

  it("dates a red action's last update and a blue proposal made at 00:30 BST on the plan's day", () => {
    const card = renderCard('areaDigest', areaDigestView({ facts, people }, SUMMARY_LIST_MAX, LONDON));
    expectSound(card);
    const text = textOf(card);
    expect(text).toContain('For the SEND Strategic Delivery Group (SSDG) meeting on 14 May 2024');
    expect(text).toContain('Red · last update 2 May 2024');
    expect(text).toContain('Proposed by Sam Lee on 2 May 2024. Evidence: Audit');
    expect(text).not.toContain('1 May 2024');
  });
});
