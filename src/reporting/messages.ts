/**
 * The reporting messages as outbox entries, with their idempotency keys: one channel summary
 * per group and cycle, one chair digest per group, cycle and chair, one board exception report
 * per board and cycle.
 */
import type { AdaptiveCardJson } from '../cards/render';
import type { ConversationRef } from '../domain/model';
import type { NewMessage } from '../outbox/model';
import { cardActivity } from '../scheduler/messages';

export const channelSummaryKey = (groupId: string, meetingDate: string) => `summary~${groupId}~${meetingDate}`;
export const chairDigestKey = (groupId: string, meetingDate: string, chairId: string) => `digest~${groupId}~${meetingDate}~${chairId}`;
export const boardReportKey = (boardId: string, meetingDate: string) => `board~${boardId}~${meetingDate}`;

export function channelSummaryMessage(input: { groupId: string; groupName: string; meetingDate: string; chairId: string; channel: ConversationRef; card: AdaptiveCardJson }): NewMessage {
  return {
    key: channelSummaryKey(input.groupId, input.meetingDate),
    kind: 'channelSummary',
    recipientId: input.chairId,
    conversation: input.channel,
    activity: cardActivity(input.card, `${input.groupName}: cycle summary for ${input.meetingDate}`),
    params: { groupId: input.groupId, meetingDate: input.meetingDate },
  };
}

export function chairDigestMessage(input: { groupId: string; meetingDate: string; chairId: string; card: AdaptiveCardJson }): NewMessage {
  return {
    key: chairDigestKey(input.groupId, input.meetingDate, input.chairId),
    kind: 'chairDigest',
    recipientId: input.chairId,
    activity: cardActivity(input.card, 'Your digest as chair'),
    params: { groupId: input.groupId, meetingDate: input.meetingDate },
  };
}

export function boardReportMessage(input: { boardId: string; boardName: string; meetingDate: string; chairId: string; channel?: ConversationRef; card: AdaptiveCardJson }): NewMessage {
  return {
    key: boardReportKey(input.boardId, input.meetingDate),
    kind: 'boardReport',
    recipientId: input.chairId,
    ...(input.channel ? { conversation: input.channel } : {}),
    activity: cardActivity(input.card, `${input.boardName}: exception report`),
    params: { groupId: input.boardId, meetingDate: input.meetingDate },
  };
}
