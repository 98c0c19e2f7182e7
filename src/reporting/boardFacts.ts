/**
 * The facts of a board's exception report, across every group reporting to the board (directly
 * or through an intermediate group): red actions, actions overdue beyond the board threshold,
 * escalations (open ones, and those acknowledged or resolved during the board's cycle, so the
 * card shows who did it), actions with no update for two cycles in a row, the co-production line
 * and updates counted by evidence source.
 */
import type { Clock } from '../domain/clock';
import { EVIDENCE_TYPES, DEFAULT_PLAN_SETTINGS, type Action, type Escalation, type EvidenceType, type Group, type Update } from '../domain/model';
import { isComplete } from '../domain/brag';
import type { CycleState } from '../storage/cycleRepository';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';
import { addDays, daysBetween, planDateOf } from '../calendar';
import { groupsReportingTo } from './scope';

export interface BoardActionFact {
  action: Action;
  groupName: string;
  detail: string;
}

export interface BoardReportFacts {
  planId: string;
  board: Group;
  meetingDate: string;
  groups: Group[];
  overdueThresholdDays: number;
  red: BoardActionFact[];
  overdueBeyond: BoardActionFact[];
  escalations: Escalation[];
  noUpdateTwoCycles: BoardActionFact[];
  updatesInCycle: number;
  updatesWithVoice: number;
  /** Refs of actions updated in the cycle with no update saying how families were involved. */
  withoutCoProduction: string[];
  evidenceCounts: Record<EvidenceType, number>;
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
}

export function boardReportFacts(input: BoardFactsInput): BoardReportFacts {
  const groups = groupsReportingTo(input.board, input.groups);
  const scope = new Set([input.board.id, ...groups.map((g) => g.id)]);
  const groupName = new Map(input.groups.map((g) => [g.id, g.name]));
  const inScope = input.actions.filter((a) => scope.has(a.groupId));
  const fact = (action: Action, detail: string): BoardActionFact => ({ action, groupName: groupName.get(action.groupId) ?? action.groupId, detail });

  const red = inScope.filter((a) => a.brag === 'red').map((a) => fact(a, a.lastUpdateAt ? `Last update ${a.lastUpdateAt.slice(0, 10)}` : 'No update yet'));
  const overdueBeyond = inScope
    .filter((a) => a.due && !isComplete(a.brag) && daysBetween(a.due, input.today) > input.overdueBoardDays)
    .sort((x, y) => x.due!.localeCompare(y.due!))
    .map((a) => fact(a, `${daysBetween(a.due!, input.today)} days overdue`));

  const noUpdateTwoCycles = inScope
    .filter((a) => {
      if (isComplete(a.brag)) return false;
      const cycles = input.lastCycles.get(a.groupId) ?? [];
      if (cycles.length < 2) return false;
      return cycles.slice(0, 2).every((c) => c.outcome?.[a.ref] && !c.outcome[a.ref]!.answered && c.outcome[a.ref]!.reached !== false);
    })
    .map((a) => fact(a, `No update for the ${(input.lastCycles.get(a.groupId) ?? []).slice(0, 2).map((c) => c.meetingDate).reverse().join(' or ')} meetings`));

  const escalations = input.escalations
    .filter((e) => scope.has(e.groupId) || e.targetGroupId === input.board.id)
    .filter((e) => e.state !== 'resolved' || (e.resolvedAt ?? '') >= input.windowFrom)
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));

  let updatesInCycle = 0;
  let updatesWithVoice = 0;
  const withoutCoProduction: string[] = [];
  const evidenceCounts = Object.fromEntries(EVIDENCE_TYPES.map((t) => [t, 0])) as Record<EvidenceType, number>;
  for (const a of inScope) {
    const updates = (input.updates.get(a.ref) ?? []).filter((u) => !u.decision);
    if (updates.length === 0) continue;
    updatesInCycle += updates.length;
    const voiced = updates.filter((u) => (u.voice ?? '').trim() !== '');
    updatesWithVoice += voiced.length;
    if (voiced.length === 0) withoutCoProduction.push(a.ref);
    for (const u of updates) for (const e of u.evidence) evidenceCounts[e]++;
  }

  return {
    planId: input.planId,
    board: input.board,
    meetingDate: input.meetingDate,
    groups,
    overdueThresholdDays: input.overdueBoardDays,
    red,
    overdueBeyond,
    escalations,
    noUpdateTwoCycles,
    updatesInCycle,
    updatesWithVoice,
    withoutCoProduction,
    evidenceCounts,
  };
}

/** Reads what boardReportFacts needs for a board's cycle (its meeting date) and computes them. */
export async function loadBoardReportFacts(
  store: Store,
  clock: Clock,
  timeZone: string,
  planId: string,
  board: Group,
  meetingDate: string,
): Promise<BoardReportFacts> {
  const plan = await store.plans.getPlan(planId);
  const settings = { ...DEFAULT_PLAN_SETTINGS, ...plan?.settings };
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
  return boardReportFacts({
    planId,
    board,
    meetingDate,
    groups,
    actions,
    lastCycles,
    escalations: await store.escalations.listAll(planId),
    updates,
    overdueBoardDays: settings.overdueBoardDays,
    today: planDateOf(clock.now(), timeZone),
    windowFrom: boardCycle?.openedAt ?? since,
  });
}

