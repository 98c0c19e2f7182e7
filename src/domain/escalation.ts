/**
 * An escalation's life: open, then acknowledged, then resolved. Acknowledging twice is
 * harmless; a resolved escalation does not change again.
 */
import type { Escalation } from './model';

export class EscalationStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EscalationStateError';
  }
}

export interface StateChange {
  state: 'acknowledged' | 'resolved';
  by: string;
  at: Date;
  note?: string;
}

/**
 * The escalation after `change`, or the same object when nothing changes (acknowledged
 * again). Throws EscalationStateError when the change is not allowed.
 */
export function changeEscalationState(current: Escalation, change: StateChange): Escalation {
  if (current.state === 'resolved') {
    // No date: the day it was resolved is the plan's, which the caller words (decideEscalation).
    throw new EscalationStateError(`The escalation of action ${current.ref} was already resolved.`);
  }
  if (change.state === 'acknowledged' && current.state === 'acknowledged') return current;
  const at = change.at.toISOString();
  return change.state === 'acknowledged'
    ? { ...current, state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: change.by }
    : { ...current, state: 'resolved', resolvedAt: at, resolvedBy: change.by, resolutionNote: change.note };
}

export interface Climb {
  targetGroupId: string;
  level: Escalation['level'];
  at: Date;
}

/**
 * The escalation after climbing one level because nobody acknowledged it: the group it leaves
 * joins climbedFrom, and its clock restarts at the new level. Only an open one climbs.
 */
export function climbEscalation(current: Escalation, to: Climb): Escalation {
  if (current.state !== 'open') throw new EscalationStateError(`Escalation ${current.id} for action ${current.ref} is ${current.state}, so it does not climb.`);
  return {
    ...current,
    climbedFrom: [...(current.climbedFrom ?? []), current.targetGroupId],
    targetGroupId: to.targetGroupId,
    level: to.level,
    reachedAt: to.at.toISOString(),
  };
}
