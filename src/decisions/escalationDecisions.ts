/**
 * Acknowledging and resolving escalations: only a chair of the escalation's group or of a
 * group above it, the area's SRO or a plan administrator may, and never a lead of the action; the state changes under the escalation's ETag,
 * so two chairs clicking at once cannot overwrite each other, and a refusal changes nothing.
 * A note with any sign of personal data is refused outright: it has no form to come back to
 * with a box to tick.
 */
import type { Clock } from '../domain/clock';
import type { Escalation, Group, Person } from '../domain/model';
import { EscalationStateError } from '../domain/escalation';
import { formatDate } from '../cards/format';
import { ConflictError } from '../storage/errors';
import type { Store } from '../storage/store';
import { findPersonalData, personalDataMessage } from '../privacy/personalData';
import { chairAuthority } from './authority';

export type EscalationDecision =
  | { kind: 'changed'; escalation: Escalation }
  /** `about: 'note'`: the note is missing or too long, and a form can show it again beside the message. */
  | { kind: 'refused'; message: string; escalation?: Escalation; about?: 'note' }
  /** The note looks like it holds personal data; nothing was read or changed. */
  | { kind: 'personalData'; message: string }
  | { kind: 'notFound'; message: string };

export interface EscalationDecisionInput {
  planId: string;
  escalationId: string;
  change: 'acknowledged' | 'resolved';
  note?: string;
  person: Person | undefined;
  groups: readonly Group[];
  people: Map<string, Person>;
  /** The plan's time zone (PLAN_TIMEZONE), for the day a refusal says it was resolved. */
  timeZone: string;
}

const MAX_NOTE = 1000;

export async function decideEscalation(store: Store, clock: Clock, input: EscalationDecisionInput): Promise<EscalationDecision> {
  const personal = findPersonalData(input.note);
  if (personal.length > 0) return { kind: 'personalData', message: `${personalDataMessage(personal, 'The note', false)} Nothing was changed.` };
  for (let attempt = 0; ; attempt++) {
    const row = await store.escalations.get(input.planId, input.escalationId);
    if (!row) return { kind: 'notFound', message: `There is no escalation ${input.escalationId} in this plan; it may belong to a plan that was re-imported.` };
    const escalation = row.value;
    const group = input.groups.find((g) => g.id === escalation.groupId) ?? input.groups.find((g) => g.id === escalation.targetGroupId);
    if (!group) return { kind: 'notFound', message: `Escalation ${escalation.id} names a group (${escalation.groupId}) the plan does not have.` };
    const what = input.change === 'acknowledged' ? `acknowledge the escalation of action ${escalation.ref}` : `resolve the escalation of action ${escalation.ref}`;
    const action = (await store.plans.getAction(input.planId, escalation.ref))?.value;
    const auth = chairAuthority(input.person, group, input.groups, input.people, what, action);
    if (!auth.ok) return { kind: 'refused', message: auth.message, escalation };
    const note = input.note?.trim();
    if (input.change === 'resolved' && !note) {
      return { kind: 'refused', message: 'Please write a short note saying how the escalation was resolved, then press Resolve again. Nothing was changed.', escalation, about: 'note' };
    }
    if (note && note.length > MAX_NOTE) {
      return { kind: 'refused', message: `The note is ${note.length} characters; please keep it under ${MAX_NOTE}. Nothing was changed.`, escalation, about: 'note' };
    }
    if (escalation.state === 'resolved') {
      const when = escalation.resolvedAt ? ` on ${formatDate(escalation.resolvedAt, input.timeZone)}` : '';
      return { kind: 'refused', message: `The escalation of action ${escalation.ref} was already resolved${when}. Nothing was changed.`, escalation };
    }
    try {
      const next = await store.escalations.setState(
        input.planId,
        escalation.id,
        { state: input.change, by: input.person!.id, at: clock.now(), note },
        row.etag,
      );
      return { kind: 'changed', escalation: next };
    } catch (err) {
      if (err instanceof EscalationStateError) return { kind: 'refused', message: `${err.message} Nothing was changed.`, escalation };
      // Someone changed it between our read and write: read again and decide on what is there now.
      if (err instanceof ConflictError && attempt < 3) continue;
      throw err;
    }
  }
}
