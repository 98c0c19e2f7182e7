/**
 * The plan as exports and the status report see it: every action with its area, group,
 * live state, overdue days (facts/overdue) and open escalations. Facts that other parts of the system own
 * (escalations, later trends) come in through plain provider functions, so each export
 * gains them without reaching into their storage.
 */
import { isComplete, type Rating } from '../domain/brag';
import type { Clock } from '../domain/clock';
import type { Action, Area, Group, Person, Plan } from '../domain/model';
import { planDateOf } from '../calendar';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';
import type { PlanEvidence } from './evidence';
import type { ActionTrend, PlanTrends } from './movement';
import { countRatings } from './counts';
import { daysOverdue } from './overdue';
import type { MeasureData } from '../measures/scorecard';

export interface ReportProviders {
  /** Open escalations of one action; by default the plan's stored escalations, read once. */
  openEscalationCount?: (planId: string, ref: string) => number | Promise<number>;
  /** Where "today" is reckoned for overdue flags: the plan's time zone (PLAN_TIMEZONE). */
  timeZone: string;
  /** Read each updated action's newest narrative (one read per updated action). */
  withLastNarrative?: boolean;
}

export interface ReportRow {
  action: Action;
  area?: Area;
  group?: Group;
  /** Due before today and not blue or green. */
  overdue: boolean;
  daysOverdue: number;
  openEscalations: number;
  /** The plan date of the last update: its day in the plan's time zone, as every export shows it. */
  lastUpdateOn?: string;
  /** When the next update is due: the group's next meeting, for open actions. */
  nextDue?: string;
  lastNarrative?: string;
  /** Movement since the previous cycle, when the exports loaded trends and it is known. */
  trend?: ActionTrend;
}

export interface PlanReport {
  plan: Plan;
  today: string;
  areas: Area[];
  groups: Group[];
  people: Person[];
  rows: ReportRow[];
  /** Loaded by the exports only (the status report does not need them). */
  trends?: PlanTrends;
  evidence?: PlanEvidence;
  /** The plan's impact measures, their values and scorecard (exports only; absent without measures). */
  measures?: MeasureData;
}

export class PlanNotFoundError extends Error {
  constructor(readonly planId: string, readonly known: string[]) {
    super(
      known.length > 0
        ? `There is no plan "${planId}". The plans stored are: ${known.join(', ')}.`
        : `There is no plan "${planId}": nothing has been imported yet (run planpulse import <folder>).`,
    );
    this.name = 'PlanNotFoundError';
  }
}

export async function loadPlanReport(
  store: Store,
  planId: string,
  clock: Clock,
  providers: ReportProviders,
  actionsOf?: (store: Store) => Promise<Action[]>,
): Promise<PlanReport> {
  const plan = await store.plans.getPlan(planId);
  if (!plan) throw new PlanNotFoundError(planId, (await store.plans.listPlans()).map((p) => p.id));
  const today = planDateOf(clock.now(), providers.timeZone);
  const [areas, groups, people, actions, openPerRef] = await Promise.all([
    store.plans.listAreas(planId),
    store.plans.listGroups(planId),
    store.plans.listPeople(planId),
    actionsOf ? actionsOf(store) : store.plans.listActions(planId),
    providers.openEscalationCount ? undefined : store.escalations.countOpenPerRef(planId),
  ]);
  const areaByNumber = new Map(areas.map((a) => [a.number, a]));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const escalations = providers.openEscalationCount ?? ((_planId: string, ref: string) => openPerRef?.get(ref) ?? 0);
  const rows = await mapLimit(actions, 16, async (action): Promise<ReportRow> => {
    const group = groupById.get(action.groupId);
    const days = daysOverdue(action, today);
    const row: ReportRow = {
      action,
      area: areaByNumber.get(action.area),
      group,
      overdue: days !== undefined,
      daysOverdue: days ?? 0,
      openEscalations: await escalations(planId, action.ref),
    };
    if (action.lastUpdateAt) row.lastUpdateOn = planDateOf(new Date(action.lastUpdateAt), providers.timeZone);
    if (group && !isComplete(action.brag)) row.nextDue = group.nextMeeting;
    if (providers.withLastNarrative && action.updateCount > 0) {
      row.lastNarrative = (await store.updates.history(planId, action.ref, 1))[0]?.narrative;
    }
    return row;
  });
  return { plan, today, areas: [...areas].sort((a, b) => a.number - b.number), groups, people, rows };
}

/** BRAG counts of some rows, every rating present (zero when none). */
export function bragCounts(rows: readonly ReportRow[]): Record<Rating, number> {
  return countRatings(rows.map((r) => r.action.brag));
}

/** Rows grouped under their areas, in area order; actions of an unknown area come last. */
export function sectionsOf(report: PlanReport): { title: string; rows: ReportRow[] }[] {
  const sections = report.areas.map((area) => ({
    title: `Area ${area.number}: ${area.title}${area.sro ? ` (SRO: ${area.sro})` : ''}`,
    number: area.number,
    rows: [] as ReportRow[],
  }));
  const loose: ReportRow[] = [];
  for (const row of report.rows) {
    const section = sections.find((s) => s.number === row.action.area);
    if (section) section.rows.push(row);
    else loose.push(row);
  }
  const out = sections.filter((s) => s.rows.length > 0).map(({ title, rows }) => ({ title, rows }));
  if (loose.length > 0) out.push({ title: 'Other actions', rows: loose });
  return out;
}
