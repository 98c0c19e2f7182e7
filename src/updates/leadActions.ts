/**
 * The actions a person may update, and the one a ref names among their plans: their own, and
 * those of leads who named them as delegate (the rule `authoriseUpdate` applies to a submit).
 * The reads are the caller's to choose (the Teams layer serves them from its cache).
 */
import { compareRefs, isOpenAction } from '../domain/actions';
import { isEmbedding } from '../domain/embedding';
import type { Action, Group, Person, Plan } from '../domain/model';
import type { Stored } from '../storage/tableStore';
import { mapLimit } from '../util/async';

export interface ActionReads {
  people(planId: string): Promise<Map<string, Person>>;
  groups(planId: string): Promise<Map<string, Group>>;
  actionRow(planId: string, ref: string): Promise<Stored<Action> | undefined>;
  refsOfLead(planId: string, personId: string): Promise<string[]>;
}

export interface PlanMembership {
  plan: Plan;
  person: Person;
}

export interface LeadActionItem {
  action: Action;
  group?: Group;
  leadNames: string[];
}

/** The person, and the leads who named them as their delegate. */
export function leadsActedFor(person: Person, people: ReadonlyMap<string, Person>): string[] {
  return [person.id, ...[...people.values()].filter((p) => p.delegateId === person.id).map((p) => p.id)];
}

/** The open actions (and green ones on their way to blue) the person may update, in every plan that names them. */
export async function actionsToUpdate(reads: ActionReads, memberships: readonly PlanMembership[]): Promise<LeadActionItem[]> {
  const items: LeadActionItem[] = [];
  for (const { plan, person } of memberships) {
    const people = await reads.people(plan.id);
    const groups = await reads.groups(plan.id);
    const seen = new Set<string>();
    for (const id of leadsActedFor(person, people)) {
      for (const action of await actionsOfLead(reads, plan.id, id)) {
        // Open actions, and green ones on their way to blue (shown apart as embedding).
        if (seen.has(action.ref) || !(isOpenAction(action) || isEmbedding(action))) continue;
        seen.add(action.ref);
        items.push({ action, group: groups.get(action.groupId), leadNames: action.leadIds.map((l) => people.get(l)?.name ?? l) });
      }
    }
  }
  return items;
}

/** The actions a person leads, in ref order. */
async function actionsOfLead(reads: ActionReads, planId: string, personId: string): Promise<Action[]> {
  const refs = await reads.refsOfLead(planId, personId);
  const rows = await mapLimit(refs, 8, (ref) => reads.actionRow(planId, ref));
  return rows
    .filter((row): row is Stored<Action> => row !== undefined)
    .map((row) => row.value)
    .sort((a, b) => compareRefs(a.ref, b.ref));
}

export type FoundAction<M extends PlanMembership = PlanMembership> =
  | { ok: true; membership: M; action: Action; stored: Stored<Action> }
  | { ok: false; message: string };

/**
 * The action a ref names among the person's plans; prefers the plan in `planId`, then a plan
 * where they lead it.
 */
export async function findAction<M extends PlanMembership>(reads: Pick<ActionReads, 'actionRow'>, memberships: readonly M[], ref: string, planId?: string): Promise<FoundAction<M>> {
  const candidates = planId ? memberships.filter((m) => m.plan.id === planId) : memberships;
  if (planId && candidates.length === 0) return { ok: false, message: `You are not named in plan ${planId}.` };
  const found: { membership: M; action: Action; stored: Stored<Action> }[] = [];
  for (const membership of candidates) {
    const row = await reads.actionRow(membership.plan.id, ref);
    if (row) found.push({ membership, action: row.value, stored: row });
  }
  const first = found[0];
  if (!first) {
    return { ok: false, message: `There is no action ${ref} in ${candidates.length === 1 ? candidates[0]!.plan.name : 'your plans'}. Say "my actions" to see yours.` };
  }
  const own = found.find((f) => f.action.leadIds.includes(f.membership.person.id));
  return { ok: true, ...(own ?? first) };
}
