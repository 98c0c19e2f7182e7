/**
 * Who may decide for a group, and to whom a decision goes. A group's chairs (co-chairs share
 * every right), the chairs of every group or board above it, the SRO of the action's area and a
 * plan administrator may decide; but nobody decides on their own request: a decision about an
 * action goes past anyone who leads it, to another chair of the group, else to the chairs of
 * the next level up. A refusal names the people who can, so the person asking knows whom to ask.
 */
import type { Group, Person } from '../domain/model';
import { chainAbove } from '../reporting/scope';

export type Authority = { ok: true; as: 'chair' | 'chairAbove' | 'sro' | 'admin' } | { ok: false; message: string };

/** Every chair of a group, the first named first. */
export function chairsOf(group: Pick<Group, 'chairId' | 'coChairIds'>): string[] {
  return [...new Set([group.chairId, ...(group.coChairIds ?? [])].filter((id) => id !== ''))];
}

export function isChairOf(personId: string, group: Pick<Group, 'chairId' | 'coChairIds'>): boolean {
  return chairsOf(group).includes(personId);
}

/** What a decision concerns: the action's leads (who may not decide it) and its area's SRO. */
export interface DecisionSubject {
  ref: string;
  leadIds: readonly string[];
  sroId?: string;
}

export interface DeciderLevel {
  /** The group (or board) whose chairs take the decision. */
  group: Group;
  /** Its chairs who do not lead the action. */
  chairIds: string[];
  /** How many levels above the action's group (0: the group itself). */
  levelsUp: number;
}

/**
 * Where a decision about an action goes, starting at `from` (the action's group, or the level an
 * escalation has reached): the first group up the chain with a chair who does not lead the action.
 * Undefined when every chair up to the top leads it (an administrator then decides).
 */
export function deciderLevel(subject: DecisionSubject, from: Group, groups: readonly Group[]): DeciderLevel | undefined {
  const chain = chainAbove(from, groups);
  for (let i = 0; i < chain.length; i++) {
    const group = chain[i]!;
    const chairIds = chairsOf(group).filter((id) => !subject.leadIds.includes(id));
    if (chairIds.length > 0) return { group, chairIds, levelsUp: i };
  }
  return undefined;
}

const names = (ids: readonly string[], people: Map<string, Person>) => ids.map((id) => people.get(id)?.name ?? id).join(' or ');

export function chairAuthority(
  person: Person | undefined,
  group: Group,
  groups: readonly Group[],
  people: Map<string, Person>,
  what: string,
  subject?: DecisionSubject,
): Authority {
  const chain = chainAbove(group, groups);
  if (person && subject?.leadIds.includes(person.id)) {
    const level = deciderLevel(subject, group, groups);
    const to = level ? `${names(level.chairIds, people)} (${level.group.name})` : 'a plan administrator who does not lead it';
    return {
      ok: false,
      message: `You lead action ${subject.ref}, so you cannot ${what}: nobody decides on their own request. It goes to ${to}. Nothing was changed.`,
    };
  }
  if (person) {
    if (isChairOf(person.id, group)) return { ok: true, as: 'chair' };
    if (chain.slice(1).some((g) => isChairOf(person.id, g))) return { ok: true, as: 'chairAbove' };
    if (subject?.sroId === person.id) return { ok: true, as: 'sro' };
    if (person.admin) return { ok: true, as: 'admin' };
  }
  const chairName = names(chairsOf(group), people) || group.chairId;
  const above = chain[1];
  const aboveText = above ? ` or of a group above it (such as ${above.name})` : '';
  const sroText = subject?.sroId ? `, the area's SRO (${people.get(subject.sroId)?.name ?? subject.sroId})` : '';
  return {
    ok: false,
    message: `Only the chair of ${group.name} (${chairName})${aboveText}${sroText} or a plan administrator can ${what}. Nothing was changed.`,
  };
}

/**
 * Who may link a channel to a group, so that the group's summaries (a board's reports) are
 * posted there: one of the group's chairs, or a plan administrator.
 */
export function mayLinkChannel(person: Person, group: Pick<Group, 'chairId' | 'coChairIds'>): boolean {
  return person.admin || isChairOf(person.id, group);
}

/**
 * A channel reports for one group: taking it from the group that holds it is for one of that
 * group's chairs or an administrator, so a chair of one group cannot silently take another's.
 */
export function mayTakeChannelFrom(person: Person, holder: Pick<Group, 'chairId' | 'coChairIds'>): boolean {
  return mayLinkChannel(person, holder);
}
