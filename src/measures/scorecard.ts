/**
 * The scorecard a board reads: per area, each impact measure's recent values, latest value,
 * judgement and the actions that should move it, beside the area's action BRAG counts. Typed
 * facts only; the cards, the board paper and the workbook format them.
 */
import type { Rating } from '../domain/brag';
import type { Action, Area } from '../domain/model';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';
import { countRatings } from '../facts/counts';
import { judgeMeasure, type Judgement } from './judgement';
import type { Measure, RecordedMeasureValue } from './model';
import { parsePeriod } from './periods';

/** How many recent periods a scorecard's trend shows. */
export const TREND_PERIODS = 6;

export interface ScorecardValue {
  period: string;
  /** The period's last day, for ordering and drawing. */
  end: string;
  value: number;
}

export interface ScorecardMeasure {
  measure: Measure;
  judgement: Judgement;
  /** The period a value is expected for at the report's date. */
  duePeriod: string;
  latest?: ScorecardValue;
  /** What the latest value was judged against (the target, or where the trajectory stands). */
  against?: { kind: 'target' | 'trajectory'; expected: number };
  /** The recent values, oldest first, at most TREND_PERIODS. */
  trend: ScorecardValue[];
  /** Refs of the actions in scope that name this measure. */
  actionRefs: string[];
}

export interface ScorecardArea {
  area: number;
  title: string;
  counts: Record<Rating, number>;
  measures: ScorecardMeasure[];
}

export interface ScorecardFacts {
  today: string;
  areas: ScorecardArea[];
  /** Every measure judged off track: each is an exception for the board. */
  offTrack: ScorecardMeasure[];
  noData: ScorecardMeasure[];
}

const byRef = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The scorecard of the measures in scope: those of the areas the actions are in, and any
 * measure one of the actions names. Areas without a measure are left out.
 */
export function scorecardFacts(input: {
  measures: readonly Measure[];
  values: ReadonlyMap<string, readonly RecordedMeasureValue[]>;
  actions: readonly Action[];
  areas: readonly Area[];
  today: string;
}): ScorecardFacts {
  const areasInScope = new Set(input.actions.map((a) => a.area));
  const named = new Set(input.actions.flatMap((a) => a.measureIds ?? []));
  const measures = input.measures.filter((m) => areasInScope.has(m.area) || named.has(m.id));
  const judged = measures.map((measure): ScorecardMeasure => {
    const values = input.values.get(measure.id) ?? [];
    const j = judgeMeasure(measure, values, input.today);
    const trend = values
      .flatMap((v) => {
        const p = parsePeriod(v.period, measure.frequency, measure.terms);
        return p.ok && p.period.end <= input.today ? [{ period: p.period.label, end: p.period.end, value: v.value }] : [];
      })
      .sort((a, b) => a.end.localeCompare(b.end))
      .slice(-TREND_PERIODS);
    return {
      measure,
      judgement: j.judgement,
      duePeriod: j.duePeriod.label,
      ...(j.latest ? { latest: { period: j.latest.period.label, end: j.latest.period.end, value: j.latest.value } } : {}),
      ...(j.against ? { against: j.against } : {}),
      trend,
      actionRefs: input.actions.filter((a) => a.measureIds?.includes(measure.id)).map((a) => a.ref).sort(byRef),
    };
  });
  const areaNumbers = [...new Set(judged.map((j) => j.measure.area))].sort((a, b) => a - b);
  const areas = areaNumbers.map((number): ScorecardArea => {
    const counts = countRatings(input.actions.filter((a) => a.area === number).map((a) => a.brag));
    return {
      area: number,
      title: input.areas.find((a) => a.number === number)?.title ?? `Area ${number}`,
      counts,
      measures: judged.filter((j) => j.measure.area === number).sort((a, b) => a.measure.id.localeCompare(b.measure.id)),
    };
  });
  const ordered = areas.flatMap((a) => a.measures);
  return { today: input.today, areas, offTrack: ordered.filter((m) => m.judgement === 'offTrack'), noData: ordered.filter((m) => m.judgement === 'noData') };
}

/** A plan's measures with every recorded value, and the scorecard of them for some actions. */
export interface MeasureData {
  measures: Measure[];
  values: Map<string, RecordedMeasureValue[]>;
  scorecard: ScorecardFacts;
}

/** Reads the plan's measures and their values and computes the scorecard for these actions; undefined when the plan has no measures. */
export async function loadMeasureData(store: Store, planId: string, actions: readonly Action[], today: string): Promise<MeasureData | undefined> {
  const measures = await store.measures.list(planId);
  if (measures.length === 0) return undefined;
  const [areas, values] = await Promise.all([
    store.plans.listAreas(planId),
    mapLimit(measures, 8, async (m) => [m.id, await store.measures.listValues(planId, m.id)] as const),
  ]);
  const byMeasure = new Map(values);
  return { measures, values: byMeasure, scorecard: scorecardFacts({ measures, values: byMeasure, actions, areas, today }) };
}

/** The scorecard of the measures in the actions' areas; undefined when there are none. */
export async function loadScorecard(store: Store, planId: string, actions: readonly Action[], today: string): Promise<ScorecardFacts | undefined> {
  const data = await loadMeasureData(store, planId, actions, today);
  return data && data.scorecard.areas.length > 0 ? data.scorecard : undefined;
}
