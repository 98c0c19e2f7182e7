/**
 * Which groups a person's chair digest covers when they ask for it: the task-and-finish groups
 * they chair, and those with a decision passed to them because the group's chairs lead the
 * action; an administrator, who acts for chairs, gets every group. Anyone else gets none.
 */
import type { Group, Person } from '../domain/model';
import { isChairOf } from '../decisions/authority';
import type { Store } from '../storage/store';
import { decisionsFor } from './reports';

export async function digestGroupsFor(store: Store, person: Person, groups: readonly Group[]): Promise<Group[]> {
  const teams = groups.filter((g) => g.kind === 'taskAndFinish');
  const theirs: Group[] = [];
  for (const g of teams) {
    if (isChairOf(person.id, g)) theirs.push(g);
    else if (!person.admin) {
      const waiting = await decisionsFor(store, person, g, [...groups]);
      if (waiting.pending.length + waiting.blues.length > 0) theirs.push(g);
    }
  }
  return theirs.length > 0 || !person.admin ? theirs : teams;
}
