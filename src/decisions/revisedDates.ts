/**
 * Proposed revised completion dates: which are waiting for a decision, and the chair's
 * approve or reject. A decision is a row in the action's history (an Update carrying
 * `decision`, submissionId "decision~<proposal id>"), so it is recorded once however often the
 * button is pressed, and the history shows the drift. Approval moves Action.due and keeps the
 * imported date in Action.originalDue.
 */
import { formatDate, formatPlanDate } from '../cards/format';
import type { Clock } from '../domain/clock';
import type { Action, Group, Person, Update } from '../domain/model';
import type { Store } from '../storage/store';
import { chairAuthority } from './authority';

export const decisionSubmissionId = (proposalId: string) => `decision~${proposalId}`;

/** How far back in an action's history a pending proposal is looked for. */
const HISTORY_DEPTH = 30;

export interface Proposal {
  action: Action;
  update: Update;
  decision?: Update;
}

/** The newest proposal of an action that no decision answers yet, or undefined. */
export async function pendingProposal(store: Store, action: Action): Promise<Proposal | undefined> {
  const history = await store.updates.history(action.planId, action.ref, HISTORY_DEPTH);
  const decided = new Set(history.filter((u) => u.decision?.kind === 'revisedDate').map((u) => u.decision!.proposalId));
  const newest = history.find((u) => !u.decision && u.revisedDue);
  if (!newest || decided.has(newest.id) || newest.revisedDue === action.due) return undefined;
  return { action, update: newest };
}

/** Proposals made at or after `since`, each with its decision when there is one. */
export async function proposalsSince(store: Store, actions: readonly Action[], since: string): Promise<Proposal[]> {
  const out: Proposal[] = [];
  for (const action of actions) {
    const updates = await store.updates.historySince(action.planId, action.ref, since);
    for (const update of updates.filter((u) => !u.decision && u.revisedDue)) {
      const decision = await store.updates.findBySubmission(action.planId, action.ref, decisionSubmissionId(update.id));
      out.push({ action, update, decision });
    }
  }
  return out;
}

export type DecisionResult =
  | { kind: 'decided'; outcome: 'approved' | 'rejected'; action: Action; decision: Update; duplicate: boolean }
  | { kind: 'refused'; message: string }
  | { kind: 'notFound'; message: string };

export interface DecideInput {
  planId: string;
  ref: string;
  updateId: string;
  outcome: 'approved' | 'rejected';
  decider: Person | undefined;
  groups: readonly Group[];
  people: Map<string, Person>;
  /** The plan's time zone (PLAN_TIMEZONE): the decision says the day the date was proposed in it. */
  timeZone: string;
}

/** Records a chair's approval or rejection of a proposed date; only a chair above the action (or an admin) may. */
export async function decideRevisedDate(store: Store, clock: Clock, input: DecideInput): Promise<DecisionResult> {
  const row = await store.plans.getAction(input.planId, input.ref);
  if (!row) return { kind: 'notFound', message: `There is no action ${input.ref} in this plan.` };
  const action = row.value;
  const group = input.groups.find((g) => g.id === action.groupId);
  if (!group) return { kind: 'notFound', message: `Action ${action.ref} names a group (${action.groupId}) the plan does not have.` };
  const verb = input.outcome === 'approved' ? 'approve' : 'reject';
  const auth = chairAuthority(input.decider, group, input.groups, input.people, `${verb} a revised completion date for action ${action.ref}`, action);
  if (!auth.ok) return { kind: 'refused', message: auth.message };
  const decider = input.decider!;

  const history = await store.updates.history(action.planId, action.ref, HISTORY_DEPTH);
  const proposal = history.find((u) => u.id === input.updateId && !u.decision);
  if (!proposal?.revisedDue) {
    return { kind: 'notFound', message: `The proposed date for action ${action.ref} is no longer in its recent history, so nothing was changed.` };
  }
  const earlier = await store.updates.findBySubmission(action.planId, action.ref, decisionSubmissionId(proposal.id));
  if (earlier) return finish(store, earlier);

  const proposedBy = input.people.get(proposal.authorId)?.name ?? proposal.authorId;
  const fromDue = action.due;
  const toDue = proposal.revisedDue;
  const words =
    input.outcome === 'approved'
      ? `Revised completion date approved: ${fromDue ? formatPlanDate(fromDue) : 'no date'} → ${formatPlanDate(toDue)}`
      : `Revised completion date rejected: ${formatPlanDate(toDue)} was proposed; the date stays ${fromDue ? formatPlanDate(fromDue) : 'unset'}`;
  const decision: Update = {
    planId: action.planId,
    ref: action.ref,
    id: `decision-${proposal.id}`,
    submissionId: decisionSubmissionId(proposal.id),
    brag: action.brag === 'unrated' ? proposal.brag : action.brag,
    narrative: `${words} (proposed by ${proposedBy} on ${formatDate(proposal.at, input.timeZone)}${
      action.originalDue && action.originalDue !== fromDue ? `; originally due ${formatPlanDate(action.originalDue)}` : ''
    }).`,
    evidence: [],
    escalate: false,
    authorId: decider.id,
    at: clock.now().toISOString(),
    decision: { kind: 'revisedDate', outcome: input.outcome, proposalId: proposal.id, proposedBy: proposal.authorId, fromDue, toDue },
  };
  // The decision and the date it moves are one write: both land or neither does.
  const appended = await store.updates.appendWithAction(decision, (a) => withDecidedDate(a, decision), row);
  if (!appended.created) return finish(store, appended.update);
  return { kind: 'decided', outcome: input.outcome, action: appended.stored.value, decision, duplicate: false };
}

/** The action with an approved date in force; a rejection, or a date already moved on, leaves it as it is. */
function withDecidedDate(a: Action, decision: Update): Action {
  const d = decision.decision;
  if (d?.kind !== 'revisedDate') throw new Error(`Update ${decision.id} of action ${decision.ref} is not a decision on a revised date.`);
  return d.outcome === 'approved' && a.due === d.fromDue && a.due !== d.toDue ? { ...a, originalDue: a.originalDue ?? a.due, due: d.toDue } : a;
}

/**
 * A decision already recorded, pressed again: answers it, and applies it to the action if an
 * earlier version recorded it without doing so (a crash between its two writes).
 */
async function finish(store: Store, decision: Update): Promise<DecisionResult> {
  const d = decision.decision;
  if (d?.kind !== 'revisedDate') throw new Error(`Update ${decision.id} of action ${decision.ref} is not a decision on a revised date.`);
  let action = (await store.plans.getAction(decision.planId, decision.ref))!.value;
  if (withDecidedDate(action, decision) !== action) action = await store.plans.modifyAction(decision.planId, decision.ref, (a) => withDecidedDate(a, decision));
  return { kind: 'decided', outcome: d.outcome, action, decision, duplicate: true };
}
