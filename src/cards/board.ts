/**
 * A board's cards: the exception report posted in the board's channel when its cycle closes,
 * the progress report for boards that receive progress, and the area digest sent to an
 * area's senior responsible officer. Each is fitted to Teams' size limit by shortening its lists.
 */
import type { Escalation, Person } from '../domain/model';
import type { AchievementFact, BoardActionFact, BoardReportFacts, ExceptionFact, ReportAddendumFact } from '../facts/board';
import type { GroupProgressFact, ProgressReportFacts, Trend } from '../facts/progress';
import type { AreaActionFact, AreaDigestFacts } from '../facts/area';
import { sumCounts, type Counts } from '../facts/counts';
import { bragTrend, type BragTrendView } from './charts';
import type { EvidenceType } from '../domain/model';
import {
  bragName,
  capList,
  coProductionText,
  counted,
  daysOverdueText,
  escalationCauseText,
  escalationStateText,
  EVIDENCE_TITLES,
  formatDate,
  formatDateTime,
  formatPlanDate,
  lastUpdateText,
  personName,
  truncate,
  type CappedList,
} from './format';
import {
  actionRowView,
  blueProposalView,
  bragBars,
  bragColour,
  escalationRowView,
  resolveNoteInputId,
  type BlueProposalView,
  type BragBarsView,
  type EscalationRowView,
  type TextColour,
} from './parts';
import { scorecardView, type ScorecardView } from './measures';
import { renderFitting, type AdaptiveCardJson } from './render';

// ---------------------------------------------------------------------------------------
// boardReport

/** An escalation as the board sees it: the status card's row, with who raised it and what was done. */
export interface BoardEscalationView extends EscalationRowView {
  raisedBy: string;
  state: 'open' | 'acknowledged' | 'resolved';
  stateColour: TextColour;
  /** "Acknowledged by Judith Harwood, 27 Nov 2026, 09:14", or ''. */
  acknowledged: string;
  /** "Resolved by …, …: note", or ''. */
  resolved: string;
  /** Id of the Resolve note input; see resolveNoteInputId(). */
  noteInputId: string;
}

/** An action on a board's report: who leads it, when it is due and, when red, what its leads last said. */
export interface BoardActionView {
  planId: string;
  ref: string;
  groupName: string;
  /** Up to 140 characters. */
  text: string;
  leads: string;
  due: string;
  /** Red actions: the leads' latest narrative (up to 300 characters); '' for others. */
  narrative: string;
  /** Red actions: the blockers the lead gave, or ''. */
  blockers: string;
  /** "Asks for escalation · Proposes 28 Jun 2024 as the completion date", or ''. */
  ask: string;
}

/** An action on the progress report, with one detail in words. */
export interface BoardActionRowView extends BoardActionView {
  /** Extra detail: "40 days overdue", "Last update 2 Aug 2023", … */
  detail: string;
}

/** One action on the exception report, once, with every reason it is there. */
export interface ExceptionRowView extends BoardActionView {
  /** "Red · 29 days overdue · Escalated for 2 causes". */
  reasonsText: string;
  escalations: BoardEscalationView[];
}

/** An achievement on a board's report: an action completed, or confirmed blue. */
export interface AchievementRowView {
  planId: string;
  ref: string;
  groupName: string;
  /** Up to 140 characters. */
  text: string;
  /** "Complete (green) since 3 Nov 2023" or "Confirmed blue by DCS PCC (DH), 23 Nov 2023". */
  what: string;
  colour: TextColour;
}

