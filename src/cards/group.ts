/**
 * A group's cards: the channel summary posted in a group's channel when its cycle closes (or
 * on `digest`), and the chair's digest of the groups they chair, with the decisions waiting
 * for them. Both are fitted to Teams' size limit by shortening their lists.
 */
import type { Escalation, Person } from '../domain/model';
import type { OutboxMessage } from '../outbox/model';
import type { Proposal } from '../decisions/revisedDates';
import type { BlueProposal } from '../decisions/blueDecisions';
import type { Availability, GroupCycleFacts } from '../facts/group';
import {
  capList,
  daysOverdueText,
  escalationCauseText,
  formatDateTime,
  formatDue,
  formatPlanDate,
  lastUpdateText,
  personName,
  truncate,
  type CappedList,
} from './format';
import {
  blueProposalView,
  bragBars,
  bragView,
  escalationRowView,
  type BlueProposalView,
  type BragBarsView,
  type BragView,
  type EscalationRowView,
  type OverdueRowView,
} from './parts';
import { renderFitting, type AdaptiveCardJson } from './render';

// ---------------------------------------------------------------------------------------
// channelSummary

export interface MovedRowView {
  planId: string;
  ref: string;
  /** Up to 100 characters. */
  text: string;
  from: BragView;
  to: BragView;
}

/** A red action on a group's summary. */
export interface RedRowView {
  planId: string;
  ref: string;
  /** Up to 100 characters. */
  text: string;
  leads: string;
  /** "Last update 3 Feb 2027" or "No update yet". */
  lastUpdate: string;
}

export interface NotAnsweredView {
  /** The lead's name. */
  lead: string;
  /** "2.4, 2.5". */
  refs: string;
}

export interface DateChangeView {
  planId: string;
  ref: string;
  /** "31 Mar 2024" (current due date), or "No date". */
  from: string;
  /** "30 Jun 2024". */
  to: string;
  /** "Proposed by Alison Price", "Approved by …", "Rejected by …". */
  stateText: string;
}

/** Data for cards/channelSummary.json: one group's cycle, posted in its channel. */
export interface ChannelSummaryView {
  planId: string;
  groupName: string;
  /** "Late: …" when the cycle closed on a later day than its meeting (format.lateText), else ''. */
  lateText: string;
  /** "3 Oct 2023". */
  meetingDate: string;
  bars: BragBarsView;
  /** "18 of 22 leads answered." */
  responseText: string;
  movedUp: CappedList<MovedRowView>;
  movedDown: CappedList<MovedRowView>;
  red: CappedList<RedRowView>;
  overdue: CappedList<OverdueRowView>;
  notAnswered: CappedList<NotAnsweredView>;
  escalations: CappedList<EscalationRowView>;
  dateChanges: CappedList<DateChangeView>;
}

// ---------------------------------------------------------------------------------------
// chairDigest

export interface DateProposalView {
  planId: string;
  ref: string;
  /** The update that proposed the date; approve/reject act on it. */
  updateId: string;
  /** Up to 140 characters. */
  actionText: string;
  /** Current due date, formatted, or "No date". */
  currentDue: string;
  proposedDue: string;
  proposedBy: string;
  /** The update's narrative, up to 200 characters. */
  why: string;
}

export interface AwaitingAckView {
  escalationId: string;
  planId: string;
  ref: string;
  cause: string;
  reason: string;
  raisedBy: string;
  raisedAt: string;
}

export interface LeadAvailabilityView {
  name: string;
  /** "Away until 3 Dec 2026" or "Not reachable in Teams (the app is not installed)". */
  status: string;
}

export interface ChairGroupView {
  planId: string;
  groupName: string;
  meetingDate: string;
  bars: BragBarsView;
  overdueCount: number;
  movedUpCount: number;
  movedDownCount: number;
  /** "18 of 22 leads answered." */
  responseText: string;
  /** Names of leads who did not answer, joined; '' when everyone answered. */
  notAnswered: string;
  dateProposals: CappedList<DateProposalView>;
  blueProposals: CappedList<BlueProposalView>;
  awaitingAck: CappedList<AwaitingAckView>;
  unavailable: CappedList<LeadAvailabilityView>;
}

export interface DeadLetterView {
  /** Who the message was for. */
  to: string;
  /** "Update prompt", "Reminder", … */
  kind: string;
  /** Why it could not be sent, a sentence. */
  error: string;
  /** formatDateTime of the last attempt. */
  at: string;
}

/** Data for cards/chairDigest.json, sent in a chair's personal chat. */
export interface ChairDigestView {
  chairName: string;
  /** formatDateTime of when it was made. */
  generatedAt: string;
  groups: ChairGroupView[];
  /** Only for plan administrators; false hides the section. */
  showDeadLetters: boolean;
  deadLetters: CappedList<DeadLetterView>;
}

// ---------------------------------------------------------------------------------------
// Builders: facts to views to rendered cards

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

export function channelSummaryView(facts: GroupCycleFacts, listMax: number, timeZone: string, lateLine = ''): ChannelSummaryView {
  const planId = facts.planId;
  const moved = (m: GroupCycleFacts['movedUp'][number]) => ({ planId, ref: m.ref, text: truncate(m.text, 100), from: bragView(m.from), to: bragView(m.to) });
  return {
    planId,
    groupName: facts.group.name,
    lateText: lateLine,
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
        lastUpdate: lastUpdateText(r.lastUpdateAt, timeZone),
      })),
      listMax,
    ),
    overdue: capList(
      facts.overdue.map((o) => ({ planId, ref: o.ref, groupName: facts.group.name, due: formatPlanDate(o.due), leads: o.leads, overdueText: daysOverdueText(o.days) })),
      listMax,
    ),
    notAnswered: capList(facts.notAnswered.map((n) => ({ lead: n.name, refs: n.refs.join(', ') })), listMax),
    escalations: capList(facts.escalations.map((e) => escalationRowView(e, facts.group.name, timeZone)), listMax),
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
  return renderFitting('channelSummary', (max) => channelSummaryView(facts, max, timeZone, lateLine));
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
        proposedBy: personName(people, p.update.authorId),
        why: truncate(p.update.narrative, 200),
      })),
      listMax,
    ),
    blueProposals: capList(
      (input.blues ?? []).map((b) => blueProposalView(b, { planId: facts.planId, people, timeZone })),
      listMax,
    ),
    awaitingAck: capList(
      input.awaitingAck.map((e) => ({
        escalationId: e.id,
        planId: e.planId,
        ref: e.ref,
        cause: escalationCauseText(e.cause),
        reason: truncate(e.reason, 300),
        raisedBy: personName(people, e.raisedBy),
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
    to: personName(people, m.recipientId),
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
