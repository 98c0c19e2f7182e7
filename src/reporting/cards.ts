/**
 * Facts to cards: the channel summary, the chair digest and the board exception report, each
 * rendered with renderFitting so lists are shortened until the card fits Teams' size limit.
 */
import { bragTrend } from '../cards/charts';
import { scorecardView } from '../cards/measures';
import { renderFitting, type AdaptiveCardJson } from '../cards/render';
import {
  actionRowView,
  boardEscalationView,
  bragBars,
  bragView,
  capList,
  escalationStateText,
  evidenceCounts,
  formatDate,
  formatDateTime,
  formatPlanDate,
  formatDue,
  achievementRowView,
  askText,
  bragName,
  blueNoteInputId,
  evidenceText,
  refreshUserIds,
  truncate,
  ESCALATION_CAUSE_TEXT,
  type BoardActionRowView,
  type BoardReportView,
  type ExceptionRowView,
  type ProgressReportView,
  type AreaDigestView,
  type AreaRowView,
  type ChairDigestView,
  type ChairGroupView,
  type ChannelSummaryView,
  type DeadLetterView,
  type EscalationRowView,
} from '../cards/views';
import type { Escalation, Person } from '../domain/model';
import type { OutboxMessage } from '../outbox/model';
import type { Proposal } from '../decisions/revisedDates';
import type { BlueProposal } from '../decisions/blueDecisions';
import type { AchievementFact, BoardActionFact, BoardReportFacts, ExceptionFact, ReportAddendumFact } from '../facts/board';
import type { GroupProgressFact, ProgressReportFacts, Trend } from '../facts/progress';
import type { AreaActionFact, AreaDigestFacts } from '../facts/area';
import { emptyCounts, type Counts } from '../facts/counts';
import type { Availability, GroupCycleFacts } from '../facts/group';

const nameOf = (people: Map<string, Person>, id: string) => (id === 'planpulse' ? 'Plan Pulse (automatic)' : (people.get(id)?.name ?? id));

/** One proposed blue as the chair's digest and the area digest both list it, with Confirm / Not yet. */
function blueProposalRow(planId: string, people: Map<string, Person>, b: BlueProposal) {
  return {
    planId,
    ref: b.action.ref,
    updateId: b.update.id,
    actionText: truncate(b.action.text, 140),
    proposedBy: nameOf(people, b.update.authorId),
    proposedAt: formatPlanDate(b.update.at.slice(0, 10)),
    evidence: evidenceText(b.update.evidence),
    why: truncate(b.update.narrative, 200),
    noteId: blueNoteInputId(b.update.id),
  };
}

/** Why a lead cannot answer, in words: "Away until 29 Jan 2027". */
export function availabilityText(a: Availability): string {
  switch (a.kind) {
    case 'away':
      return `Away until ${formatPlanDate(a.until)}`;
    case 'unreachable':
      return `Not reachable in Teams (${a.reason.replace(/\.$/, '')})`;
    case 'notReached':
      return 'Not reached: no prompt was delivered to them this cycle; to fix: run planpulse reach, or ask them to open Plan Pulse';
  }
}

export function responseText(facts: GroupCycleFacts): string {
  if (facts.leadsAsked === 0) return 'No leads were asked for an update this cycle.';
  return `${facts.leadsAnswered} of ${facts.leadsAsked} leads answered.`;
}

function escalationRow(e: Escalation, groupName: string, timeZone: string): EscalationRowView {
  return {
    escalationId: e.id,
    planId: e.planId,
    ref: e.ref,
    groupName,
    cause: ESCALATION_CAUSE_TEXT[e.cause] ?? e.cause,
    reason: truncate(e.reason, 300),
    stateText: escalationStateText(e.state),
    raisedAt: formatDate(e.raisedAt, timeZone),
  };
}

