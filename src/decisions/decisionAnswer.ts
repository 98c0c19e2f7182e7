/**
 * Which card answers a chair's decision taken with a card's button (a revised completion date
 * approved or rejected, a proposed blue confirmed or declined, an escalation acknowledged or
 * resolved). In Teams the answer replaces the card that was clicked, so the rule is about what
 * the chair should be left looking at. Said as a value for the caller to render.
 */
import type { Group } from '../domain/model';
import { isChairOf } from './authority';

export type DecisionKind = 'revisedDate' | 'blue' | 'escalation';

export type DecisionAnswer =
  /** Someone else's decision was recorded first; this click changed nothing. */
  | { kind: 'alreadyDecided'; byId: string }
  /** The posted board report the click came from, brought up to date. */
  | { kind: 'boardReport' }
  /** The chair's own digest, brought up to date, with what is still waiting for them. */
  | { kind: 'chairDigest' }
  /** A message saying what was decided. */
  | { kind: 'confirmation' };

export interface DecisionAnswerInput {
  decision: DecisionKind;
  /** Who pressed the button; undefined when they are not named in the plan. */
  deciderId: string | undefined;
  /** Who the recorded decision is by, when the click found one already recorded. */
  alreadyRecordedBy?: string;
  /** The click was in the person's chat with Plan Pulse, not a channel. */
  personal: boolean;
  /** The click came from a board report posted in a channel (only escalations are on one). */
  fromBoardReport: boolean;
  groups: readonly Group[];
}

export function answerToDecision(input: DecisionAnswerInput): DecisionAnswer {
  const { deciderId } = input;
  // A second copy of the card pressed after another chair decided: say who, so nobody thinks
  // their own choice was recorded. Pressing one's own button again is answered as the first time.
  if (input.alreadyRecordedBy !== undefined && input.alreadyRecordedBy !== deciderId) return { kind: 'alreadyDecided', byId: input.alreadyRecordedBy };
  // Everyone in the channel sees the report change; the clicker should see the same card.
  if (input.fromBoardReport) return { kind: 'boardReport' };
  // The buttons in a personal chat are on the chair's digest: answering with it, fresh, keeps
  // the rest of what waits for them in front of them instead of one line about one action.
  // A blue is the exception: its answer says the rating changed and that the lead is told,
  // which the digest, where the action simply stops waiting, would not show.
  const chairsAGroup = deciderId !== undefined && input.groups.some((g) => g.kind === 'taskAndFinish' && isChairOf(deciderId, g));
  if (input.decision !== 'blue' && input.personal && chairsAGroup) return { kind: 'chairDigest' };
  return { kind: 'confirmation' };
}
