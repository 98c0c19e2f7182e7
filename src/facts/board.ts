/**
 * The facts of a board's exception report, across every group reporting to the board (directly
 * or through an intermediate group): red actions, actions overdue beyond the board threshold,
 * escalations (open ones, and those acknowledged or resolved during the board's cycle, so the
 * card shows who did it), actions with no update for two cycles in a row, the co-production line
 * and updates counted by evidence source; each red action with its leads' latest narrative,
 * blockers and ask, and the cycle's achievements (actions completed, blues confirmed).
 *
 * The report lists each action once with all its reasons (`exceptions`), and every number in it
 * is computed once, as at the meeting (`asOf`: the meeting day, or today for a report asked for
 * before it), so an action is never "29 days overdue" in one line and "18 days" in another.
 */
import type { Clock } from '../domain/clock';
import { settingsOf, type Action, type Escalation, type EvidenceType, type Group, type Update } from '../domain/model';
import { isComplete } from '../domain/brag';
import { compareRefs } from '../domain/actions';
import type { CycleState } from '../storage/cycleRepository';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';
import { addDays, planDateOf } from '../calendar';
import { groupsReportingTo } from '../reporting/scope';
import { addUpdates, emptyEvidence } from './evidence';
import { daysOverdue, overdueBeyond as isOverdueBeyond } from './overdue';
import { loadScorecard, type ScorecardFacts } from '../measures/scorecard';
import { countRatings, type Counts } from './counts';

export interface BoardActionFact {
  action: Action;
  groupName: string;
  /** Days past its completion date as at the report, when overdue. */
  daysOverdue?: number;
  /** For an action with no update for two cycles: the two meetings, oldest first. */
  missedMeetings?: string[];
  /** For a red action: what its leads said last (narrative, blockers, and what they ask). */
  latest?: LatestUpdateFact;
}

/** Why an action is on the exception report; an action has one or more, in this order. */
export const EXCEPTION_REASONS = ['red', 'overdue', 'escalated', 'noUpdate'] as const;
export type ExceptionReason = (typeof EXCEPTION_REASONS)[number];

/** One action on the exception report, once, with every reason it is there. */
export interface ExceptionFact extends BoardActionFact {
  reasons: ExceptionReason[];
  /** Its escalations on the report (one action may be escalated for two causes). */
  escalations: Escalation[];
}

/** A lead's latest update as a board reads it beside a red action. */
export interface LatestUpdateFact {
  at: string;
  authorId: string;
  narrative: string;
  blockers?: string;
  /** What the lead asks for: escalation, and a revised completion date. */
  ask: { escalate: boolean; revisedDue?: string };
}

/** Something to celebrate in the board's cycle: an action completed (green) or confirmed blue. */
export interface AchievementFact {
  kind: 'completed' | 'confirmedBlue';
  ref: string;
  text: string;
  groupName: string;
  /** When it became green, or when the blue was confirmed (ISO date or instant). */
  at: string;
  /** Who confirmed the blue. */
  byId?: string;
}

export function latestUpdateFact(u: Update): LatestUpdateFact {
  return {
    at: u.at,
    authorId: u.authorId,
    narrative: u.narrative,
    ...(u.blockers ? { blockers: u.blockers } : {}),
    ask: { escalate: u.escalate, ...(u.revisedDue ? { revisedDue: u.revisedDue } : {}) },
  };
}

/**
 * Achievements among `actions` in the window from `since` (a plan date): those that became green
 * (and are still complete), and blues a chair confirmed, from the updates in the window.
 */
export function achievementsOf(actions: readonly Action[], updates: Map<string, Update[]>, since: string, groupName: (a: Action) => string): AchievementFact[] {
  const out: AchievementFact[] = [];
  for (const a of actions) {
    const confirmed = (updates.get(a.ref) ?? []).filter((u) => u.decision?.kind === 'blue' && u.decision.outcome === 'confirmed');
    for (const u of confirmed) out.push({ kind: 'confirmedBlue', ref: a.ref, text: a.text, groupName: groupName(a), at: u.at, byId: u.authorId });
    if (confirmed.length === 0 && isComplete(a.brag) && a.greenSince && a.greenSince >= since) {
      out.push({ kind: 'completed', ref: a.ref, text: a.text, groupName: groupName(a), at: a.greenSince });
    }
  }
  return out.sort((x, y) => (x.kind === y.kind ? x.at.localeCompare(y.at) : x.kind === 'confirmedBlue' ? -1 : 1));
}

