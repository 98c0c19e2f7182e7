/**
 * Recording a lead's update: who may update an action, idempotent submits, appending to
 * the history and moving the action's current rating. Plain domain code: the caller is
 * a Person already resolved from Teams, and the clock is injected.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock';
import type { Action, Person, Update } from '../domain/model';
import type { Store } from '../storage/store';
import type { Stored } from '../storage/tableStore';
import { planDateOf } from '../calendar';
import { formatPlanDate } from '../cards/format';
import { checkRating, isComplete, recordedRating, type RatingRefusal } from '../domain/brag';
import { EVIDENCE_TYPES } from '../domain/model';
import { pendingProposal } from '../decisions/revisedDates';
import { formValuesOf, rawUpdateSchema, validateUpdateInput, type FieldErrors, type UpdateFormValues } from './updateInput';

export type Authorisation = { ok: true; onBehalfOf?: string } | { ok: false; message: string };

/** A lead of the action may update it; so may a lead's delegate, recorded as acting for them. */
export function authoriseUpdate(action: Action, caller: Person, people: Map<string, Person>): Authorisation {
  if (action.leadIds.includes(caller.id)) return { ok: true };
  const represented = action.leadIds.find((id) => people.get(id)?.delegateId === caller.id);
  if (represented) return { ok: true, onBehalfOf: represented };
  const leads = action.leadIds.map((id) => people.get(id)?.name ?? id).join(', ');
  return {
    ok: false,
    message: `Only the leads of action ${action.ref} (${leads}) or their delegates can update it.`,
  };
}

export type SubmitResult =
  | {
      kind: 'recorded';
      update: Update;
      action: Action;
      /** The action's row as this submit wrote it, with its new ETag. */
      stored: Stored<Action>;
      duplicate: boolean;
      people: Map<string, Person>;
    }
  | { kind: 'invalid'; errors: FieldErrors; values: UpdateFormValues; action: Action }
  | { kind: 'forbidden'; message: string }
  | { kind: 'notFound'; message: string };

export interface UpdateHooks {
  /** Called once when a new update asks for escalation (not on a repeated submit). */
  onEscalationRequested?(update: Update, action: Action): Promise<void>;
}

export interface SubmitContext {
  store: Store;
  clock: Clock;
  timeZone: string;
  hooks?: UpdateHooks;
}

/**
 * Validates and stores an update. A repeated submissionId records nothing new and returns
 * the first update; two leads submitting at once both land in the history, and the
 * action's current rating is the later one.
 */
export async function submitUpdate(
  ctx: SubmitContext,
  planId: string,
  caller: Person,
  input: unknown,
  known: { action?: Stored<Action>; people?: Map<string, Person> } = {},
): Promise<SubmitResult> {
  const parsed = rawUpdateSchema.safeParse(input);
  if (!parsed.success) {
    return { kind: 'notFound', message: 'The update did not say which action it is for; open the form again from "my actions".' };
  }
  const raw = parsed.data;
  const ref = raw.ref.trim();
  // The action as the caller's lookup read it (perhaps from a cache) will do for the checks:
  // the write below is made under its ETag, and re-reads the row if it has changed since.
  const stored = known.action?.value.ref === ref && known.action.value.planId === planId ? known.action : await ctx.store.plans.getAction(planId, ref);
  if (!stored) return { kind: 'notFound', message: `There is no action ${ref} in this plan.` };
  const action = stored.value;
  const people = known.people ?? (await ctx.store.plans.peopleById(planId));
  const auth = authoriseUpdate(action, caller, people);
  if (!auth.ok) return { kind: 'forbidden', message: `${auth.message} Nothing was recorded.` };

  const now = ctx.clock.now();
  const today = planDateOf(now, ctx.timeZone);
  let checked = validateUpdateInput(raw, today);
  if (checked.ok) {
    const v = checked.value;
    // Only an amber on a past-due action needs the history read for a pending revised date.
    const pending = v.brag === 'amber' && action.due && action.due < today && !v.revisedDue ? await pendingProposal(ctx.store, action) : undefined;
    const refusal = checkRating({ brag: v.brag, evidenceCount: v.evidence.length, revisedDue: v.revisedDue }, action, today, pending?.update.revisedDue);
    if (refusal) checked = { ok: false, errors: ratingErrors(refusal, action) };
  }
  if (!checked.ok) {
    // A form already recorded answers with its confirmation, even if a client resends it
    // with values that would no longer pass (a revised date that has since gone by).
    const earlier = raw.submissionId ? await ctx.store.updates.findBySubmission(planId, ref, raw.submissionId) : undefined;
    if (earlier) {
      const current = await reflectUpdate(ctx.store, earlier, ctx.timeZone);
      return { kind: 'recorded', update: earlier, action: current.value, stored: current, duplicate: true, people };
    }
    return { kind: 'invalid', errors: checked.errors, values: formValuesOf(raw), action };
  }

  const v = checked.value;
  const rating = recordedRating(v.brag, action.brag);
  const candidate: Update = {
    planId,
    ref,
    id: randomUUID(),
    submissionId: v.submissionId,
    brag: rating.brag,
    ...(rating.proposesBlue ? { proposesBlue: true } : {}),
    narrative: v.narrative,
    evidence: v.evidence,
    voice: v.voice,
    blockers: v.blockers,
    escalate: v.escalate,
    revisedDue: v.revisedDue,
    authorId: caller.id,
    onBehalfOf: auth.onBehalfOf,
    at: now.toISOString(),
  };
  // The update and the action's new rating are one write: both land or neither does.
  const appended = await ctx.store.updates.appendWithAction(candidate, (a) => reflected(a, candidate, ctx.timeZone), stored);
  if (!appended.created) {
    const current = await reflectUpdate(ctx.store, appended.update, ctx.timeZone, stored);
    return { kind: 'recorded', update: appended.update, action: current.value, stored: current, duplicate: true, people };
  }
  const { update, stored: current } = appended;
  if (update.escalate) await ctx.hooks?.onEscalationRequested?.(update, current.value);
  return { kind: 'recorded', update, action: current.value, stored: current, duplicate: false, people };
}