export function channelSummaryView(facts: GroupCycleFacts, listMax: number, timeZone: string): ChannelSummaryView {
  const planId = facts.planId;
  const moved = (m: GroupCycleFacts['movedUp'][number]) => ({ planId, ref: m.ref, text: truncate(m.text, 100), from: bragView(m.from), to: bragView(m.to) });
  return {
    planId,
    groupName: facts.group.name,
    meetingDate: formatPlanDate(facts.meetingDate),
    bars: bragBars(facts.counts),
    responseText: responseText(facts),
    movedUp: capList(facts.movedUp.map(moved), listMax),
    movedDown: capList(facts.movedDown.map(moved), listMax),
    red: capList(
      facts.red.map((r) => ({
        planId,
        ref: r.ref,
        text: truncate(r.text, 100),
        leads: r.leads.join(', '),
        lastUpdate: r.lastUpdateAt ? `Last update ${formatDate(r.lastUpdateAt, timeZone)}` : 'No update yet',
      })),
      listMax,
    ),
    overdue: capList(
      facts.overdue.map((o) => ({ planId, ref: o.ref, groupName: facts.group.name, due: formatPlanDate(o.due), leads: o.leads, overdueText: `${o.days} ${o.days === 1 ? 'day' : 'days'} overdue` })),
      listMax,
    ),
    notAnswered: capList(facts.notAnswered.map((n) => ({ lead: n.name, refs: n.refs.join(', ') })), listMax),
    escalations: capList(facts.escalations.map((e) => escalationRow(e, facts.group.name, timeZone)), listMax),
    dateChanges: capList(
      facts.dateChanges.map((d) => ({
        planId,
        ref: d.ref,
        from: formatDue(d.fromDue),
        to: formatPlanDate(d.toDue),
        stateText:
          d.state === 'proposed'
            ? `Proposed by ${d.proposedByName}`
            : `${d.state === 'approved' ? 'Approved' : 'Rejected'} by ${d.decidedByName ?? 'the chair'}${d.decidedAt ? `, ${formatDateTime(d.decidedAt, timeZone)}` : ''}`,
      })),
      listMax,
    ),
  };
}

export function renderChannelSummary(facts: GroupCycleFacts, timeZone: string, lateLine?: string): AdaptiveCardJson {
  return renderFitting('channelSummary', (max) => ({ ...channelSummaryView(facts, max, timeZone), ...(lateLine ? { lateText: lateLine } : {}) }));
}

export interface ChairGroupInput {
  facts: GroupCycleFacts;
  /** Proposed dates this chair decides (none of the action's leads). */
  pending: Proposal[];
  /** Proposed blues this chair decides. */
  blues?: BlueProposal[];
  /** Escalations in state open that this chair handles. */
  awaitingAck: Escalation[];
}

function chairGroupView(input: ChairGroupInput, people: Map<string, Person>, listMax: number, timeZone: string): ChairGroupView {
  const { facts } = input;
  return {
    planId: facts.planId,
    groupName: facts.group.name,
    meetingDate: formatPlanDate(facts.meetingDate),
    bars: bragBars(facts.counts),
    overdueCount: facts.overdue.length,
    movedUpCount: facts.movedUp.length,
    movedDownCount: facts.movedDown.length,
    responseText: responseText(facts),
    notAnswered: facts.notAnswered.map((n) => n.name).join(', '),
    dateProposals: capList(
      input.pending.map((p) => ({
        planId: facts.planId,
        ref: p.action.ref,
        updateId: p.update.id,
        actionText: truncate(p.action.text, 140),
        currentDue: formatDue(p.action.due),
        proposedDue: formatPlanDate(p.update.revisedDue!),
        proposedBy: nameOf(people, p.update.authorId),
        why: truncate(p.update.narrative, 200),
      })),
      listMax,
    ),
    blueProposals: capList(
      (input.blues ?? []).map((b) => blueProposalRow(facts.planId, people, b)),
      listMax,
    ),
    awaitingAck: capList(
      input.awaitingAck.map((e) => ({
        escalationId: e.id,
        planId: e.planId,
        ref: e.ref,
        cause: ESCALATION_CAUSE_TEXT[e.cause] ?? e.cause,
        reason: truncate(e.reason, 300),
        raisedBy: nameOf(people, e.raisedBy),
        raisedAt: formatDateTime(e.raisedAt, timeZone),
      })),
      listMax,
    ),
    unavailable: capList(facts.unavailable.map((u) => ({ name: u.name, status: availabilityText(u.availability) })), listMax),
  };
}