export function achievementRowView(input: {
  planId: string;
  ref: string;
  groupName: string;
  text: string;
  kind: 'completed' | 'confirmedBlue';
  /** A plan date (green since) or an instant (the confirmation), dated in timeZone. */
  at: string;
  byName?: string;
  /** The plan's time zone (PLAN_TIMEZONE). */
  timeZone: string;
}): AchievementRowView {
  const when = formatDate(input.at, input.timeZone);
  return {
    planId: input.planId,
    ref: input.ref,
    groupName: input.groupName,
    text: truncate(input.text, 140),
    what: input.kind === 'confirmedBlue' ? `Confirmed blue${input.byName ? ` by ${input.byName}` : ''}, ${when}` : `Complete (green) since ${when}`,
    colour: input.kind === 'confirmedBlue' ? bragColour('blue') : bragColour('green'),
  };
}

/** What a lead asks for beside a red action, in words. */
export function askText(ask: { escalate: boolean; revisedDue?: string }): string {
  const parts = [ask.escalate ? 'Asks for escalation' : '', ask.revisedDue ? `Proposes ${formatPlanDate(ask.revisedDue)} as the completion date` : ''];
  return parts.filter((p) => p !== '').join(' · ');
}

// ---------------------------------------------------------------------------------------
// progressReport

/** One group on a progress report. */
export interface ProgressGroupView {
  groupName: string;
  bars: BragBarsView;
  /** "Improving: 3 moved up, 1 down since 24 Oct 2023", "First report: nothing to compare with yet". */
  trendText: string;
  trendColour: TextColour;
  /** "5.1 Amber → Green; 5.3 Red → Amber", or ''. */
  movedUp: string;
  movedDown: string;
}

/** Data for cards/progressReport.json, for a board that receives progress, with the plan's measures' scorecard when it has any. */
export interface ProgressReportView extends ScorecardView {
  planId: string;
  boardName: string;
  /** "Late: …" when the board's cycle closed on a later day than its meeting (format.lateText), else ''. */
  lateText: string;
  /** Board members whose card Teams refreshes on view (at most 60); [] leaves refresh out. */
  refreshUserIds: string[];
  /** The data of the board.refresh Action.Execute. */
  refreshData: { planId: string; groupId: string; cycleId: string };
  meetingDate: string;
  generatedAt: string;
  /** "Since the meeting on 24 Oct 2023 · 7 groups" */
  scopeText: string;
  groups: ProgressGroupView[];
  achievements: CappedList<AchievementRowView>;
  red: CappedList<BoardActionRowView>;
  overdueBeyond: CappedList<BoardActionRowView>;
  /** "28 days": how far past its date an action must be to be listed as long overdue. */
  overdueThresholdText: string;
  /** "3 open, 1 acknowledged" or "None". */
  escalationsText: string;
  /** The BRAG counts of the groups at the board's previous meeting and now. */
  trend: BragTrendView;
}

export interface EvidenceCountView {
  source: EvidenceType;
  title: string;
  count: number;
}

/** Data for cards/boardReport.json, posted in the board's channel when its cycle closes. */
export interface BoardReportView extends ScorecardView {
  planId: string;
  boardName: string;
  /** "Late: …" when the board's cycle closed on a later day than its meeting (format.lateText), else ''. */
  lateText: string;
  meetingDate: string;
  generatedAt: string;
  /** "Across 7 groups reporting to this board." */
  scopeText: string;
  overdueThresholdDays: number;
  /** "4 actions: red, overdue by more than 28 days, escalated or without an update for two cycles, as at 5 Feb 2027." */
  exceptionsText: string;
  /** Each action once, with all its reasons and its escalations. */
  exceptions: CappedList<ExceptionRowView>;
  /** Actions completed and blues confirmed in the board's cycle. */
  achievements: CappedList<AchievementRowView>;
  /** "14 of 30 updates this cycle say how children, young people and families were involved." */
  coProductionText: string;
  /** Refs of actions updated without saying so, joined; '' when none. */
  withoutCoProduction: string;
  evidenceCounts: EvidenceCountView[];
  /** Changes after the meeting to a report kept as it was: "3.5 (Lead's request): Acknowledged by … on 5 Feb 2027 after this meeting". */
  addendum: string[];
  /** Board members whose card Teams refreshes on view (at most 60); [] leaves refresh out. */
  refreshUserIds: string[];
  /** The data of the board.refresh Action.Execute. */
  refreshData: { planId: string; groupId: string; cycleId: string };
}

