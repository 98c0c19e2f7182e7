/**
 * Proposed blues: a lead's blue rating (with evidence) leaves the action green with a proposal;
 * a chair confirms it (the action becomes blue) or declines it with a note (it stays green).
 * Either way the decision is a row in the action's history (submissionId "blue~<proposal id>"),
 * so it is recorded once however often the button is pressed, and the lead is told the outcome
 * in the next tick's message to them. Nobody decides on their own proposal (see authority.ts).
 */
import { evidenceText, formatDate } from '../cards';
import type { Clock } from '../domain/clock';
import type { Action, Group, Person, Update } from '../domain/model';
import { noticeAction, type Notice } from '../scheduler/notices';
import type { Store } from '../storage/store';
import { chairAuthority } from './authority';

export const blueDecisionSubmissionId = (proposalId: string) => `blue~${proposalId}`;
export const blueOutcomeKey = (planId: string, ref: string, proposalId: string) => `blueOutcome~${planId}~${ref}~${proposalId}`;

const MAX_NOTE = 1000;

/** A blue waiting for a chair: the action and the update that proposed it. */
export interface BlueProposal {
  action: Action;
  update: Update;
}

/** The action's proposal waiting for a decision, or undefined. */
export async function pendingBlue(store: Store, action: Action): Promise<BlueProposal | undefined> {
  const id = action.blueProposal?.updateId;
  if (!id) return undefined;
  const history = await store.updates.history(action.planId, action.ref, 30);
  const update = history.find((u) => u.id === id);
  return update ? { action, update } : undefined;
}

export type BlueDecisionResult =
  | { kind: 'decided'; outcome: 'confirmed' | 'declined'; action: Action; decision: Update; duplicate: boolean }
  /** `about: 'note'`: the note is missing or too long, and a form can show it again beside the message. */
  | { kind: 'refused'; message: string; about?: 'note' }
  | { kind: 'notFound'; message: string };

export interface BlueDecisionInput {
  planId: string;
  ref: string;
  updateId: string;
  outcome: 'confirmed' | 'declined';
  note?: string;
  decider: Person | undefined;
  groups: readonly Group[];
  people: Map<string, Person>;
  /** The plan's time zone (PLAN_TIMEZONE): the decision says the day blue was proposed in it. */
  timeZone: string;
}

export async function decideBlue(store: Store, clock: Clock, input: BlueDecisionInput): Promise<BlueDecisionResult> {
  const row = await store.plans.getAction(input.planId, input.ref);
  if (!row) return { kind: 'notFound', message: `There is no action ${input.ref} in this plan.` };
  const action = row.value;
  const group = input.groups.find((g) => g.id === action.groupId);
  if (!group) return { kind: 'notFound', message: `Action ${action.ref} names a group (${action.groupId}) the plan does not have.` };
  const verb = input.outcome === 'confirmed' ? 'confirm' : 'decline';
  const auth = chairAuthority(input.decider, group, input.groups, input.people, `${verb} blue for action ${action.ref}`, action);
  if (!auth.ok) return { kind: 'refused', message: auth.message };
  const decider = input.decider!;

  const earlier = await store.updates.findBySubmission(action.planId, action.ref, blueDecisionSubmissionId(input.updateId));
  if (earlier) return finish(store, clock, earlier, input.people);

  const note = input.note?.trim();
  if (input.outcome === 'declined' && !note) {
    return { kind: 'refused', message: `Please write a short note for the lead saying what evidence of embedding is still needed, then press Not yet again. Nothing was changed.`, about: 'note' };
  }
  if (note && note.length > MAX_NOTE) return { kind: 'refused', message: `The note is ${note.length} characters; please keep it under ${MAX_NOTE}. Nothing was changed.`, about: 'note' };
  if (action.blueProposal?.updateId !== input.updateId) {
    return { kind: 'notFound', message: `Blue is no longer proposed for action ${action.ref} by that update (a later update replaced it), so nothing was changed.` };
  }
  const proposal = (await store.updates.history(action.planId, action.ref, 30)).find((u) => u.id === input.updateId);
  if (!proposal) return { kind: 'notFound', message: `The proposal for action ${action.ref} is no longer in its recent history, so nothing was changed.` };

  const proposedBy = input.people.get(proposal.authorId)?.name ?? proposal.authorId;
  const when = formatDate(proposal.at, input.timeZone);
  const decision: Update = {
    planId: action.planId,
    ref: action.ref,
    id: `blue-${proposal.id}`,
    submissionId: blueDecisionSubmissionId(proposal.id),
    brag: input.outcome === 'confirmed' ? 'blue' : 'green',
    narrative:
      input.outcome === 'confirmed'
        ? `Blue confirmed: complete and embedded (proposed by ${proposedBy} on ${when}; evidence: ${evidenceText(proposal.evidence)}).`
        : `Blue not yet confirmed (proposed by ${proposedBy} on ${when}): ${note}`,
    evidence: input.outcome === 'confirmed' ? proposal.evidence : [],
    escalate: false,
    authorId: decider.id,
    at: clock.now().toISOString(),
    decision: { kind: 'blue', outcome: input.outcome, proposalId: proposal.id, proposedBy: proposal.authorId, ...(note ? { note } : {}) },
  };
  // The decision and the rating it gives are one write: both land or neither does.
  const appended = await store.updates.appendWithAction(decision, (a) => withDecidedBlue(a, decision), row);
  if (!appended.created) return finish(store, clock, appended.update, input.people);
  await tellLead(store, clock, appended.stored.value, decision, input.people);
  return { kind: 'decided', outcome: input.outcome, action: appended.stored.value, decision, duplicate: false };
}