const KIND_WORDS: Record<string, string> = {
  combined: 'Prompts, chases and escalations',
  cyclePrompt: 'Update prompt',
  cycleReminder: 'Reminder',
  cycleLastCall: 'Last call',
  overdueChase: 'Overdue chase',
  escalation: 'Escalation notice',
  channelSummary: 'Channel summary',
  chairDigest: 'Chair digest',
  boardReport: 'Board exception report',
  blueDecision: 'Blue decision',
  embeddingAsk: 'Embedding question',
  areaDigest: 'Area digest',
};

export function deadLetterView(m: OutboxMessage, people: Map<string, Person>, timeZone: string): DeadLetterView {
  const reason = m.lastError?.message ?? (m.status === 'unreachable' ? 'The person cannot be reached in Teams.' : 'Sending failed.');
  return {
    to: nameOf(people, m.recipientId),
    kind: KIND_WORDS[m.kind] ?? m.kind,
    error: truncate(reason, 200),
    at: formatDateTime(m.finishedAt ?? m.createdAt, timeZone),
  };
}

export interface ChairDigestInput {
  chair: Person;
  groups: ChairGroupInput[];
  people: Map<string, Person>;
  /** For administrators: messages that could not be delivered; undefined hides the section. */
  deadLetters?: OutboxMessage[];
  generatedAt: string;
}

export function chairDigestView(input: ChairDigestInput, listMax: number, timeZone: string): ChairDigestView {
  return {
    chairName: input.chair.name,
    generatedAt: formatDateTime(input.generatedAt, timeZone),
    groups: input.groups.map((g) => chairGroupView(g, input.people, listMax, timeZone)),
    showDeadLetters: input.deadLetters !== undefined,
    deadLetters: capList((input.deadLetters ?? []).map((m) => deadLetterView(m, input.people, timeZone)), listMax),
  };
}

export function renderChairDigest(input: ChairDigestInput, timeZone: string): AdaptiveCardJson {
  return renderFitting('chairDigest', (max) => chairDigestView(input, max, timeZone));
}

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

/** A board's action row (progress report): the leads, due date and one detail in words. */
function boardActionRow(planId: string, f: BoardActionFact, detail: string, today: string): BoardActionRowView {
  const base = actionRowView({ planId, ref: f.action.ref, text: f.action.text, groupName: f.groupName, due: f.action.due, brag: f.action.brag, leads: f.action.leadStrings, today });
  return {
    planId,
    ref: base.ref,
    groupName: base.groupName,
    text: truncate(f.action.text, 140),
    leads: base.leads,
    due: base.due,
    detail,
    ...(f.latest ? { narrative: truncate(f.latest.narrative, 300), blockers: truncate(f.latest.blockers ?? '', 300), ask: askText(f.latest.ask) } : {}),
  };
}

const lastUpdateDetail = (f: BoardActionFact, timeZone: string) => (f.action.lastUpdateAt ? `Last update ${formatDate(f.action.lastUpdateAt, timeZone)}` : 'No update yet');
const daysText = (days: number) => `${days} ${days === 1 ? 'day' : 'days'} overdue`;

