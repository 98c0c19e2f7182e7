/**
 * Who receives a lead's messages on a given day: the lead, or while they are away their
 * delegate (when the delegate is not away too), or nobody.
 */
import type { Action, Person } from '../domain/model';

export type Recipient = { recipientId: string; onBehalfOf?: Person } | { away: true };

export function isAway(person: Person | undefined, today: string): boolean {
  return !!person?.awayUntil && person.awayUntil >= today;
}

export function recipientFor(leadId: string, people: Map<string, Person>, today: string): Recipient {
  const person = people.get(leadId);
  if (!isAway(person, today)) return { recipientId: leadId };
  const delegate = person?.delegateId ? people.get(person.delegateId) : undefined;
  if (delegate && delegate.id !== leadId && !isAway(delegate, today)) return { recipientId: delegate.id, onBehalfOf: person };
  return { away: true };
}

export interface RecipientBatch {
  recipientId: string;
  onBehalfOf?: Person;
  actions: Action[];
}

/**
 * Groups actions by who should hear about them: one entry per recipient (and per lead they
 * stand in for), each action once per entry. Leads who are away with no one standing in are
 * returned separately.
 */
export function batchByRecipient(actions: Action[], people: Map<string, Person>, today: string): { batches: RecipientBatch[]; away: string[] } {
  const batches = new Map<string, RecipientBatch>();
  const away = new Set<string>();
  for (const action of actions) {
    for (const leadId of action.leadIds) {
      const r = recipientFor(leadId, people, today);
      if ('away' in r) {
        away.add(leadId);
        continue;
      }
      const key = `${r.recipientId}\u0000${r.onBehalfOf?.id ?? ''}`;
      let batch = batches.get(key);
      if (!batch) {
        batch = { recipientId: r.recipientId, onBehalfOf: r.onBehalfOf, actions: [] };
        batches.set(key, batch);
      }
      if (!batch.actions.some((a) => a.ref === action.ref)) batch.actions.push(action);
    }
  }
  return { batches: [...batches.values()], away: [...away].sort() };
}