/** Teams refreshes a card for at most 60 users. */
export function refreshUserIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].slice(0, 60);
}

/** Who is named beside an escalation on the board's report. */
export interface BoardEscalationNames {
  groupName: string;
  raisedByName: string;
  acknowledgedByName?: string;
  resolvedByName?: string;
}

/** An escalation as the board sees it: the status card's row, raised at its date and time, with who did what. */
export function boardEscalationView(e: Escalation, names: BoardEscalationNames, timeZone: string): BoardEscalationView {
  const stateColour: TextColour = e.state === 'open' ? 'Attention' : e.state === 'acknowledged' ? 'Warning' : 'Good';
  return {
    ...escalationRowView(e, names.groupName, timeZone),
    raisedAt: formatDateTime(e.raisedAt, timeZone),
    raisedBy: names.raisedByName,
    state: e.state,
    stateColour,
    acknowledged:
      e.acknowledgedAt && names.acknowledgedByName
        ? `Acknowledged by ${names.acknowledgedByName}, ${formatDateTime(e.acknowledgedAt, timeZone)}`
        : '',
    resolved:
      e.resolvedAt && names.resolvedByName
        ? `Resolved by ${names.resolvedByName}, ${formatDateTime(e.resolvedAt, timeZone)}` +
          (e.resolutionNote ? `: ${truncate(e.resolutionNote, 300)}` : '')
        : '',
    noteInputId: resolveNoteInputId(e.id),
  };
}

export function evidenceCounts(counts: Partial<Record<EvidenceType, number>>): EvidenceCountView[] {
  return (Object.keys(EVIDENCE_TITLES) as EvidenceType[]).map((source) => ({
    source,
    title: EVIDENCE_TITLES[source],
    count: counts[source] ?? 0,
  }));
}

// ---------------------------------------------------------------------------------------
// areaDigest

export interface AreaRowView {
  planId: string;
  ref: string;
  groupName: string;
  /** Up to 120 characters. */
  text: string;
  /** "Red", "35 days overdue", "Lead's request: open". */
  detail: string;
}

/** Data for cards/areaDigest.json, sent to an area's SRO at each board meeting. */
export interface AreaDigestView {
  /** "Area 7: Health" */
  title: string;
  sroName: string;
  /** "For the SEND Strategic Delivery Group (SSDG) meeting on 5 Dec 2023" */
  occasion: string;
  bars: BragBarsView;
  red: CappedList<AreaRowView>;
  overdue: CappedList<AreaRowView>;
  blueProposals: CappedList<BlueProposalView>;
  escalations: CappedList<AreaRowView>;
}

// ---------------------------------------------------------------------------------------
// Builders: facts to views to rendered cards


export interface BoardCardInput {
  facts: BoardReportFacts;
  /** Changes made after the meeting to what a kept report shows. */
  addendum?: ReportAddendumFact[];
  people: Map<string, Person>;
  /** Teams user ids of the board's members, for the card's refresh. */
  memberTeamsIds: string[];
  generatedAt: string;
  today: string;
}

/** A board's action: the leads, the due date and, when red, the leads' latest update. */
function boardActionView(planId: string, f: BoardActionFact, today: string): BoardActionView {
  const base = actionRowView({ planId, ref: f.action.ref, text: f.action.text, groupName: f.groupName, due: f.action.due, brag: f.action.brag, leads: f.action.leadStrings, today });
  return {
    planId,
    ref: base.ref,
    groupName: base.groupName,
    text: base.text,
    leads: base.leads,
    due: base.due,
    narrative: f.latest ? truncate(f.latest.narrative, 300) : '',
    blockers: f.latest ? truncate(f.latest.blockers ?? '', 300) : '',
    ask: f.latest ? askText(f.latest.ask) : '',
  };
}

