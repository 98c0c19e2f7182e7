/**
 * The facts of a progress report, for a board that receives progress (`reports = progress`, as
 * the SEND Strategic Delivery Group does: "regular progress updates"): every group below it
 * with its BRAG counts now and at the board's previous meeting, what moved up and down, the
 * trend; the cycle's achievements (actions completed, blues confirmed); and its exceptions, as
 * the exception report has them.
 */
import { BRAG_RANK, type Rating } from '../domain/brag';
import type { Action, Group } from '../domain/model';
import type { Clock } from '../domain/clock';
import type { GroupSnapshot } from '../storage/snapshotRepository';
import type { Store } from '../storage/store';
import { addDays } from '../calendar';
import { mapLimit } from '../util/async';
import { loadBoardReportFacts, type AchievementFact, type BoardReportFacts } from './boardFacts';
import { emptyCounts, type Counts, type MovedFact } from './groupFacts';
import { groupsReportingTo } from './scope';

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

function countsOf(ratings: Iterable<Rating>): Counts {
  const counts = emptyCounts();
  for (const r of ratings) counts[r]++;
  return counts;
}

export function progressReportFacts(input: ProgressFactsInput): ProgressReportFacts {
  const below = groupsReportingTo(input.board, input.groups).filter((g) => g.kind === 'taskAndFinish');
  const groups = below.map((group): GroupProgressFact => {
    const actions = input.actions.filter((a) => a.groupId === group.id);
    const snapshot = input.before.get(group.id);
    const movedUp: MovedFact[] = [];
    const movedDown: MovedFact[] = [];
    for (const a of actions) {
      const then = snapshot?.actions[a.ref]?.brag;
      // A first rating (from unrated) is not a move up or down.
      if (!then || then === a.brag || then === 'unrated' || a.brag === 'unrated') continue;
      const moved = { ref: a.ref, text: a.text, from: then, to: a.brag };
      if (BRAG_RANK[a.brag] > BRAG_RANK[then]) movedUp.push(moved);
      else movedDown.push(moved);
    }
    const trend: Trend = !snapshot ? 'first' : movedUp.length > movedDown.length ? 'improving' : movedDown.length > movedUp.length ? 'worsening' : 'steady';
    return {
      group,
      counts: countsOf(actions.map((a) => a.brag)),
      ...(snapshot ? { previousCounts: countsOf(Object.values(snapshot.actions).map((e) => e.brag)) } : {}),
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

export async function loadProgressReportFacts(
  store: Store,
  clock: Clock,
  timeZone: string,
  planId: string,
  board: Group,
  meetingDate: string,
): Promise<ProgressReportFacts> {
  const exceptions = await loadBoardReportFacts(store, clock, timeZone, planId, board, meetingDate);
  const groups = await store.plans.listGroups(planId);
  const below = groupsReportingTo(board, groups).filter((g) => g.kind === 'taskAndFinish');
  const since = addDays(meetingDate, -board.cadenceDays);
  const actions = (await mapLimit(below, 8, (g) => store.plans.listActionsOfGroup(planId, g.id))).flat();
  const before = new Map<string, GroupSnapshot | undefined>();
  await mapLimit(below, 8, async (g) => before.set(g.id, await store.snapshots.previous(planId, g.id, since)));
  return progressReportFacts({ board, groups, actions, before, since, exceptions });
}
