/**
 * Green is not the end: the plan exists to reach blue, "complete and embedded". A green action
 * with no blue waiting for a chair is embedding, and its leads are asked at its group's cycles,
 * every n-th cycle after it became green (the plan's setting, every second by default), whether
 * it is embedded, with evidence, until it is blue.
 */
import { daysBetween } from '../calendar';
import type { Action } from './model';

export function isEmbedding(action: Pick<Action, 'brag' | 'blueProposal'>): boolean {
  return action.brag === 'green';
}

/**
 * Whether the leads of `action` are asked about embedding for the group's meeting on
 * `meetingDate`. `since` stands in for an action that was green when it was imported.
 */
export function asksAboutEmbedding(
  action: Pick<Action, 'brag' | 'blueProposal' | 'greenSince'>,
  meetingDate: string,
  cadenceDays: number,
  everyCycles: number,
  since: string,
): boolean {
  if (!isEmbedding(action) || action.blueProposal) return false;
  const cycles = Math.floor(daysBetween(action.greenSince ?? since, meetingDate) / cadenceDays);
  return cycles >= 1 && cycles % everyCycles === 0;
}
