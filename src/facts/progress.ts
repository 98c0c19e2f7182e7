/**
 * The facts of a progress report, for a board that receives progress (`reports = progress`, as
 * the SEND Strategic Delivery Group does: "regular progress updates"): every group below it
 * with its BRAG counts now and at the board's previous meeting, what moved up and down, the
 * trend; the cycle's achievements (actions completed, blues confirmed); and its exceptions, as
 * the exception report has them.
 */
import type { Action, Group } from '../domain/model';
import type { GroupSnapshot } from '../storage/snapshotRepository';
import { addDays } from '../calendar';
import { mapLimit } from '../util/async';
import { loadBoardReportFacts, type AchievementFact, type BoardFactsSource, type BoardReportFacts } from './board';
import { countRatings, type Counts } from './counts';
import { movesSince, type MovedFact } from './movement';
import { groupsReportingTo } from '../reporting/scope';

/** improving: more actions moved up than down since the board last met; first: nothing to compare with. */
export type Trend = 'improving' | 'worsening' | 'steady' | 'first';

export interface GroupProgressFact {
  group: Group;
  counts: Counts;
  /** The counts at the board's previous meeting, when a snapshot of the group exists. */
  previousCounts?: Counts;
  movedUp: MovedFact[];
  movedDown: MovedFact[];
  trend: Trend;
}

export interface ProgressReportFacts {
  planId: string;
  board: Group;
  meetingDate: string;
  /** The board's previous meeting: moves and achievements count from here. */
  since: string;
  groups: GroupProgressFact[];
  achievements: AchievementFact[];
  exceptions: BoardReportFacts;
}

export interface ProgressFactsInput {
  board: Group;
  groups: readonly Group[];
  actions: readonly Action[];
  /** Each group's latest snapshot at or before the board's previous meeting. */
  before: Map<string, GroupSnapshot | undefined>;
  since: string;
  exceptions: BoardReportFacts;
}

export function progressReportFacts(input: ProgressFactsInput): ProgressReportFacts {
  const below = groupsReportingTo(input.board, input.groups).filter((g) => g.kind === 'taskAndFinish');
  const groups = below.map((group): GroupProgressFact => {
    const actions = input.actions.filter((a) => a.groupId === group.id);
    const snapshot = input.before.get(group.id);
    const now = new Map(actions.map((a) => [a.ref, a.brag]));
    const { movedUp, movedDown } = movesSince(actions, (ref) => snapshot?.actions[ref]?.brag, (ref) => now.get(ref)!);
    const trend: Trend = !snapshot ? 'first' : movedUp.length > movedDown.length ? 'improving' : movedDown.length > movedUp.length ? 'worsening' : 'steady';
    return {
      group,
      counts: countRatings(actions.map((a) => a.brag)),
      ...(snapshot ? { previousCounts: countRatings(Object.values(snapshot.actions).map((e) => e.brag)) } : {}),
      movedUp,
      movedDown,
      trend,
    };
  });
  return {
    planId: input.board.planId,
    board: input.board,
    meetingDate: input.exceptions.meetingDate,
    since: input.since,
    groups,
    achievements: input.exceptions.achievements,
    exceptions: input.exceptions,
  };
}

/** Reads what progressReportFacts needs for a board's cycle (its meeting date) and computes them. */
export async function loadProgressReportFacts(source: BoardFactsSource, board: Group, meetingDate: string): Promise<ProgressReportFacts> {
  const { store } = source;
  const { planId } = board;
  const exceptions = await loadBoardReportFacts(source, board, meetingDate);
  const groups = await store.plans.listGroups(planId);
  const below = groupsReportingTo(board, groups).filter((g) => g.kind === 'taskAndFinish');
  const since = addDays(meetingDate, -board.cadenceDays);
  const actions = (await mapLimit(below, 8, (g) => store.plans.listActionsOfGroup(planId, g.id))).flat();
  const before = new Map<string, GroupSnapshot | undefined>();
  await mapLimit(below, 8, async (g) => before.set(g.id, await store.snapshots.previous(planId, g.id, since)));
  return progressReportFacts({ board, groups, actions, before, since, exceptions });
}