/** Words for a rating the legend does not allow, against the field the lead should change. */
export function ratingErrors(refusal: RatingRefusal, action: Action): FieldErrors {
  switch (refusal.kind) {
    case 'overdueAmber':
      return {
        brag: `Action ${action.ref} was due on ${formatPlanDate(refusal.due)} and has no revised completion date, so it is not progressing to timescale. Rate it red (delayed), or keep amber and propose a revised completion date below for the chair to approve.`,
      };
    case 'blueWithoutEvidence':
      return {
        evidence: `Blue means complete and embedded: tick at least one evidence source that shows the change is embedded (${EVIDENCE_TYPES.join(', ')}). A chair then confirms it; until then the action shows as green, blue proposed.`,
      };
  }
}

/**
 * The action as its latest update leaves it: the rating, who and when, the blue proposal (a
 * later update that does not propose blue withdraws it) and the day it became complete, as a
 * day in the plan's time zone (an update at 00:30 BST belongs to that day, not the UTC one before).
 */
function withLatestUpdate(a: Action, update: Update, timeZone: string): Action {
  const next: Action = { ...a, brag: update.brag, lastUpdateAt: update.at, lastUpdateBy: update.authorId, lastUpdateId: update.id };
  if (update.proposesBlue) next.blueProposal = { updateId: update.id, at: update.at, by: update.authorId };
  else delete next.blueProposal;
  if (!isComplete(update.brag)) delete next.greenSince;
  else if (!isComplete(a.brag) || !a.greenSince) next.greenSince = planDateOf(new Date(update.at), timeZone);
  return next;
}

/**
 * Whether `update` is the action's latest: by time, and within one millisecond by id, the
 * order in which the history lists them (newest first, then lowest id).
 */
function isNewer(update: Update, action: Action): boolean {
  if (!action.lastUpdateAt) return true;
  if (update.at !== action.lastUpdateAt) return update.at > action.lastUpdateAt;
  return !action.lastUpdateId || update.id <= action.lastUpdateId;
}

/** The action with one more update in its history, and that update's rating if it is the latest. */
function reflected(a: Action, update: Update, timeZone: string, count = a.updateCount + 1): Action {
  const counted = { ...a, updateCount: count };
  return isNewer(update, a) ? withLatestUpdate(counted, update, timeZone) : counted;
}

/**
 * Brings the action's current rating, last update and count in line with an update already
 * in its history, on a repeated submit. Safe to repeat: a later update already reflected is
 * never replaced by an earlier one, and the count is the history's length, which mends a
 * count left short (by an update recorded before the update and its action were written in
 * one transaction).
 */
async function reflectUpdate(store: Store, update: Update, timeZone: string, lastRead?: Stored<Action>): Promise<Stored<Action>> {
  const recount = (await store.updates.history(update.planId, update.ref)).length;
  return store.plans.modifyActionRow(update.planId, update.ref, (a) => reflected(a, update, timeZone, Math.max(a.updateCount, recount)), lastRead);
}
