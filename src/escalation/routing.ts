/** Who handles an escalation: the group's chair, or the board the group reports to. */
import type { Group } from '../domain/model';

/**
 * The first board above a group, following escalatesTo (by group id, or by name for plans
 * written by hand). A board itself escalates to the board above it. Undefined when the chain
 * ends without one.
 */
export function boardAbove(group: Group, groups: Group[]): Group | undefined {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const byName = new Map(groups.map((g) => [g.name.toLowerCase(), g]));
  const seen = new Set<string>([group.id]);
  let next = group.escalatesTo;
  for (let hops = 0; next && hops < groups.length; hops++) {
    const target = byId.get(next) ?? byName.get(next.toLowerCase());
    if (!target || seen.has(target.id)) return undefined;
    if (target.kind === 'board') return target;
    seen.add(target.id);
    next = target.escalatesTo;
  }
  return undefined;
}
