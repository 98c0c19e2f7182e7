/**
 * The owner's side of impact measures: the form asking for a period's value (`measure.open`,
 * from the button on the message that asked) and recording it (`measure.submit`). Invalid
 * input comes back as the form with the typed values and each error beside its field.
 */
import { z } from 'zod';
import { measureFormCard, measureRecordedText, messageCard, type AdaptiveCardJson } from '../../src/cards';
import { judgeValue } from '../../src/measures/judgement';
import type { Measure } from '../../src/measures/model';
import { parsePeriod, periodEndingOnOrBefore, type Period } from '../../src/measures/periods';
import { authoriseMeasureValue, submitMeasureValue, type MeasureFieldErrors, type MeasureFormValues } from '../../src/measures/submitValue';
import type { Caller, Membership } from '../identity';
import { peopleOf } from '../../src/storage/cachedReads';
import { notInPlan, today, type BotDeps } from './context';
import { cardData, type Turn } from '../turn';

export const measureOpenSchema = z.object({
  measureId: z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(z.string().min(1, 'measureId must not be empty')),
  planId: z.string().optional(),
  period: z.string().optional(),
});

/** The caller's membership of the plan the measure is in: the one named, or the first with such a measure. */
async function findMeasure(deps: BotDeps, caller: Caller, measureId: string, planId?: string): Promise<{ membership: Membership; measure: Measure } | { message: string }> {
  const candidates = planId ? caller.memberships.filter((m) => m.plan.id === planId) : caller.memberships;
  if (planId && candidates.length === 0) return { message: `You are not named in plan ${planId}.` };
  for (const membership of candidates) {
    const measure = await deps.store.measures.get(membership.plan.id, measureId);
    if (measure) return { membership, measure };
  }
  return { message: `There is no measure ${measureId} in ${candidates.length === 1 ? candidates[0]!.plan.name : 'your plans'}.` };
}

async function formCard(
  deps: BotDeps,
  membership: Membership,
  measure: Measure,
  period: Period,
  extra: { values?: MeasureFormValues; errors?: MeasureFieldErrors; submissionId?: string } = {},
): Promise<AdaptiveCardJson> {
  const [areas, lastValues, people] = await Promise.all([
    deps.store.plans.listAreas(measure.planId),
    deps.store.measures.listValues(measure.planId, measure.id),
    peopleOf(deps, measure.planId),
  ]);
  const standingIn = measure.ownerId !== membership.person.id ? people.get(measure.ownerId)?.name ?? measure.ownerLead : undefined;
  return measureFormCard({
    measure,
    areaTitle: areas.find((a) => a.number === measure.area)?.title,
    period,
    lastValues: lastValues.filter((v) => v.period !== period.label),
    onBehalfOf: standingIn,
    ...extra,
  });
}

export async function openMeasureForm(deps: BotDeps, caller: Caller, data: z.infer<typeof measureOpenSchema>): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  const found = await findMeasure(deps, caller, data.measureId, data.planId);
  if ('message' in found) return messageCard('Measure not found', found.message, 'warning');
  const { membership, measure } = found;
  const auth = authoriseMeasureValue(measure, membership.person, await peopleOf(deps, measure.planId));
  if (!auth.ok) return messageCard('Not your measure', auth.message, 'warning');
  const parsed = data.period ? parsePeriod(data.period, measure.frequency, measure.terms) : undefined;
  if (parsed && !parsed.ok) return messageCard('Period not understood', `${parsed.message}.`, 'warning');
  const period = parsed?.ok ? parsed.period : periodEndingOnOrBefore(measure.frequency, today(deps), measure.terms);
  return formCard(deps, membership, measure, period);
}

export async function recordMeasureValue(deps: BotDeps, caller: Caller, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlan(caller);
  const target = measureOpenSchema.safeParse(data);
  if (!target.success) return messageCard('Value not recorded', 'The form did not say which measure it is for; open it again from the message that asked for it.', 'attention');
  const found = await findMeasure(deps, caller, target.data.measureId, target.data.planId);
  if ('message' in found) return messageCard('Value not recorded', found.message, 'attention');
  const { membership } = found;
  const people = await peopleOf(deps, membership.plan.id);
  const result = await submitMeasureValue({ store: deps.store, clock: deps.clock, timeZone: deps.timeZone }, membership.plan.id, membership.person, data, { people });
  switch (result.kind) {
    case 'notFound':
      return messageCard('Value not recorded', result.message, 'attention');
    case 'forbidden':
      deps.logger.warn({ planId: membership.plan.id, measureId: target.data.measureId, personId: membership.person.id }, 'Refused a measure value from someone who does not own the measure.');
      return messageCard('Value not recorded', result.message, 'attention');
    case 'invalid': {
      // The form's period is fixed by the message that asked; one that is not the measure's own cannot be answered here.
      if (!result.period) return messageCard('Value not recorded', result.errors.period ?? 'The form did not say which period the value is for.', 'attention');
      const submissionId = typeof data.submissionId === 'string' && data.submissionId ? data.submissionId : undefined;
      return formCard(deps, membership, result.measure, result.period, { values: result.values, errors: result.errors, submissionId });
    }
    case 'recorded': {
      if (!result.duplicate) deps.logger.info({ planId: membership.plan.id, measureId: result.measure.id, period: result.value.period }, 'Recorded a measure value.');
      const judged = judgeValue(result.measure, result.value.value, result.period.end);
      const words = measureRecordedText(result.measure, result.value, judged.judgement);
      return messageCard(words.title, words.text, judged.judgement === 'onTrack' ? 'good' : 'default', [], words.facts);
    }
  }
}

/** `measure.open`: the form for a period's value, from the message that asked. */
export async function measureOpen(turn: Turn): Promise<AdaptiveCardJson> {
  const parsed = turn.data(measureOpenSchema, { title: 'That button did not work', text: 'The card did not say which measure it is for.' });
  if (!parsed.ok) return parsed.card;
  return openMeasureForm(turn.deps, await turn.caller(), parsed.value);
}

/** `measure.submit`: the form's value, with the measure, period and submission id it carries. */
export async function measureSubmit(turn: Turn): Promise<AdaptiveCardJson> {
  return recordMeasureValue(turn.deps, await turn.caller(), cardData(turn.ctx));
}
