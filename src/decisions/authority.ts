/**
 * Who may decide for a group: its chair, the chair of any group or board above it, or a plan
 * administrator. A refusal names the people who can, so the person asking knows whom to ask.
 */
import type { Group, Person } from '../domain/model';
import { chainAbove } from '../reporting/scope';

export type Authority = { ok: true; as: 'chair' | 'chairAbove' | 'admin' } | { ok: false; message: string };

export function chairAuthority(
  person: Person | undefined,
  group: Group,
  groups: readonly Group[],
  people: Map<string, Person>,
  what: string,
): Authority {
  const chain = chainAbove(group, groups);
  if (person) {
    if (group.chairId === person.id) return { ok: true, as: 'chair' };
    if (chain.slice(1).some((g) => g.chairId === person.id)) return { ok: true, as: 'chairAbove' };
    if (person.admin) return { ok: true, as: 'admin' };
  }
  const chairName = people.get(group.chairId)?.name ?? group.chairId;
  const above = chain[1];
  const aboveText = above ? ` or of a group above it (such as ${above.name})` : '';
  return {
    ok: false,
    message: `Only the chair of ${group.name} (${chairName})${aboveText} or a plan administrator can ${what}. Nothing was changed.`,
  };
}
