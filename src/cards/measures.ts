/**
 * How impact measures read, wherever they are shown (cards, mail, the board paper, the
 * response page): a value with its unit, a period's name, a judgement's words, and the
 * views of the measure form (cards/measureForm.json) and its confirmation.
 */
import { randomUUID } from 'node:crypto';
import type { Judgement, Unit } from '../measures/judgement';
import type { Measure, RecordedMeasureValue } from '../measures/model';
import { parsePeriod, type Period } from '../measures/periods';
import type { MeasureFieldErrors, MeasureFormValues } from '../measures/submitValue';
import { MONTHS, formatPlanDate, type ContainerStyle, type FactView, type TextColour } from './views';

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
export const JUDGEMENT_COLOURS: Record<Judgement, TextColour> = { onTrack: 'Good', offTrack: 'Attention', noData: 'Warning' };
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
