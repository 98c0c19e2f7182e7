/**
 * Which posted board report a click came from. A button on a board's exception report (an
 * escalation acknowledged or resolved) is answered with that report brought up to date; the
 * same button on a chair's digest or an escalation notice is not. A report is recognised by
 * the message the click replied to, or by the board's own channel.
 */
import type { Escalation, Group } from '../domain/model';
import type { Store } from '../storage/store';
import { boardReportKey } from './messages';
import { chainAbove } from './scope';

export interface ClickOrigin {
  /** The activity id of the message whose button was clicked. */
  replyToId?: string;
  /** The channel the click came from; undefined in a personal chat. */
  channelId?: string;
}

/** The board and meeting of the report the click came from, if it came from one showing `escalation`. */
export async function clickedBoardReport(
  store: Store,
  escalation: Escalation,
  groups: readonly Group[],
  origin: ClickOrigin,
): Promise<{ board: Group; meetingDate: string } | undefined> {
  const from = groups.find((g) => g.id === escalation.groupId);
  if (!from) return undefined;
  const boards = chainAbove(from, groups).filter((g) => g.kind === 'board');
  for (const board of boards) {
    // Only the board's latest posted report answers a click; older ones stay as they were.
    const cycles = (await store.cycles.listForGroup(escalation.planId, board.id)).reverse();
    for (const cycle of cycles) {
      const posted = await store.outbox.get(escalation.planId, boardReportKey(board.id, cycle.meetingDate));
      if (!posted) continue;
      const sameMessage = !!origin.replyToId && posted.value.activityId === origin.replyToId;
      const sameChannel = !!origin.channelId && board.channel?.conversation.id === origin.channelId;
      if (sameMessage || sameChannel) return { board, meetingDate: cycle.meetingDate };
      break;
    }
  }
  return undefined;
}