/** A board's action row (progress report), with one detail in words. */
function boardActionRow(planId: string, f: BoardActionFact, detail: string, today: string): BoardActionRowView {
  return { ...boardActionView(planId, f, today), detail };
}

/** Every reason an action is on the exception report, in words: "Red · 29 days overdue · Escalated for 2 causes". */
export function reasonsText(f: ExceptionFact): string {
  return f.reasons
    .map((r) => {
      switch (r) {
        case 'red':
          return 'Red';
        case 'overdue':
          return daysOverdueText(f.daysOverdue ?? 0);
        case 'escalated': {
          // Raised at the chair's level and again at the board's is one cause.
          const causes = new Set(f.escalations.map((e) => e.cause)).size;
          return causes <= 1 ? 'Escalated' : `Escalated for ${counted(causes, 'cause')}`;
        }
        case 'noUpdate':
          return `No update for the ${(f.missedMeetings ?? []).map(formatPlanDate).join(' or ')} meetings`;
      }
    })
    .join(' · ');
}

/** A change made after the meeting, as a kept report's addendum says it: "3.5 (Lead's request): Acknowledged by X on 5 Feb 2027 after this meeting". */
export function addendumText(a: ReportAddendumFact, people: Map<string, Person>, timeZone: string): string {
  const what = a.change === 'acknowledged' ? 'Acknowledged' : 'Resolved';
  const note = a.note ? `: ${truncate(a.note, 300)}` : '';
  return `${a.ref} (${escalationCauseText(a.cause)}): ${what} by ${personName(people, a.byId)} on ${formatDate(a.at, timeZone)} after this meeting${note}`;
}

export function boardReportView(input: BoardCardInput, listMax: number, timeZone: string, lateLine = ''): BoardReportView {
  const { facts, people } = input;
  const planId = facts.planId;
  const groupName = new Map([facts.board, ...facts.groups].map((g) => [g.id, g.name]));
  const escalationView = (e: Escalation) => {
    const view = boardEscalationView(
      e,
      {
        groupName: groupName.get(e.groupId) ?? e.groupId,
        raisedByName: personName(people, e.raisedBy),
        acknowledgedByName: e.acknowledgedBy ? personName(people, e.acknowledgedBy) : undefined,
        resolvedByName: e.resolvedBy ? personName(people, e.resolvedBy) : undefined,
      },
      timeZone,
    );
    // A kept report shows the state as it was; its buttons offer only what can still be done.
    const changes = (input.addendum ?? []).filter((a) => a.escalationId === e.id).map((a) => a.change);
    const now = changes.includes('resolved') ? 'resolved' : changes.includes('acknowledged') ? 'acknowledged' : e.state;
    // An overdue escalation's reason counted its days when it was raised; the row counts them as at the meeting.
    return { ...view, state: now, ...(e.cause === 'overdue' && e.raisedBy === 'planpulse' ? { reason: '' } : {}) };
  };
  const exceptionRow = (f: ExceptionFact): ExceptionRowView => ({
    ...boardActionView(planId, f, input.today),
    reasonsText: reasonsText(f),
    escalations: f.escalations.map(escalationView),
  });
  const n = facts.exceptions.length;
  const scope = `red, overdue by more than ${counted(facts.overdueThresholdDays, 'day')}, escalated or without an update for two cycles, as at ${formatPlanDate(facts.asOf)}.`;
  return {
    planId,
    boardName: facts.board.name,
    lateText: lateLine,
    meetingDate: formatPlanDate(facts.meetingDate),
    generatedAt: formatDateTime(input.generatedAt, timeZone),
    scopeText: `Across ${counted(facts.groups.length, 'group')} reporting to this board.`,
    overdueThresholdDays: facts.overdueThresholdDays,
    exceptionsText: n === 0 ? `No action is ${scope}` : `${counted(n, 'action')}: ${scope}`,
    // The report's main list: three times the others' length, shortened with them to fit.
    exceptions: capList(facts.exceptions.map(exceptionRow), listMax * 3),
    achievements: capList(facts.achievements.map((a) => achievementView(a, { planId, people, timeZone })), listMax),
    coProductionText: coProductionText(facts.updatesInCycle, facts.updatesWithVoice, 'this cycle'),
    withoutCoProduction: facts.withoutCoProduction.join(', '),
    evidenceCounts: evidenceCounts(facts.evidenceCounts),
    addendum: (input.addendum ?? []).map((a) => addendumText(a, people, timeZone)),
    refreshUserIds: refreshUserIds(input.memberTeamsIds),
    refreshData: { planId, groupId: facts.board.id, cycleId: facts.meetingDate },
    ...scorecardView(facts.scorecard, listMax),
  };
}