export interface BoardReportFacts {
  planId: string;
  board: Group;
  meetingDate: string;
  groups: Group[];
  overdueThresholdDays: number;
  /** The plan date every number of the report is computed as at. */
  asOf: string;
  /** Each action once, with all its reasons: the report's list. */
  exceptions: ExceptionFact[];
  red: BoardActionFact[];
  /** Completed and confirmed-blue actions in the board's cycle. */
  achievements: AchievementFact[];
  overdueBeyond: BoardActionFact[];
  escalations: Escalation[];
  noUpdateTwoCycles: BoardActionFact[];
  updatesInCycle: number;
  updatesWithVoice: number;
  /** Refs of actions updated in the cycle with no update saying how families were involved. */
  withoutCoProduction: string[];
  evidenceCounts: Record<EvidenceType, number>;
  /** The impact measures of the areas in scope, when the plan has measures; off-track ones are exceptions. */
  scorecard?: ScorecardFacts;
  /** Every action in the board's scope by BRAG, as at the report (absent from reports kept before it was recorded). */
  counts?: Counts;
}

export interface BoardFactsInput {
  planId: string;
  board: Group;
  meetingDate: string;
  groups: readonly Group[];
  actions: readonly Action[];
  /** The last two closed cycles of each group, newest first. */
  lastCycles: Map<string, CycleState[]>;
  escalations: readonly Escalation[];
  /** Updates of each action in the board's cycle (decision rows excluded by the caller or here). */
  updates: Map<string, Update[]>;
  overdueBoardDays: number;
  today: string;
  /** Escalations acknowledged or resolved at or after this instant stay on the card. */
  windowFrom: string;
  /** The latest update of each red action, wherever in its history. */
  latestOfRed?: Map<string, Update>;
  /** Achievements count from this plan date (the board's previous meeting); default windowFrom's day. */
  achievementsSince?: string;
}

