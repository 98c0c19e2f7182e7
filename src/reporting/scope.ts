/**
 * Who stands above and below a group: the chain a group escalates along (its chair, then the
 * groups and boards above) and the groups that report to a board directly or through an
 * intermediate group. Groups name the one above by id or, in hand-written plans, by name.
 */
import type { Group } from '../domain/model';

function resolver(groups: readonly Group[]) {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const byName = new Map(groups.map((g) => [g.name.toLowerCase(), g]));
  return (ref: string | undefined) => (ref ? (byId.get(ref) ?? byName.get(ref.toLowerCase())) : undefined);
}

/** The group itself, then each group above it, nearest first (stops at a loop). */
export function chainAbove(group: Group, groups: readonly Group[]): Group[] {
  const find = resolver(groups);
  const chain: Group[] = [group];
  const seen = new Set([group.id]);
  for (let next = find(group.escalatesTo); next && !seen.has(next.id); next = find(next.escalatesTo)) {
    chain.push(next);
    seen.add(next.id);
  }
  return chain;
}

/** Every group that reports to `board`, directly or through groups between them. */
export function groupsReportingTo(board: Group, groups: readonly Group[]): Group[] {
  return groups.filter((g) => g.id !== board.id && chainAbove(g, groups).some((above) => above.id === board.id));
}