export function renderBoardReport(input: BoardCardInput, timeZone: string, lateLine?: string): AdaptiveCardJson {
  return renderFitting('boardReport', (max) => boardReportView(input, max, timeZone, lateLine));
}


function achievementView(a: AchievementFact, { planId, people, timeZone }: { planId: string; people: Map<string, Person>; timeZone: string }) {
  return achievementRowView({ planId, ref: a.ref, groupName: a.groupName, text: a.text, kind: a.kind, at: a.at, byName: a.byId ? personName(people, a.byId) : undefined, timeZone });
}

const TREND: Record<Trend, { words: string; colour: 'Good' | 'Attention' | 'Default' }> = {
  improving: { words: 'Improving', colour: 'Good' },
  worsening: { words: 'Worsening', colour: 'Attention' },
  steady: { words: 'Steady', colour: 'Default' },
  first: { words: 'First report', colour: 'Default' },
};

const movedText = (moved: GroupProgressFact['movedUp']) => moved.map((m) => `${m.ref} ${bragName(m.from)} → ${bragName(m.to)}`).join('; ');

export interface ProgressCardInput {
  facts: ProgressReportFacts;
  people: Map<string, Person>;
  /** Teams user ids of the board's members, for the card's refresh. */
  memberTeamsIds?: string[];
  generatedAt: string;
  today: string;
}

export function progressReportView(input: ProgressCardInput, listMax: number, timeZone: string, lateLine = ''): ProgressReportView {
  const { facts, people } = input;
  const planId = facts.planId;
  const since = formatPlanDate(facts.since);
  const open = facts.exceptions.escalations.filter((e) => e.state === 'open').length;
  const acknowledged = facts.exceptions.escalations.filter((e) => e.state === 'acknowledged').length;
  return {
    planId,
    boardName: facts.board.name,
    meetingDate: formatPlanDate(facts.meetingDate),
    generatedAt: formatDateTime(input.generatedAt, timeZone),
    scopeText: `Since the meeting on ${since} · ${counted(facts.groups.length, 'group')}`,
    groups: facts.groups.map((g) => {
      const trend = TREND[g.trend];
      return {
        groupName: g.group.name,
        bars: bragBars(g.counts),
        trendText:
          g.trend === 'first'
            ? 'First report: nothing to compare with yet'
            : `${trend.words}: ${g.movedUp.length} moved up, ${g.movedDown.length} down since ${since}`,
        trendColour: trend.colour,
        movedUp: movedText(g.movedUp),
        movedDown: movedText(g.movedDown),
      };
    }),
    achievements: capList(facts.achievements.map((a) => achievementView(a, { planId, people, timeZone })), listMax),
    red: capList(facts.exceptions.red.map((f) => boardActionRow(planId, f, lastUpdateText(f.action.lastUpdateAt, timeZone), input.today)), listMax),
    overdueBeyond: capList(facts.exceptions.overdueBeyond.map((f) => boardActionRow(planId, f, daysOverdueText(f.daysOverdue ?? 0), input.today)), listMax),
    overdueThresholdText: counted(facts.exceptions.overdueThresholdDays, 'day'),
    escalationsText: open + acknowledged === 0 ? 'None open.' : `${open} open, ${acknowledged} acknowledged.`,
    lateText: lateLine,
    refreshUserIds: refreshUserIds(input.memberTeamsIds ?? []),
    refreshData: { planId, groupId: facts.board.id, cycleId: facts.meetingDate },
    ...scorecardView(facts.exceptions.scorecard, listMax),
    trend: progressTrend(facts),
  };
}

