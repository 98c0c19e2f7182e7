/**
 * Opening the update form: who may open it is who may submit it (`authoriseUpdate`, the one
 * rule for leads and their delegates), so a form is never offered to someone whose submit
 * would be refused. Returns what the form shows besides the action: its latest update.
 */
import type { Action, Person, Update } from '../domain/model';
import type { Store } from '../storage/store';
import { authoriseUpdate } from './submitUpdate';

export type UpdateFormAccess = { ok: true; lastUpdate?: Update } | { ok: false; message: string };

/**
 * `form`: the whole update form shows the latest update and reads it; the short ones (a revised
 * date alone, "no change") show none, so their access reads nothing.
 */
export async function updateFormAccess(
  store: Store,
  action: Action,
  caller: Person,
  people: Map<string, Person>,
  form: 'whole' | 'short' = 'whole',
): Promise<UpdateFormAccess> {
  const auth = authoriseUpdate(action, caller, people);
  if (!auth.ok) return { ok: false, message: auth.message };
  if (form === 'short') return { ok: true };
  const [lastUpdate] = await store.updates.history(action.planId, action.ref, 1);
  return { ok: true, lastUpdate };
}
