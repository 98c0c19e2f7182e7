/**
 * The plan's status at a glance (the `status` command and its --json form): BRAG counts,
 * overdue actions, missing updates and open escalations, for the plan or one group.
 * An open action misses its update when it has had none in the last cadence_days days
 * of its group. Beside them, the plan's impact measures with their latest value and judgement
 * (with --group, the measures its actions should move).
 */
import { isComplete, type Rating } from '../domain/brag';
import type { Clock } from '../domain/clock';
import type { Group } from '../domain/model';
import { judgeMeasure, type Judgement, type Unit } from '../measures/judgement';
import { groupIdOf } from '../import/ids';
import type { Store } from '../storage/store';
import { BRAG_ORDER, bragCounts, loadPlanReport, type ReportProviders, type ReportRow } from './planReport';

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
  const now = clock.now().getTime();
  const view = (r: ReportRow): StatusAction => ({
    ref: r.action.ref,
    group: r.group?.name ?? r.action.groupId,
    brag: r.action.brag,
    leads: r.action.leadStrings,
    ...(r.action.due ? { due: r.action.due } : {}),
    ...(r.overdue ? { daysOverdue: r.daysOverdue } : {}),
    ...(r.action.lastUpdateAt ? { lastUpdate: r.action.lastUpdateAt } : {}),
  });
  const missing = report.rows.filter((r) => {
    if (isComplete(r.action.brag)) return false;
    const cadence = r.group?.cadenceDays ?? 0;
    if (!r.action.lastUpdateAt) return true;
    return now - Date.parse(r.action.lastUpdateAt) > cadence * 86_400_000;
  });
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

const JUDGEMENT_WORDS: Record<Judgement, string> = { onTrack: 'on track', offTrack: 'off track', noData: 'no data' };

const withUnit = (value: number, unit: Unit) =>
  unit === 'percent' ? `${value}%` : unit === 'days' ? `${value} days` : String(value);

function describeMeasure(m: StatusMeasure): string {
  const latest = m.latest ? `latest ${withUnit(m.latest.value, m.unit)} (${m.latest.period})` : 'no value yet';
  const target = `target ${withUnit(m.target, m.unit)}${m.targetDate ? ` by ${m.targetDate}` : ''}`;
  const missing = m.judgement === 'noData' ? `, none for ${m.duePeriod}` : '';
  const line = m.expected !== undefined ? `, trajectory ${withUnit(Math.round(m.expected * 10) / 10, m.unit)}` : '';
  return `${JUDGEMENT_WORDS[m.judgement].padEnd(9)} ${latest}${missing}, ${target}${line} — ${m.name}`;
}

/** The human-readable report. */
export function formatPlanStatus(status: PlanStatus, limit = 20): string {
  const lines: string[] = [];
  lines.push(`${status.planName}${status.group ? ` — ${status.group}` : ''}: ${status.actions} actions, as at ${status.today}`);
  lines.push(`BRAG: ${BRAG_ORDER.map((r) => `${r} ${status.counts[r]}`).join(', ')}`);
  const list = (title: string, items: StatusAction[], describe: (a: StatusAction) => string) => {
    lines.push('');
    lines.push(`${title}: ${items.length}`);
    for (const item of items.slice(0, limit)) lines.push(`  ${item.ref.padEnd(6)} ${describe(item)}`);
    if (items.length > limit) lines.push(`  … and ${items.length - limit} more (use --json for all)`);
  };
  list('Overdue actions', status.overdue, (a) => `${a.brag.padEnd(7)} due ${a.due} (${a.daysOverdue} days ago) — ${a.leads.join(' | ')}`);
  list(
    'Missing updates',
    status.missingUpdates,
    (a) => `${a.brag.padEnd(7)} ${a.lastUpdate ? `last update ${a.lastUpdate.slice(0, 10)}` : 'no update yet'} — ${a.group}`,
  );
  lines.push('');
  lines.push(`Open escalations: ${status.openEscalations}`);
  if (status.measures.length > 0) {
    lines.push('');
    lines.push(`Measures: ${status.measures.length}`);
    for (const m of status.measures.slice(0, limit)) lines.push(`  ${m.id.padEnd(12)} ${describeMeasure(m)}`);
    if (status.measures.length > limit) lines.push(`  … and ${status.measures.length - limit} more (use --json for all)`);
  }
  return lines.join('\n') + '\n';
}
