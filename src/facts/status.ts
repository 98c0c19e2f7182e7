/**
 * The plan's status at a glance (the `status` command, its --json form and the status card):
 * BRAG counts, overdue actions, missing updates (facts/updates: none since the group's current
 * cycle opened, or since its last meeting between cycles) and open escalations, for the plan or
 * one group. Beside them, the plan's impact measures with their latest value and judgement
 * (with --group, the measures its actions should move).
 */
import type { Rating } from '../domain/brag';
import type { Clock } from '../domain/clock';
import type { Group } from '../domain/model';
import { judgeMeasure, type Judgement, type Unit } from '../measures/judgement';
import { groupIdOf } from '../import/ids';
import type { Store } from '../storage/store';
import { bragCounts, loadPlanReport, type ReportProviders, type ReportRow } from './plan';
import { missesUpdate, updateWindowStart } from './updates';

export interface StatusAction {
  ref: string;
  group: string;
  brag: Rating;
  leads: string[];
  due?: string;
  daysOverdue?: number;
  lastUpdate?: string;
}

export interface StatusMeasure {
  id: string;
  area: number;
  name: string;
  unit: Unit;
  direction: 'up' | 'down';
  target: number;
  targetDate?: string;
  /** The latest period that has ended: the one a value is expected for. */
  duePeriod: string;
  latest?: { period: string; value: number };
  judgement: Judgement;
  /** Where the trajectory stands for the latest value's period, when judged against it. */
  expected?: number;
}

export interface PlanStatus {
  planId: string;
  planName: string;
  today: string;
  group?: string;
  actions: number;
  counts: Record<Rating, number>;
  overdue: StatusAction[];
  missingUpdates: StatusAction[];
  openEscalations: number;
  measures: StatusMeasure[];
}

export class UnknownGroupError extends Error {
  constructor(readonly groupName: string, readonly known: string[]) {
    super(`There is no group "${groupName}" in this plan. Its groups are: ${known.join('; ')}.`);
    this.name = 'UnknownGroupError';
  }
}

/** Finds a group by name, slug or a unique start of its name, ignoring case. */
export function findGroup(groups: Group[], name: string): Group | undefined {
  const id = groupIdOf(name);
  const exact = groups.find((g) => g.id === id || g.name.toLowerCase() === name.trim().toLowerCase());
  if (exact) return exact;
  const starts = groups.filter((g) => g.id.startsWith(id) && id !== '');
  return starts.length === 1 ? starts[0] : undefined;
}

export async function computePlanStatus(
  store: Store,
  planId: string,
  clock: Clock,
  options: ReportProviders & { group?: string },
): Promise<PlanStatus> {
  let groupId: string | undefined;
  const report = await loadPlanReport(store, planId, clock, options, async (s) => {
    if (!options.group) return s.plans.listActions(planId);
    const groups = await s.plans.listGroups(planId);
    const group = findGroup(groups, options.group);
    if (!group) throw new UnknownGroupError(options.group, groups.map((g) => g.name));
    groupId = group.id;
    return s.plans.listActionsOfGroup(planId, group.id);
  });
  const view = (r: ReportRow): StatusAction => ({
    ref: r.action.ref,
    group: r.group?.name ?? r.action.groupId,
    brag: r.action.brag,
    leads: r.action.leadStrings,
    ...(r.action.due ? { due: r.action.due } : {}),
    ...(r.overdue ? { daysOverdue: r.daysOverdue } : {}),
    ...(r.action.lastUpdateAt ? { lastUpdate: r.action.lastUpdateAt } : {}),
  });
  const since = new Map<string, string>();
  for (const g of report.groups.filter((g) => report.rows.some((r) => r.action.groupId === g.id))) {
    const open = (await store.cycles.listForGroup(planId, g.id)).find((c) => c.state === 'open');
    since.set(g.id, updateWindowStart(g, open, report.today, options.timeZone));
  }
  // An action of no known group has no cycle: only one never updated misses its update.
  const missing = report.rows.filter((r) => missesUpdate(r.action, since.get(r.action.groupId) ?? ''));
  const group = groupId ? report.groups.find((g) => g.id === groupId) : undefined;
  const moved = groupId ? new Set(report.rows.flatMap((r) => r.action.measureIds ?? [])) : undefined;
  const measures = (await store.measures.list(planId)).filter((m) => !moved || moved.has(m.id));
  const measureViews = await Promise.all(
    measures.map(async (m): Promise<StatusMeasure> => {
      const values = await store.measures.listValues(planId, m.id);
      const judged = judgeMeasure(m, values, report.today);
      return {
        id: m.id,
        area: m.area,
        name: m.name,
        unit: m.unit,
        direction: m.direction,
        target: m.target,
        ...(m.targetDate ? { targetDate: m.targetDate } : {}),
        duePeriod: judged.duePeriod.label,
        ...(judged.latest ? { latest: { period: judged.latest.period.label, value: judged.latest.value } } : {}),
        judgement: judged.judgement,
        ...(judged.against?.kind === 'trajectory' ? { expected: judged.against.expected } : {}),
      };
    }),
  );
  measureViews.sort((a, b) => a.area - b.area || a.id.localeCompare(b.id));
  return {
    planId,
    planName: report.plan.name,
    today: report.today,
    ...(group ? { group: group.name } : {}),
    actions: report.rows.length,
    counts: bragCounts(report.rows),
    overdue: report.rows.filter((r) => r.overdue).sort((a, b) => b.daysOverdue - a.daysOverdue).map(view),
    missingUpdates: missing.map(view),
    openEscalations: report.rows.reduce((n, r) => n + r.openEscalations, 0),
    measures: measureViews,
  };
}
