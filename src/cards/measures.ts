/**
 * How impact measures read, wherever they are shown (cards, mail, the board paper, the
 * response page): a value with its unit, a period's name, a judgement's words, and the
 * views of the measure form (cards/measureForm.json) and its confirmation.
 */
import { randomUUID } from 'node:crypto';
import type { Judgement, Unit } from '../measures/judgement';
import type { Measure, RecordedMeasureValue } from '../measures/model';
import type { ScorecardArea, ScorecardFacts, ScorecardMeasure } from '../measures/scorecard';
import { parsePeriod, type Period } from '../measures/periods';
import type { MeasureFieldErrors, MeasureFormValues } from '../measures/submitValue';
import { MONTHS, formatPlanDate } from './format';
import type { ContainerStyle, FactView } from './parts';
import { renderCard, type AdaptiveCardJson } from './render';

/** "62.5%", "42 days", "1,204": at most one decimal place, as boards read them. */
export function formatMeasureValue(value: number, unit: Unit): string {
  const rounded = Math.round(value * 10) / 10;
  const number = rounded.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  if (unit === 'percent') return `${number}%`;
  if (unit === 'days') return `${number} ${rounded === 1 ? 'day' : 'days'}`;
  return number;
}

/** The unit as an input's label says it. */
export const UNIT_WORDS: Record<Unit, string> = { percent: 'per cent, 0 to 100', days: 'days', number: 'a number' };

const TERM_NAMES = ['autumn term', 'spring term', 'summer term'];
const HALF_TERM_NAMES = ['autumn 1', 'autumn 2', 'spring 1', 'spring 2', 'summer 1', 'summer 2'];

/** "March 2024", "Jan to Mar 2024", "spring term 2023-24", "summer 1 2023-24". */
export function periodName(period: Period | string): string {
  const p = typeof period === 'string' ? parsePeriod(period) : { ok: true as const, period };
  if (!p.ok) return String(period);
  const { label, start, end, frequency } = p.period;
  const month = (iso: string) => MONTHS[Number(iso.slice(5, 7)) - 1]!;
  switch (frequency) {
    case 'monthly':
      return `${FULL_MONTHS[Number(start.slice(5, 7)) - 1]} ${start.slice(0, 4)}`;
    case 'quarterly':
      return `${month(start)} to ${month(end)} ${start.slice(0, 4)}`;
    case 'termly':
    case 'half-termly': {
      const m = /^(\d{4}-\d{2})-(?:T|HT)(\d)$/.exec(label);
      if (!m) return label;
      const names = frequency === 'termly' ? TERM_NAMES : HALF_TERM_NAMES;
      return `${names[Number(m[2]) - 1]} ${m[1]}`;
    }
  }
}

const FULL_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const JUDGEMENT_WORDS: Record<Judgement, string> = { onTrack: 'On track', offTrack: 'Off track', noData: 'No data' };
export const JUDGEMENT_STYLES: Record<Judgement, ContainerStyle> = { onTrack: 'good', offTrack: 'attention', noData: 'warning' };

/** "60% by 31 Dec 2024 (higher is better)". */
export function targetText(measure: Pick<Measure, 'target' | 'unit' | 'targetDate' | 'direction'>): string {
  const by = measure.targetDate ? ` by ${formatPlanDate(measure.targetDate)}` : '';
  return `${formatMeasureValue(measure.target, measure.unit)}${by} (${measure.direction === 'up' ? 'higher' : 'lower'} is better)`;
}

/** Data for cards/measureForm.json. */
export interface MeasureFormView {
  planId: string;
  measureId: string;
  period: string;
  submissionId: string;
  title: string;
  periodText: string;
  definition: string;
  facts: FactView[];
  lastValues: string[];
  valueLabel: string;
  unitText: string;
  values: MeasureFormValues;
  /** The value typed, when it is a number the number input can show again. */
  hasNumber: boolean;
  numericValue?: number;
  errors: MeasureFieldErrors;
  errorSummary: string[];
  hasErrors: boolean;
  standIn: string;
}

