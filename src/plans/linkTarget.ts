/**
 * Which group a `link` command names: the groups and boards of every plan the person is named
 * in, matched by name (src/reporting/groupMatch.ts). One match is linked; several are for the
 * person to pick from; none is answered with the names there are. Said as a value for the
 * caller to word.
 */
import type { Group, Plan } from '../domain/model';
import { matchGroups } from '../reporting/groupMatch';
import type { Store } from '../storage/store';

export interface LinkCandidate {
  plan: Plan;
  group: Group;
}

export type LinkTarget =
  /** Nothing matches: the names of every group and board the person could have meant. */
  | { kind: 'none'; query: string; groupNames: string[] }
  | { kind: 'one'; plan: Plan; group: Group }
  /** Several match, in plan order then the plan's group order: the person picks one. */
  | { kind: 'several'; query: string; candidates: LinkCandidate[] };

/** The rule, over groups already read: each plan with its groups, in the person's plan order. */
export function chooseGroupToLink(plans: ReadonlyArray<{ plan: Plan; groups: readonly Group[] }>, query: string): LinkTarget {
  // A name that matches in two plans is ambiguous even when it is exact in each: the plans are
  // different councils' or years', and only the person knows which channel is for which.
  const candidates = plans.flatMap(({ plan, groups }) => matchGroups(groups, query).map((group) => ({ plan, group })));
  if (candidates.length === 1) return { kind: 'one', ...candidates[0]! };
  if (candidates.length > 1) return { kind: 'several', query, candidates };
  return { kind: 'none', query, groupNames: plans.flatMap(({ groups }) => groups.map((g) => g.name)) };
}

/** The group `query` names among the plans the person is in, reading each plan's groups. */
export async function findGroupToLink(store: Pick<Store, 'plans'>, plans: readonly Plan[], query: string): Promise<LinkTarget> {
  const withGroups = await Promise.all(plans.map(async (plan) => ({ plan, groups: await store.plans.listGroups(plan.id) })));
  return chooseGroupToLink(withGroups, query);
}
