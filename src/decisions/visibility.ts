/**
 * Who may read what beyond their own actions (the Terms page says the same):
 * - an action's history: its leads and their delegates, the chair of its group or of any
 *   group above it (co-chairs alike), the area's SRO, and the plan's administrators;
 * - escalations with their reasons: the chairs of the escalation's group or above, and
 *   administrators (a group's own channel shows that group's);
 * - a board's exception report: the board's chair or a chair above it, the chairs of the
 *   groups that report to it, and administrators (and everyone in the board's own channel).
 */
import type { Action, Group, Person } from '../domain/model';
import { chainAbove, groupsReportingTo } from '../reporting/scope';
import { isChairOf } from './authority';

/** Whether `person` chairs `group` or a group above it. */
function chairsAtOrAbove(person: Person, group: Group, groups: readonly Group[]): boolean {
  return chainAbove(group, groups).some((g) => isChairOf(person.id, g));
}

export function mayReadHistory(person: Person, action: Action, groups: readonly Group[], people: ReadonlyMap<string, Person>): boolean {
  if (person.admin || action.leadIds.includes(person.id) || action.sroId === person.id) return true;
  if (action.leadIds.some((id) => people.get(id)?.delegateId === person.id)) return true;
  const group = groups.find((g) => g.id === action.groupId);
  return !!group && chairsAtOrAbove(person, group, groups);
}

/** The ids of the groups whose escalations `person` may read. */
export function groupsOverseenBy(person: Person, groups: readonly Group[]): Set<string> {
  return new Set(groups.filter((g) => person.admin || chairsAtOrAbove(person, g, groups)).map((g) => g.id));
}

export function mayReadBoardReport(person: Person, board: Group, groups: readonly Group[]): boolean {
  if (person.admin || chairsAtOrAbove(person, board, groups)) return true;
  return groupsReportingTo(board, groups).some((g) => isChairOf(person.id, g));
}

/**
 * Which escalations a status card counts and which it shows with their reasons: `counted` is the
 * card's scope (one group, or the whole plan when undefined); `shown` is the part of it `person`
 * may read. In a group's own channel everyone there reads that group's.
 */
export function statusEscalationScope(
  person: Person,
  groups: readonly Group[],
  scope: Group | undefined,
  channelGroup: Group | undefined,
): { counted: Set<string> | undefined; shown: Set<string> } {
  const counted = scope ? new Set([scope.id]) : undefined;
  const readable = channelGroup ? new Set([channelGroup.id]) : groupsOverseenBy(person, groups);
  return { counted, shown: counted ? new Set([...counted].filter((id) => readable.has(id))) : readable };
}