export function measureFormView(input: {
  measure: Measure;
  areaTitle?: string;
  period: Period;
  lastValues: readonly RecordedMeasureValue[];
  ownerName?: string;
  onBehalfOf?: string;
  values?: MeasureFormValues;
  errors?: MeasureFieldErrors;
  submissionId?: string;
}): MeasureFormView {
  const { measure, period } = input;
  const errors = input.errors ?? {};
  const facts: FactView[] = [
    { title: 'Area', value: input.areaTitle ? `${measure.area}. ${input.areaTitle}` : String(measure.area) },
    { title: 'Target', value: targetText(measure) },
    { title: 'Baseline', value: formatMeasureValue(measure.baseline, measure.unit) },
  ];
  if (measure.source) facts.push({ title: 'Source', value: measure.source });
  const last = [...input.lastValues].sort((a, b) => b.period.localeCompare(a.period)).slice(0, 4);
  return {
    planId: measure.planId,
    measureId: measure.id,
    period: period.label,
    submissionId: input.submissionId ?? randomUUID(),
    title: measure.name,
    periodText: `The value for ${periodName(period)} (${period.label}), which ended on ${formatPlanDate(period.end)}.`,
    definition: measure.definition ?? '',
    facts,
    lastValues: last.map((v) => `${periodName(v.period)}: ${formatMeasureValue(v.value, measure.unit)}`),
    valueLabel: `Value for ${periodName(period)} (${UNIT_WORDS[measure.unit]})`,
    unitText: UNIT_WORDS[measure.unit],
    values: input.values ?? { value: '', note: '', source: '' },
    ...numberOf(input.values?.value),
    errors,
    errorSummary: Object.values(errors).filter((e): e is string => !!e),
    hasErrors: Object.values(errors).some((e) => !!e),
    standIn: input.onBehalfOf ? `You are giving this value for ${input.onBehalfOf}, who owns the measure.` : '',
  };
}

function numberOf(text: string | undefined): { hasNumber: boolean; numericValue?: number } {
  const n = text !== undefined && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
  return n === undefined ? { hasNumber: false } : { hasNumber: true, numericValue: n };
}

/** The confirmation after a value is recorded: what was recorded and how it stands against the target. */
export function measureRecordedText(measure: Measure, value: RecordedMeasureValue, judgement: Judgement): { title: string; text: string; facts: FactView[] } {
  return {
    title: 'Value recorded',
    text: `${measure.name}: ${formatMeasureValue(value.value, measure.unit)} for ${periodName(value.period)}. ${JUDGEMENT_WORDS[judgement]} against the target.`,
    facts: [
      { title: 'Target', value: targetText(measure) },
      ...(value.note ? [{ title: 'Note', value: value.note }] : []),
      ...(value.source ? [{ title: 'Source', value: value.source }] : []),
    ],
  };
}

/** Data of the scorecard block the board cards share (cards/boardReport.json, cards/progressReport.json). */
export interface ScorecardView {
  hasScorecard: boolean;
  scorecardIntro: string;
  scorecardAreas: Array<{
    heading: string;
    bragText: string;
    measures: ScorecardMeasureView[];
  }>;
  offTrackMeasures: ScorecardMeasureView[];
}

export interface ScorecardMeasureView {
  name: string;
  judgement: string;
  /** The judgement's badge style (JUDGEMENT_STYLES). */
  judgementStyle: ContainerStyle;
  latestText: string;
  targetText: string;
  trendText: string;
  chartTitle: string;
  hasChart: boolean;
  chartData: Array<{ legend: string; values: Array<{ x: string; y: number }> }>;
  actionsText: string;
}

const BRAG_WORDS: Array<[keyof ScorecardArea['counts'], string]> = [
  ['blue', 'blue'],
  ['green', 'green'],
  ['amber', 'amber'],
  ['red', 'red'],
  ['unrated', 'not yet rated'],
];

/** "Actions: 2 green, 3 amber, 1 red". */
export function areaBragText(counts: ScorecardArea['counts']): string {
  const parts = BRAG_WORDS.filter(([r]) => counts[r] > 0).map(([r, w]) => `${counts[r]} ${w}`);
  return parts.length > 0 ? `Actions: ${parts.join(', ')}` : 'No actions in this area';
}

