/**
 * The reporting messages as outbox entries, with their idempotency keys: one channel summary
 * per group and cycle, one board report per board and cycle; and the keys of the digests a
 * tick carries in each person's message (one per group, cycle and chair; one per board
 * meeting, area and SRO).
 */
import type { AdaptiveCardJson } from '../cards/render';
import type { BoardReports, ConversationRef } from '../domain/model';
import type { NewMessage } from '../outbox/model';
import { cardActivity, formatPlanDate } from '../cards';

export const channelSummaryKey = (groupId: string, meetingDate: string) => `summary~${groupId}~${meetingDate}`;
export const chairDigestKey = (groupId: string, meetingDate: string, chairId: string) => `digest~${groupId}~${meetingDate}~${chairId}`;
export const boardReportKey = (boardId: string, meetingDate: string) => `board~${boardId}~${meetingDate}`;

export function channelSummaryMessage(input: { groupId: string; groupName: string; meetingDate: string; chairId: string; channel: ConversationRef; card: AdaptiveCardJson }): NewMessage {
  return {
    key: channelSummaryKey(input.groupId, input.meetingDate),
    kind: 'channelSummary',
    recipientId: input.chairId,
    conversation: input.channel,
    activity: cardActivity(input.card, `${input.groupName}: cycle summary for the meeting on ${formatPlanDate(input.meetingDate)}`),
    params: { groupId: input.groupId, meetingDate: input.meetingDate },
  };
}

export function boardReportMessage(input: {
  boardId: string;
  boardName: string;
  meetingDate: string;
  chairId: string;
  channel?: ConversationRef;
  card: AdaptiveCardJson;
  reports?: BoardReports;
}): NewMessage {
  return {
    key: boardReportKey(input.boardId, input.meetingDate),
    kind: 'boardReport',
    recipientId: input.chairId,
    ...(input.channel ? { conversation: input.channel } : {}),
    activity: cardActivity(input.card, `${input.boardName}: ${input.reports === 'progress' ? 'progress report' : 'exception report'}`),
    params: { groupId: input.boardId, meetingDate: input.meetingDate },
  };
}

export const areaDigestKey = (boardId: string, meetingDate: string, area: number, sroId: string) => `area~${boardId}~${meetingDate}~${area}~${sroId}`;