/** The action with blue confirmed, or its proposal withdrawn; one no longer proposed by that update is left as it is. */
function withDecidedBlue(a: Action, decision: Update): Action {
  const d = decision.decision;
  if (d?.kind !== 'blue') throw new Error(`Update ${decision.id} of action ${decision.ref} is not a decision on blue.`);
  if (a.blueProposal?.updateId !== d.proposalId) return a;
  const { blueProposal: _decided, ...rest } = a;
  if (d.outcome === 'declined') return rest;
  return { ...rest, brag: 'blue', lastUpdateAt: decision.at, lastUpdateBy: decision.authorId, lastUpdateId: decision.id };
}

/**
 * A decision already recorded, pressed again: applies it to the action if an earlier version
 * recorded it without doing so, and queues the lead's notice (both safe to repeat), so a
 * crash between the writes is mended by pressing the button again.
 */
async function finish(store: Store, clock: Clock, decision: Update, people: Map<string, Person>): Promise<BlueDecisionResult> {
  const d = decision.decision;
  if (d?.kind !== 'blue') throw new Error(`Update ${decision.id} of action ${decision.ref} is not a decision on blue.`);
  const action = await store.plans.modifyAction(decision.planId, decision.ref, (a) => withDecidedBlue(a, decision));
  await tellLead(store, clock, action, decision, people);
  return { kind: 'decided', outcome: d.outcome, action, decision, duplicate: true };
}

/**
 * The lead hears of the decision in the next tick's one message to them (within the send hours,
 * by Teams or by email as they are reached): the notice is held until a tick carries it.
 */
async function tellLead(store: Store, clock: Clock, action: Action, decision: Update, people: Map<string, Person>): Promise<void> {
  const d = decision.decision;
  if (d?.kind !== 'blue') return;
  const key = blueOutcomeKey(action.planId, action.ref, d.proposalId);
  const notice: Notice = {
    key,
    kind: 'outcome',
    recipientId: d.proposedBy,
    actions: [noticeAction(action)],
    outcome: {
      outcome: d.outcome,
      proposalId: d.proposalId,
      deciderName: people.get(decision.authorId)?.name ?? decision.authorId,
      ...(d.note ? { note: d.note } : {}),
      decidedAt: decision.at,
    },
  };
  await store.outbox.holdNotice(action.planId, key, notice, clock);
}
