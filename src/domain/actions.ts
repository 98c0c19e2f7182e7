/**
 * Rules about actions that every layer shares: which actions are still open, and the
 * natural order of their refs.
 */
import { isComplete } from './brag';
import type { Action } from './model';

/** An action is open while it is not blue or green. */
export function isOpenAction(action: Pick<Action, 'brag'>): boolean {
  return !isComplete(action.brag);
}

/** Natural order of refs: 2.4 before 2.10, 10.1 after 9.9. */
const refCollator = new Intl.Collator('en', { numeric: true });
export function compareRefs(a: string, b: string): number {
  return refCollator.compare(a, b);
}