export function boardReportFacts(input: BoardFactsInput): BoardReportFacts {
  const groups = groupsReportingTo(input.board, input.groups);
  const scope = new Set([input.board.id, ...groups.map((g) => g.id)]);
  const groupName = new Map(input.groups.map((g) => [g.id, g.name]));
  const inScope = input.actions.filter((a) => scope.has(a.groupId));
  // Every number is as at the meeting; a report asked for before it is as at today.
  const asOf = input.today < input.meetingDate ? input.today : input.meetingDate;
  const lastTwo = (a: Action) => (input.lastCycles.get(a.groupId) ?? []).slice(0, 2);
  const missedTwo = (a: Action) =>
    !isComplete(a.brag) && lastTwo(a).length === 2 && lastTwo(a).every((c) => c.outcome?.[a.ref] && !c.outcome[a.ref]!.answered && c.outcome[a.ref]!.reached !== false);
  const facts = new Map<string, BoardActionFact>();
  const fact = (action: Action): BoardActionFact => {
    const known = facts.get(action.ref);
    if (known) return known;
    const days = daysOverdue(action, asOf);
    const latest = action.brag === 'red' ? input.latestOfRed?.get(action.ref) : undefined;
    const made: BoardActionFact = {
      action,
      groupName: groupName.get(action.groupId) ?? action.groupId,
      ...(days !== undefined ? { daysOverdue: days } : {}),
      ...(missedTwo(action) ? { missedMeetings: lastTwo(action).map((c) => c.meetingDate).reverse() } : {}),
      ...(latest ? { latest: latestUpdateFact(latest) } : {}),
    };
    facts.set(action.ref, made);
    return made;
  };

  const red = inScope.filter((a) => a.brag === 'red').map(fact);
  const achievements = achievementsOf(inScope, input.updates, input.achievementsSince ?? input.windowFrom.slice(0, 10), (a) => groupName.get(a.groupId) ?? a.groupId);
  const overdueBeyond = inScope
    .filter((a) => isOverdueBeyond(a, asOf, input.overdueBoardDays))
    .sort((x, y) => x.due!.localeCompare(y.due!))
    .map(fact);

  const noUpdateTwoCycles = inScope.filter(missedTwo).map(fact);

  const escalations = input.escalations
    .filter((e) => scope.has(e.groupId) || e.targetGroupId === input.board.id)
    .filter((e) => e.state !== 'resolved' || (e.resolvedAt ?? '') >= input.windowFrom)
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));

  const exceptions = exceptionsOf(inScope, input.actions, { red, overdueBeyond, noUpdateTwoCycles, escalations }, fact);

  const evidence = emptyEvidence();
  const withoutCoProduction: string[] = [];
  for (const a of inScope) {
    const mine = emptyEvidence();
    addUpdates(mine, input.updates.get(a.ref) ?? []);
    if (mine.updates > 0 && mine.withVoice === 0) withoutCoProduction.push(a.ref);
    addUpdates(evidence, input.updates.get(a.ref) ?? []);
  }

  return {
    planId: input.planId,
    board: input.board,
    meetingDate: input.meetingDate,
    groups,
    overdueThresholdDays: input.overdueBoardDays,
    asOf,
    exceptions,
    red,
    achievements,
    overdueBeyond,
    escalations,
    noUpdateTwoCycles,
    updatesInCycle: evidence.updates,
    updatesWithVoice: evidence.withVoice,
    withoutCoProduction,
    evidenceCounts: evidence.counts,
    counts: countRatings(inScope.map((a) => a.brag)),
  };
}

/**
 * Each action once, with all its reasons. Worst first: an open escalation, then red, then the
 * longest overdue; then by ref.
 */
function exceptionsOf(
  inScope: readonly Action[],
  all: readonly Action[],
  lists: { red: BoardActionFact[]; overdueBeyond: BoardActionFact[]; noUpdateTwoCycles: BoardActionFact[]; escalations: Escalation[] },
  fact: (a: Action) => BoardActionFact,
): ExceptionFact[] {
  const byRef = new Map<string, ExceptionFact>();
  const add = (f: BoardActionFact, reason: ExceptionReason) => {
    const row = byRef.get(f.action.ref) ?? { ...f, reasons: [], escalations: [] };
    if (!row.reasons.includes(reason)) row.reasons.push(reason);
    byRef.set(f.action.ref, row);
    return row;
  };
  for (const f of lists.red) add(f, 'red');
  for (const f of lists.overdueBeyond) add(f, 'overdue');
  const actionOf = new Map([...all, ...inScope].map((a) => [a.ref, a]));
  for (const e of lists.escalations) {
    const action = actionOf.get(e.ref);
    if (action) add(fact(action), 'escalated').escalations.push(e);
  }
  for (const f of lists.noUpdateTwoCycles) add(f, 'noUpdate');
  const rank = (r: ExceptionFact) => (r.escalations.some((e) => e.state === 'open') ? 0 : r.reasons.includes('red') || r.escalations.length > 0 ? 1 : 2);
  return [...byRef.values()]
    .map((r) => ({ ...r, reasons: EXCEPTION_REASONS.filter((x) => r.reasons.includes(x)) }))
    .sort((x, y) => rank(x) - rank(y) || (y.daysOverdue ?? 0) - (x.daysOverdue ?? 0) || compareRefs(x.action.ref, y.action.ref));
}

/** A change, after a report was kept as it was, to an escalation the report shows. */
export interface ReportAddendumFact {
  ref: string;
  escalationId: string;
  cause: Escalation['cause'];
  change: 'acknowledged' | 'resolved';
  byId: string;
  /** When it changed (an instant). */
  at: string;
  /** How it was resolved. */
  note?: string;
}

