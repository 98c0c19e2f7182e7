/**
 * BRAG trends for the exports, read from the per-cycle snapshots: each group's BRAG counts over
 * its last cycles, and each action's trend arrow.
 *
 * An action's arrow shows its latest movement between cycles. It compares the current BRAG with
 * the group's latest snapshot when the two differ (the action moved in the running cycle);
 * otherwise the latest snapshot with the one before it (what moved at the last meeting). So a
 * paper printed just after a meeting still shows that meeting's movement. Unrated on either side
 * says nothing about progress, so the arrow is left blank, as it is when there is no snapshot.
 */
import { BRAG_RANK, type Rating } from '../domain/brag';
import type { Group } from '../domain/model';
import type { GroupSnapshot } from '../storage/snapshotRepository';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';

/** How many of a group's latest cycles the charts and the Trends sheet show. */
export const TREND_CYCLES = 6;

export type Trend = 'up' | 'down' | 'same';

export const TREND_ARROWS: Record<Trend, string> = { up: '↑', down: '↓', same: '→' };

export const TREND_WORDS: Record<Trend, string> = { up: 'better', down: 'worse', same: 'unchanged' };

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

const ZERO = (): Record<Rating, number> => ({ blue: 0, green: 0, amber: 0, red: 0, unrated: 0 });

export function cycleCounts(snapshot: GroupSnapshot): CycleCounts {
  const counts = ZERO();
  const entries = Object.values(snapshot.actions);
  for (const entry of entries) counts[entry.brag]++;
  return { meetingDate: snapshot.meetingDate, counts, total: entries.length };
}

function compare(from: Rating, to: Rating): Trend | undefined {
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
    const trend = compare(latestBrag, current);
    return trend ? { trend, from: latestBrag, since: latest.meetingDate } : undefined;
  }
  const before = withRef[withRef.length - 2];
  if (!before) return undefined;
  const beforeBrag = before.actions[ref]!.brag;
  const trend = compare(beforeBrag, current);
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

export const arrowOf = (trend: ActionTrend | undefined): string => (trend ? TREND_ARROWS[trend.trend] : '');
