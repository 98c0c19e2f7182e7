/**
 * The reporting messages as outbox entries, with their idempotency keys: one channel summary
 * per group and cycle, one chair digest per group, cycle and chair, one board exception report
 * per board and cycle.
 */
import type { AdaptiveCardJson } from '../cards/render';
import type { BoardReports, ConversationRef } from '../domain/model';
import type { NewMessage } from '../outbox/model';
import { cardActivity, formatPlanDate } from '../cards';
import type { ChairDigestView } from '../cards';
import { chairDigestMail } from '../mail/render';

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

/** How long a digest's link to decide stays open. */
export const DIGEST_LINK_DAYS = 14;

/**
 * The chair's digest: the card in Teams, or for a chair reached by email the same view as a
 * mail whose link opens a page to approve or reject dates and acknowledge escalations.
 */
export function chairDigestMessage(input: {
  groupId: string;
  meetingDate: string;
  chairId: string;
  card: AdaptiveCardJson;
  email?: { address: string; view: ChairDigestView; now: Date; timeZone: string };
}): NewMessage {
  const base = {
    key: chairDigestKey(input.groupId, input.meetingDate, input.chairId),
    kind: 'chairDigest',
    recipientId: input.chairId,
    params: { groupId: input.groupId, meetingDate: input.meetingDate },
  };
  if (!input.email) return { ...base, activity: cardActivity(input.card, 'Your digest as chair') };
  const expiresAt = new Date(input.email.now.getTime() + DIGEST_LINK_DAYS * 86_400_000).toISOString();
  const mail = chairDigestMail(input.email.view, expiresAt, input.email.timeZone);
  const refs = input.email.view.groups.flatMap((g) => [...g.dateProposals.items.map((p) => p.ref), ...g.blueProposals.items.map((b) => b.ref), ...g.awaitingAck.items.map((e) => e.ref)]);
  return {
    ...base,
    activity: { type: 'message', summary: mail.subject },
    mail: { to: input.email.address, ...mail, link: { kind: 'decisions', groupId: input.groupId, meetingDate: input.meetingDate, refs: [...new Set(refs)], expiresAt } },
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

export function areaDigestMessage(input: { boardId: string; meetingDate: string; area: number; sroId: string; card: AdaptiveCardJson }): NewMessage {
  return {
    key: areaDigestKey(input.boardId, input.meetingDate, input.area, input.sroId),
    kind: 'areaDigest',
    recipientId: input.sroId,
    activity: cardActivity(input.card, `Area ${input.area}: your digest as SRO`),
    params: { groupId: input.boardId, meetingDate: input.meetingDate, area: input.area },
  };
}