/** Every reason an action is on the exception report, in words: "Red · 29 days overdue · Escalated for 2 causes". */
export function reasonsText(f: ExceptionFact): string {
  return f.reasons
    .map((r) => {
      switch (r) {
        case 'red':
          return 'Red';
        case 'overdue':
          return daysText(f.daysOverdue ?? 0);
        case 'escalated': {
          // Raised at the chair's level and again at the board's is one cause.
          const causes = new Set(f.escalations.map((e) => e.cause)).size;
          return causes <= 1 ? 'Escalated' : `Escalated for ${causes} causes`;
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
  return `${a.ref} (${ESCALATION_CAUSE_TEXT[a.cause] ?? a.cause}): ${what} by ${nameOf(people, a.byId)} on ${formatDate(a.at, timeZone)} after this meeting${note}`;
}

export function boardReportView(input: BoardCardInput, listMax: number, timeZone: string): BoardReportView {
  const { facts, people } = input;
  const planId = facts.planId;
  const groupName = new Map([facts.board, ...facts.groups].map((g) => [g.id, g.name]));
  const escalationView = (e: Escalation) => {
    const view = boardEscalationView({
      escalationId: e.id,
      planId,
      ref: e.ref,
      groupName: groupName.get(e.groupId) ?? e.groupId,
      cause: e.cause,
      reason: e.reason,
      raisedByName: nameOf(people, e.raisedBy),
      raisedAt: e.raisedAt,
      state: e.state,
      acknowledgedByName: e.acknowledgedBy ? nameOf(people, e.acknowledgedBy) : undefined,
      acknowledgedAt: e.acknowledgedAt,
      resolvedByName: e.resolvedBy ? nameOf(people, e.resolvedBy) : undefined,
      resolvedAt: e.resolvedAt,
      resolutionNote: e.resolutionNote,
      timeZone,
    });
    // A kept report shows the state as it was; its buttons offer only what can still be done.
    const changes = (input.addendum ?? []).filter((a) => a.escalationId === e.id).map((a) => a.change);
    const now = changes.includes('resolved') ? 'resolved' : changes.includes('acknowledged') ? 'acknowledged' : e.state;
    // An overdue escalation's reason counted its days when it was raised; the row counts them as at the meeting.
    return { ...view, state: now, ...(e.cause === 'overdue' && e.raisedBy === 'planpulse' ? { reason: '' } : {}) };
  };
  const exceptionRow = (f: ExceptionFact): ExceptionRowView => {
    const base = boardActionRow(planId, f, '', input.today);
    return {
      planId,
      ref: base.ref,
      groupName: base.groupName,
      text: base.text,
      leads: base.leads,
      due: base.due,
      reasonsText: reasonsText(f),
      ...(f.latest ? { narrative: base.narrative, blockers: base.blockers, ask: base.ask } : {}),
      escalations: f.escalations.map(escalationView),
    };
  };
  const voiceTotal = facts.updatesInCycle;
  const n = facts.exceptions.length;
  const scope = `red, overdue by more than ${facts.overdueThresholdDays} days, escalated or without an update for two cycles, as at ${formatPlanDate(facts.asOf)}.`;
  return {
    planId,
    boardName: facts.board.name,
    meetingDate: formatPlanDate(facts.meetingDate),
    generatedAt: formatDateTime(input.generatedAt, timeZone),
    scopeText: `Across ${facts.groups.length} ${facts.groups.length === 1 ? 'group' : 'groups'} reporting to this board.`,
    overdueThresholdDays: facts.overdueThresholdDays,
    exceptionsText: n === 0 ? `No action is ${scope}` : `${n} ${n === 1 ? 'action' : 'actions'}: ${scope}`,
    // The report's main list: three times the others' length, shortened with them to fit.
    exceptions: capList(facts.exceptions.map(exceptionRow), listMax * 3),
    achievements: capList(facts.achievements.map((a) => achievementView(planId, a, people)), listMax),
    coProductionText:
      voiceTotal === 0
        ? 'No updates were recorded this cycle.'
        : `${facts.updatesWithVoice} of ${voiceTotal} ${voiceTotal === 1 ? 'update' : 'updates'} this cycle say how children, young people and families were involved.`,
    withoutCoProduction: facts.withoutCoProduction.join(', '),
    evidenceCounts: evidenceCounts(facts.evidenceCounts),
    addendum: (input.addendum ?? []).map((a) => addendumText(a, people, timeZone)),
    refreshUserIds: refreshUserIds(input.memberTeamsIds),
    refreshData: { planId, groupId: facts.board.id, cycleId: facts.meetingDate },
    ...scorecardView(facts.scorecard, listMax),
  };
}

export function renderBoardReport(input: BoardCardInput, timeZone: string, lateLine?: string): AdaptiveCardJson {
  return renderFitting('boardReport', (max) => ({ ...boardReportView(input, max, timeZone), ...(lateLine ? { lateText: lateLine } : {}) }));
}


function achievementView(planId: string, a: AchievementFact, people: Map<string, Person>) {
  return achievementRowView({ planId, ref: a.ref, groupName: a.groupName, text: a.text, kind: a.kind, at: a.at, byName: a.byId ? nameOf(people, a.byId) : undefined });
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
  generatedAt: string;
  today: string;
}

export function progressReportView(input: ProgressCardInput, listMax: number, timeZone: string): ProgressReportView {
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
    scopeText: `Since the meeting on ${since} · ${facts.groups.length} ${facts.groups.length === 1 ? 'group' : 'groups'}`,
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
    achievements: capList(facts.achievements.map((a) => achievementView(planId, a, people)), listMax),
    red: capList(facts.exceptions.red.map((f) => boardActionRow(planId, f, lastUpdateDetail(f, timeZone), input.today)), listMax),
    overdueBeyond: capList(facts.exceptions.overdueBeyond.map((f) => boardActionRow(planId, f, daysText(f.daysOverdue ?? 0), input.today)), listMax),
    overdueThresholdDays: facts.exceptions.overdueThresholdDays,
    escalationsText: open + acknowledged === 0 ? 'None open.' : `${open} open, ${acknowledged} acknowledged.`,
    ...scorecardView(facts.exceptions.scorecard, listMax),
    trend: progressTrend(facts),
  };
}

/** The counts of the groups that had a snapshot at the board's previous meeting, then and now. */
function progressTrend(facts: ProgressReportFacts) {
  const compared = facts.groups.filter((g) => g.previousCounts);
  const sum = (pick: (g: GroupProgressFact) => Counts) => {
    const total = emptyCounts();
    for (const g of compared) for (const r of Object.keys(total) as (keyof Counts)[]) total[r] += pick(g)[r];
    return total;
  };
  const since = formatPlanDate(facts.since);
  const groups = `${compared.length} ${compared.length === 1 ? 'group' : 'groups'}`;
  return bragTrend(compared.length > 0 ? sum((g) => g.previousCounts!) : undefined, sum((g) => g.counts), since, formatPlanDate(facts.meetingDate), `BRAG ratings of ${groups} on ${since} and now`);
}

export function renderProgressReport(input: ProgressCardInput, timeZone: string): AdaptiveCardJson {
  return renderFitting('progressReport', (max) => progressReportView(input, max, timeZone));
}

export interface AreaDigestInput {
  facts: AreaDigestFacts;
  people: Map<string, Person>;
}

export function areaDigestView(input: AreaDigestInput, listMax: number): AreaDigestView {
  const { facts, people } = input;
  const planId = facts.planId;
  const row = (f: AreaActionFact, detail: string): AreaRowView => ({ planId, ref: f.action.ref, groupName: f.groupName, text: truncate(f.action.text, 120), detail });
  return {
    title: `Area ${facts.area.number}: ${truncate(facts.area.title, 160)}`,
    sroName: facts.sro.name,
    occasion: `For the ${facts.board.name} meeting on ${formatPlanDate(facts.meetingDate)}`,
    bars: bragBars(facts.counts),
    red: capList(facts.red.map((f) => row(f, f.action.lastUpdateAt ? `Red · last update ${formatPlanDate(f.action.lastUpdateAt.slice(0, 10))}` : 'Red')), listMax),
    overdue: capList(facts.overdue.map((f) => row(f, `${f.daysOverdue} ${f.daysOverdue === 1 ? 'day' : 'days'} overdue`)), listMax),
    blueProposals: capList(
      facts.bluesWaiting.map((b) => blueProposalRow(planId, people, b)),
      listMax,
    ),
    escalations: capList(
      facts.escalations.map((e) => ({
        planId,
        ref: e.ref,
        groupName: '',
        text: truncate(e.reason, 160),
        detail: `${ESCALATION_CAUSE_TEXT[e.cause] ?? e.cause} · ${escalationStateText(e.state)}`,
      })),
      listMax,
    ),
  };
}

export function renderAreaDigest(input: AreaDigestInput): AdaptiveCardJson {
  return renderFitting('areaDigest', (max) => areaDigestView(input, max));
}