/** "Latest 52.5% (January 2024)"; "No value for January 2024 (last 50%, December 2023)". */
export function latestText(m: ScorecardMeasure): string {
  const unit = m.measure.unit;
  if (m.judgement === 'noData') {
    const last = m.latest ? ` (last ${formatMeasureValue(m.latest.value, unit)}, ${periodName(m.latest.period)})` : ' (none recorded yet)';
    return `No value for ${periodName(m.duePeriod)}${last}`;
  }
  const line = m.against?.kind === 'trajectory' ? `; trajectory ${formatMeasureValue(m.against.expected, unit)}` : '';
  return `Latest ${formatMeasureValue(m.latest!.value, unit)} (${periodName(m.latest!.period)})${line}`;
}

/** "Trend: Nov 2023 45%, Dec 2023 50%, Jan 2024 52.5%". */
export function trendText(m: ScorecardMeasure): string {
  if (m.trend.length === 0) return 'Trend: no values yet';
  return `Trend: ${m.trend.map((v) => `${shortPeriod(v.period)} ${formatMeasureValue(v.value, m.measure.unit)}`).join(', ')}`;
}

/** A period as a chart's axis or a trend line says it: "Jan 2024", "Q1 2024", "T2 2023-24". */
export function shortPeriod(label: string): string {
  const monthly = /^(\d{4})-(\d{2})$/.exec(label);
  if (monthly) return `${MONTHS[Number(monthly[2]) - 1]} ${monthly[1]}`;
  const quarterly = /^(\d{4})-(Q\d)$/.exec(label);
  if (quarterly) return `${quarterly[2]} ${quarterly[1]}`;
  const school = /^(\d{4}-\d{2})-((?:T|HT)\d)$/.exec(label);
  if (school) return `${school[2]} ${school[1]}`;
  return label;
}

export function scorecardMeasureView(m: ScorecardMeasure): ScorecardMeasureView {
  const unit = m.measure.unit;
  const values = m.trend.map((v) => ({ x: shortPeriod(v.period), y: v.value }));
  return {
    name: m.measure.name,
    judgement: JUDGEMENT_WORDS[m.judgement],
    judgementStyle: JUDGEMENT_STYLES[m.judgement],
    latestText: latestText(m),
    targetText: `Target ${targetText(m.measure)}`,
    trendText: trendText(m),
    chartTitle: `${m.measure.name} (${unit === 'percent' ? '%' : unit === 'days' ? 'days' : 'number'})`,
    hasChart: values.length >= 2,
    chartData: [
      { legend: m.measure.name, values },
      { legend: 'Target', values: values.map((v) => ({ x: v.x, y: m.measure.target })) },
    ],
    actionsText: m.actionRefs.length > 0 ? `Actions that should move it: ${m.actionRefs.join(', ')}` : 'No action names this measure yet',
  };
}

/** The scorecard block of a board card; `maxMeasures` keeps a large plan's card within Teams' size. */
export function scorecardView(facts: ScorecardFacts | undefined, maxMeasures = 30): ScorecardView {
  if (!facts) return { hasScorecard: false, scorecardIntro: '', scorecardAreas: [], offTrackMeasures: [] };
  let left = maxMeasures;
  const areas = facts.areas.map((a) => {
    const shown = a.measures.slice(0, Math.max(0, left));
    left -= shown.length;
    return { heading: `${a.area}. ${a.title}`, bragText: areaBragText(a.counts), measures: shown.map(scorecardMeasureView) };
  });
  const total = facts.areas.reduce((n, a) => n + a.measures.length, 0);
  const onTrack = total - facts.offTrack.length - facts.noData.length;
  return {
    hasScorecard: true,
    scorecardIntro: `${onTrack} of ${total} ${total === 1 ? 'measure' : 'measures'} on track, ${facts.offTrack.length} off track, ${facts.noData.length} with no data for the latest period.`,
    scorecardAreas: areas.filter((a) => a.measures.length > 0),
    offTrackMeasures: facts.offTrack.map(scorecardMeasureView),
  };
}

/** The measure form, rendered. */
export function measureFormCard(input: Parameters<typeof measureFormView>[0]): AdaptiveCardJson {
  return renderCard('measureForm', measureFormView(input));
}
