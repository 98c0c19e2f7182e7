/**
 * A lead saying they are away: their prompts pause until the date they are back (their
 * delegate, where they have one, gets them meanwhile and may update for them), in every plan
 * that names them; saying they are back ends it early. The answer is a value the caller words.
 */
import type { Person, Plan } from '../domain/model';
import type { Store } from '../storage/store';

export interface AwayRequest {
  cancel: boolean;
  until?: string;
  /** The date as the caller wrote it. */
  raw?: string;
}

export type AwayResult =
  | { kind: 'back' }
  /** No date, or one that could not be read (`raw`, as the caller wrote it). */
  | { kind: 'needDate'; raw?: string }
  | { kind: 'past'; until: string }
  /** Away until `until`; `delegates` are the names of those who get the prompts meanwhile. */
  | { kind: 'away'; until: string; delegates: string[] };

export interface AwayDeps {
  store: Store;
  /** A plan's people by id, as the caller reads them. */
  peopleOf(planId: string): Promise<Map<string, Person>>;
  /** Told after a person of the plan changed, so a cached copy can be dropped. */
  changed?(planId: string): void;
}

export async function setAway(deps: AwayDeps, memberships: ReadonlyArray<{ plan: Plan; person: Person }>, request: AwayRequest, today: string): Promise<AwayResult> {
  if (request.cancel) {
    for (const { plan, person } of memberships) {
      await deps.store.plans.modifyPerson(plan.id, person.id, (p) => ({ ...p, awayUntil: undefined }));
      deps.changed?.(plan.id);
    }
    return { kind: 'back' };
  }
  if (!request.until) return { kind: 'needDate', raw: request.raw };
  const until = request.until;
  if (until < today) return { kind: 'past', until };
  const delegates: string[] = [];
  for (const { plan, person } of memberships) {
    await deps.store.plans.modifyPerson(plan.id, person.id, (p) => ({ ...p, awayUntil: until }));
    deps.changed?.(plan.id);
    if (person.delegateId) {
      const people = await deps.peopleOf(plan.id);
      delegates.push(people.get(person.delegateId)?.name ?? person.delegateId);
    }
  }
  return { kind: 'away', until, delegates: [...new Set(delegates)] };
}
