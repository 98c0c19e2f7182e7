/**
 * Movement: whether an action's BRAG went up or down since the last meeting, read from the
 * per-cycle snapshots taken when each meeting's cycle closed.
 *
 * One rule everywhere: a move compares two ratings on the scale red < amber < green < blue.
 * Unrated on either side says nothing about progress, so it is no move (a first rating is
 * neither up nor down); the same rating is 'same'.
 *
 * Since the last meeting (channel summaries, progress reports) compares the rating now (or as
 * the meeting closed) with the group's previous snapshot. An action's trend in the exports
 * shows its latest movement between cycles: the current BRAG against the latest snapshot when
 * they differ (it moved in the running cycle), otherwise the latest snapshot against the one
 * before it (what moved at the last meeting), so a paper printed just after a meeting still
 * shows that meeting's movement. Alongside: each group's BRAG counts over its last cycles.
 */
import { BRAG_RANK, type Rating } from '../domain/brag';
import type { Group } from '../domain/model';
import type { GroupSnapshot } from '../storage/snapshotRepository';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';
import { countRatings } from './counts';

/** How many of a group's latest cycles the charts and the Trends sheet show. */
export const TREND_CYCLES = 6;

export type Trend = 'up' | 'down' | 'same';

/** One action that moved: its rating before and after. */
export interface MovedFact {
  ref: string;
  text: string;
  from: Rating;
  to: Rating;
}

export interface ActionTrend {
  trend: Trend;
  /** The rating compared against, and the meeting whose snapshot holds it. */
  from: Rating;
  since: string;
}

export interface CycleCounts {
  meetingDate: string;
  counts: Record<Rating, number>;
  total: number;
}

export interface PlanTrends {
  /** Each group's latest cycles (up to TREND_CYCLES), oldest first; empty before its first close. */
  cycles: Map<string, CycleCounts[]>;
  /** The arrow of an action of a group, given its current rating; undefined when unknown. */
  trendOf(groupId: string, ref: string, current: Rating): ActionTrend | undefined;
}

export function cycleCounts(snapshot: GroupSnapshot): CycleCounts {
  const entries = Object.values(snapshot.actions);
  return { meetingDate: snapshot.meetingDate, counts: countRatings(entries.map((e) => e.brag)), total: entries.length };
}

/** The move from one rating to another; undefined when either is unrated. */
export function movement(from: Rating, to: Rating): Trend | undefined {
  if (from === 'unrated' || to === 'unrated') return undefined;
  const delta = BRAG_RANK[to] - BRAG_RANK[from];
  return delta > 0 ? 'up' : delta < 0 ? 'down' : 'same';
}

/** The arrow of one action from its group's snapshots (oldest first) and its current rating. */
export function actionTrend(snapshots: readonly GroupSnapshot[], ref: string, current: Rating): ActionTrend | undefined {
  const withRef = snapshots.filter((s) => s.actions[ref] !== undefined);
  const latest = withRef[withRef.length - 1];
  if (!latest) return undefined;
  const latestBrag = latest.actions[ref]!.brag;
  if (latestBrag !== current) {
    const trend = movement(latestBrag, current);
    return trend ? { trend, from: latestBrag, since: latest.meetingDate } : undefined;
  }
  const before = withRef[withRef.length - 2];
  if (!before) return undefined;
  const beforeBrag = before.actions[ref]!.brag;
  const trend = movement(beforeBrag, current);
  return trend ? { trend, from: beforeBrag, since: before.meetingDate } : undefined;
}

/** Reads every group's snapshots (one partition read per group). */
export async function loadTrends(store: Store, planId: string, groups: readonly Group[]): Promise<PlanTrends> {
  const snapshots = new Map<string, GroupSnapshot[]>();
  await mapLimit([...groups], 8, async (g) => {
    snapshots.set(g.id, await store.snapshots.listForGroup(planId, g.id));
  });
  const cycles = new Map<string, CycleCounts[]>();
  for (const [groupId, list] of snapshots) cycles.set(groupId, list.slice(-TREND_CYCLES).map(cycleCounts));
  return {
    cycles,
    trendOf: (groupId, ref, current) => actionTrend(snapshots.get(groupId) ?? [], ref, current),
  };
}

/**
 * What moved up and down between the ratings `before` (a snapshot of the last meeting) and
 * `now` (each action's rating now, or as its meeting closed).
 */
export function movesSince(
  actions: readonly { ref: string; text: string }[],
  before: (ref: string) => Rating | undefined,
  now: (ref: string) => Rating,
): { movedUp: MovedFact[]; movedDown: MovedFact[] } {
  const movedUp: MovedFact[] = [];
  const movedDown: MovedFact[] = [];
  for (const a of actions) {
    const from = before(a.ref);
    const to = now(a.ref);
    const move = from === undefined ? undefined : movement(from, to);
    if (move === 'up') movedUp.push({ ref: a.ref, text: a.text, from: from!, to });
    else if (move === 'down') movedDown.push({ ref: a.ref, text: a.text, from: from!, to });
  }
  return { movedUp, movedDown };
}
