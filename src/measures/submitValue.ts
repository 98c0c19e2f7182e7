/**
 * Recording a measure's value for a period (`measure.submit`): who may give it (the measure's
 * owner, or the delegate standing in for them), what a value may be, and idempotent submits.
 * The caller is a person already resolved by the Teams layer or the response page.
 */
import { z } from 'zod';
import { planDateOf } from '../calendar';
import type { Clock } from '../domain/clock';
import type { Person } from '../domain/model';
import type { Store } from '../storage/store';
import type { Measure, RecordedMeasureValue } from './model';
import { parsePeriod, type Period } from './periods';
import { parseMeasureNumber, unitProblem } from './values';

export const MAX_NOTE = 500;
export const MAX_SOURCE = 300;

/** The form's fields as sent: Teams sends inputs as strings (or numbers), and may leave any out. */
export const rawMeasureSubmitSchema = z.object({
  measureId: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
  planId: z.string().optional(),
  period: z.string().default(''),
  value: z.union([z.string(), z.number()]).optional(),
  note: z.string().optional(),
  source: z.string().optional(),
  submissionId: z.string().optional(),
});
export type RawMeasureSubmit = z.infer<typeof rawMeasureSubmitSchema>;

/** What the person typed, to show the form again with it. */
export interface MeasureFormValues {
  value: string;
  note: string;
  source: string;
}

export type MeasureFieldErrors = Partial<Record<'value' | 'period' | 'note' | 'source', string>>;

export type MeasureSubmitResult =
  | { kind: 'recorded'; measure: Measure; period: Period; value: RecordedMeasureValue; duplicate: boolean }
  | { kind: 'invalid'; measure: Measure; period?: Period; errors: MeasureFieldErrors; values: MeasureFormValues }
  | { kind: 'forbidden'; message: string }
  | { kind: 'notFound'; message: string };

export type MeasureAuthorisation = { ok: true; onBehalfOf?: string } | { ok: false; message: string };

/** The owner gives the values; so does a delegate the owner named, recorded as acting for them. */
export function authoriseMeasureValue(measure: Measure, caller: Person, people: Map<string, Person>): MeasureAuthorisation {
  if (measure.ownerId === caller.id) return { ok: true };
  if (people.get(measure.ownerId)?.delegateId === caller.id) return { ok: true, onBehalfOf: measure.ownerId };
  const owner = people.get(measure.ownerId)?.name ?? measure.ownerLead;
  return { ok: false, message: `Only the owner of "${measure.name}" (${owner}) or their delegate can give its values. Nothing was recorded.` };
}

const text = (v: string | number | undefined) => (v === undefined ? '' : String(v).trim());

/** Checks the fields against the measure; the period must be one of its own that has ended. */
export function validateMeasureSubmit(
  measure: Measure,
  raw: RawMeasureSubmit,
  today: string,
): { ok: true; period: Period; value: number; note?: string; source?: string } | { ok: false; period?: Period; errors: MeasureFieldErrors } {
  const errors: MeasureFieldErrors = {};
  const parsedPeriod = parsePeriod(raw.period, measure.frequency, measure.terms);
  let period: Period | undefined;
  if (!parsedPeriod.ok) errors.period = `${parsedPeriod.message}.`;
  else if (parsedPeriod.period.end > today) errors.period = `The period ${parsedPeriod.period.label} has not ended yet; its value can be given once it has.`;
  else period = parsedPeriod.period;

  const valueText = text(raw.value);
  const value = valueText === '' ? undefined : parseMeasureNumber(valueText);
  if (valueText === '') errors.value = 'Enter the value as a number.';
  else if (value === undefined) errors.value = `"${valueText.slice(0, 40)}" is not a number. Enter the value as a number, for example 62.5.`;
  else {
    const wrong = unitProblem(measure.unit, value);
    if (wrong) errors.value = `${wrong[0]!.toUpperCase()}${wrong.slice(1)}. Enter the value again.`;
  }
  const note = text(raw.note);
  if (note.length > MAX_NOTE) errors.note = `The note is ${note.length} characters long; keep it to ${MAX_NOTE}.`;
  const source = text(raw.source);
  if (source.length > MAX_SOURCE) errors.source = `The source is ${source.length} characters long; keep it to ${MAX_SOURCE}.`;
  else if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !/^https?:\/\//i.test(source)) errors.source = 'A link to the source starts with https://.';
  if (Object.keys(errors).length > 0 || !period || value === undefined) return { ok: false, period, errors };
  return { ok: true, period, value, ...(note ? { note } : {}), ...(source ? { source } : {}) };
}

export interface MeasureSubmitContext {
  store: Store;
  clock: Clock;
  timeZone: string;
}

/**
 * Validates and records a value. A repeated submissionId records nothing new and answers with
 * the value first recorded, even if the form would no longer pass; a new form for a period that
 * has a value corrects it.
 */
export async function submitMeasureValue(
  ctx: MeasureSubmitContext,
  planId: string,
  caller: Person,
  input: unknown,
  known: { people?: Map<string, Person> } = {},
): Promise<MeasureSubmitResult> {
  const parsed = rawMeasureSubmitSchema.safeParse(input);
  if (!parsed.success || parsed.data.measureId === '') {
    return { kind: 'notFound', message: 'The form did not say which measure it is for; open it again from the message that asked for it.' };
  }
  const raw = parsed.data;
  const measure = await ctx.store.measures.get(planId, raw.measureId);
  if (!measure) return { kind: 'notFound', message: `There is no measure ${raw.measureId} in this plan.` };
  const people = known.people ?? (await ctx.store.plans.peopleById(planId));
  const auth = authoriseMeasureValue(measure, caller, people);
  if (!auth.ok) return { kind: 'forbidden', message: auth.message };

  const now = ctx.clock.now();
  const checked = validateMeasureSubmit(measure, raw, planDateOf(now, ctx.timeZone));
  if (!checked.ok) {
    const periodLabel = checked.period?.label ?? raw.period.trim().toUpperCase();
    const earlier = raw.submissionId ? await ctx.store.measures.getValue(planId, measure.id, periodLabel) : undefined;
    if (earlier && earlier.submissionId === raw.submissionId) {
      const period = parsePeriod(earlier.period, measure.frequency, measure.terms);
      if (period.ok) return { kind: 'recorded', measure, period: period.period, value: earlier, duplicate: true };
    }
    return { kind: 'invalid', measure, period: checked.period, errors: checked.errors, values: { value: text(raw.value), note: text(raw.note), source: text(raw.source) } };
  }
  const candidate: RecordedMeasureValue = {
    planId,
    measureId: measure.id,
    period: checked.period.label,
    value: checked.value,
    ...(checked.note ? { note: checked.note } : {}),
    ...(checked.source ? { source: checked.source } : {}),
    recordedBy: caller.id,
    recordedAt: now.toISOString(),
    ...(auth.onBehalfOf ? { onBehalfOf: auth.onBehalfOf } : {}),
    ...(raw.submissionId ? { submissionId: raw.submissionId } : {}),
  };
  const recorded = await ctx.store.measures.recordSubmitted(candidate);
  return { kind: 'recorded', measure, period: checked.period, value: recorded.value, duplicate: recorded.duplicate };
}