/**
 * What changed since a report was kept to the escalations it shows: each acknowledgement and
 * resolution since, oldest first. The report itself stays as it was.
 */
export function addendumSince(kept: BoardReportFacts, current: readonly Escalation[]): ReportAddendumFact[] {
  const now = new Map(current.map((e) => [e.id, e]));
  const out: ReportAddendumFact[] = [];
  const shown = new Map([...kept.escalations, ...kept.exceptions.flatMap((x) => x.escalations)].map((e) => [e.id, e]));
  for (const then of shown.values()) {
    const e = now.get(then.id);
    if (!e) continue;
    const base = { ref: e.ref, escalationId: e.id, cause: e.cause };
    // Compared with the state the report kept, so a change in the same instant as the report still shows.
    if (e.acknowledgedAt && e.acknowledgedBy && then.state === 'open') out.push({ ...base, change: 'acknowledged', byId: e.acknowledgedBy, at: e.acknowledgedAt });
    if (e.resolvedAt && e.resolvedBy && then.state !== 'resolved') out.push({ ...base, change: 'resolved', byId: e.resolvedBy, at: e.resolvedAt, ...(e.resolutionNote ? { note: e.resolutionNote } : {}) });
  }
  return out.sort((x, y) => x.at.localeCompare(y.at));
}

/** What a board's report is read with: the store, and the clock and time zone that say which day it is. */
export interface BoardFactsSource {
  store: Store;
  clock: Clock;
  timeZone: string;
}

/** Reads what boardReportFacts needs for a board's cycle (its meeting date) and computes them. */
export async function loadBoardReportFacts({ store, clock, timeZone }: BoardFactsSource, board: Group, meetingDate: string): Promise<BoardReportFacts> {
  const { planId } = board;
  const plan = await store.plans.getPlan(planId);
  const settings = settingsOf(plan ?? {});
  const groups = await store.plans.listGroups(planId);
  const scope = [board, ...groupsReportingTo(board, groups)];
  const actions = (await mapLimit(scope, 8, (g) => store.plans.listActionsOfGroup(planId, g.id))).flat();
  const lastCycles = new Map<string, CycleState[]>();
  for (const g of scope) {
    const closed = (await store.cycles.listForGroup(planId, g.id)).filter((c) => c.state === 'closed' || c.outcome);
    lastCycles.set(g.id, closed.reverse().slice(0, 2));
  }
  const boardCycle = (await store.cycles.get(planId, board.id, meetingDate))?.value;
  // The board's cycle runs from its previous meeting to this one.
  const since = `${addDays(meetingDate, -board.cadenceDays)}T00:00:00.000Z`;
  const updates = new Map<string, Update[]>();
  await mapLimit(actions, 16, async (a) => {
    updates.set(a.ref, await store.updates.historySince(planId, a.ref, since));
  });
  const latestOfRed = new Map<string, Update>();
  await mapLimit(actions.filter((a) => a.brag === 'red'), 8, async (a) => {
    const latest = (await store.updates.history(planId, a.ref, 5)).find((u) => !u.decision);
    if (latest) latestOfRed.set(a.ref, latest);
  });
  const today = planDateOf(clock.now(), timeZone);
  const scorecard = await loadScorecard(store, planId, actions, today);
  const escalations = await store.escalations.listAll(planId);
  // An escalation that climbed to this board from outside its scope still brings its action.
  const known = new Set(actions.map((a) => a.ref));
  for (const e of escalations.filter((x) => x.targetGroupId === board.id && !known.has(x.ref))) {
    const action = (await store.plans.getAction(planId, e.ref))?.value;
    if (action) {
      actions.push(action);
      known.add(action.ref);
    }
  }
  const facts = boardReportFacts({
    latestOfRed,
    achievementsSince: since.slice(0, 10),
    planId,
    board,
    meetingDate,
    groups,
    actions,
    lastCycles,
    escalations,
    updates,
    overdueBoardDays: settings.overdueBoardDays,
    today,
    windowFrom: boardCycle?.openedAt ?? since,
  });
  return scorecard ? { ...facts, scorecard } : facts;
}