/** The counts of the groups that had a snapshot at the board's previous meeting, then and now. */
function progressTrend(facts: ProgressReportFacts): BragTrendView {
  const compared = facts.groups.filter((g) => g.previousCounts);
  const sum = (pick: (g: GroupProgressFact) => Counts) => sumCounts(compared.map(pick));
  const since = formatPlanDate(facts.since);
  return bragTrend(
    compared.length > 0 ? sum((g) => g.previousCounts!) : undefined,
    sum((g) => g.counts),
    since,
    formatPlanDate(facts.meetingDate),
    `BRAG ratings of ${counted(compared.length, 'group')} on ${since} and now`,
  );
}

export function renderProgressReport(input: ProgressCardInput, timeZone: string, lateLine = ''): AdaptiveCardJson {
  return renderFitting('progressReport', (max) => progressReportView(input, max, timeZone, lateLine));
}

/**
 * A board's report for one meeting, by its remit, as its card, its mail and its printable paper
 * are all drawn from it: the facts kept as at the meeting, with the late line when it came late.
 */
export type BoardReportInput = ({ remit: 'exceptions'; input: BoardCardInput } | { remit: 'progress'; input: ProgressCardInput }) & {
  /** "Late: …" (format.lateText) when the board's cycle closed on a later day than its meeting, else ''. */
  lateLine: string;
};

/** The board's report card, by its remit. */
export function renderBoardReportOf(report: BoardReportInput, timeZone: string): AdaptiveCardJson {
  return report.remit === 'progress' ? renderProgressReport(report.input, timeZone, report.lateLine) : renderBoardReport(report.input, timeZone, report.lateLine);
}

export interface AreaDigestInput {
  facts: AreaDigestFacts;
  people: Map<string, Person>;
}

export function areaDigestView(input: AreaDigestInput, listMax: number, timeZone: string): AreaDigestView {
  const { facts, people } = input;
  const planId = facts.planId;
  const row = (f: AreaActionFact, detail: string): AreaRowView => ({ planId, ref: f.action.ref, groupName: f.groupName, text: truncate(f.action.text, 120), detail });
  return {
    title: `Area ${facts.area.number}: ${truncate(facts.area.title, 160)}`,
    sroName: facts.sro.name,
    occasion: `For the ${facts.board.name} meeting on ${formatPlanDate(facts.meetingDate)}`,
    bars: bragBars(facts.counts),
    red: capList(facts.red.map((f) => row(f, f.action.lastUpdateAt ? `Red · last update ${formatDate(f.action.lastUpdateAt, timeZone)}` : 'Red')), listMax),
    overdue: capList(facts.overdue.map((f) => row(f, daysOverdueText(f.daysOverdue ?? 0))), listMax),
    blueProposals: capList(
      facts.bluesWaiting.map((b) => blueProposalView(b, { planId, people, timeZone })),
      listMax,
    ),
    escalations: capList(
      facts.escalations.map((e) => ({
        planId,
        ref: e.ref,
        groupName: '',
        text: truncate(e.reason, 160),
        detail: `${escalationCauseText(e.cause)} · ${escalationStateText(e.state)}`,
      })),
      listMax,
    ),
  };
}

export function renderAreaDigest(input: AreaDigestInput, timeZone: string): AdaptiveCardJson {
  return renderFitting('areaDigest', (max) => areaDigestView(input, max, timeZone));
}
