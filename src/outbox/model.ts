/**
 * The outbox's messages. A message is stored already rendered (the activity as JSON) together
 * with its kind and parameters: the decision of what to say is made once, when the step
 * that queues it runs, and the sender stays a pump that knows nothing of plans. The window
 * between queueing and sending is the drain's latency (seconds); every card's buttons open
 * forms built from fresh data, so a slightly older card never shows stale state for long.
 */
import type { ConversationRef } from '../domain/model';
import type { OutgoingActivity, OutgoingMail } from './transport';

export const MESSAGE_STATUSES = ['pending', 'sent', 'dead', 'unreachable', 'expired'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** What is said to whom: the same in what a step hands to the outbox and in what the outbox keeps. */
export interface MessageContent {
  /** The idempotency key: the same decision always makes the same key. */
  key: string;
  /** cyclePrompt, cycleReminder, cycleLastCall, overdueChase, escalation, digest, ... */
  kind: string;
  /** The person (id = email) the message is for. */
  recipientId: string;
  /** Send here instead of the recipient's personal chat (a group's channel, for example). */
  conversation?: ConversationRef;
  activity: OutgoingActivity;
  /** Set when the person is reached by email: the mail is sent instead of the activity. */
  mail?: QueuedMail;
  /** An edit: the sender updates this posted message (its key and Teams' activity id) instead of sending a new one. */
  updateOf?: EditTarget;
}

export interface OutboxMessage extends MessageContent {
  planId: string;
  /** What the message is about, for reports and digests: refs, group, meeting date. */
  params: Record<string, unknown>;
  status: MessageStatus;
  /** Why a pending message waits: no conversation with the recipient yet. */
  deferredReason?: 'noConversation';
  /** Send attempts started (written before each attempt, so a crash still counts). */
  attempts: number;
  createdAt: string;
  notBefore: string;
  /** After this instant the message is no longer worth sending (its cycle closed). */
  expiresAt?: string;
  sentAt?: string;
  activityId?: string;
  conversationId?: string;
  lastError?: { status?: number; code?: string; message: string };
  /** Since when every attempt has failed without an answer (connection refused, reset, timed out). */
  failingSince?: string;
  /** The message's row in the due queue while it is pending. */
  dueRowKey?: string;
  /** A drain run working on this message, until when. */
  claim?: { by: string; until: string };
  finishedAt?: string;
  /** When the copy of what was sent (the card, the mail) was dropped after the retention period. */
  prunedAt?: string;
  /** On a posted message: how many edits of it were queued (the latest is `editKey(key, edits)`). */
  edits?: number;
}

export interface EditTarget {
  key: string;
  activityId: string;
}

/** The outbox key of the `n`th edit of the message queued under `key`. */
export const editKey = (key: string, n: number): string => `${key}~edit~${n}`;

/** What a step hands to the outbox. */
export interface NewMessage extends MessageContent {
  params?: Record<string, unknown>;
  notBefore?: Date;
  expiresAt?: Date;
}


/**
 * What a response link in a mail will open: the person's actions for one cycle of one group,
 * or (a chase) the listed actions. Minted as the mail is sent (see OutgoingMail).
 */
export interface LinkRequest {
  kind: 'cycle' | 'chase' | 'decisions';
  groupId?: string;
  meetingDate?: string;
  refs: string[];
  expiresAt: string;
}

/**
 * A response link's grant for one measure and period, kept among the link's signed refs: the
 * prefix cannot be an action's ref, so the actions a link opens never include it.
 */
export const measureGrant = (measureId: string, period: string) => `measure:${measureId}:${period}`;

export function measureGrantOf(ref: string): { measureId: string; period: string } | undefined {
  const m = /^measure:(.+):([^:]+)$/.exec(ref);
  return m ? { measureId: m[1]!, period: m[2]! } : undefined;
}

export interface QueuedMail extends OutgoingMail {
  link?: LinkRequest;
  /** A second link, to the decisions page, for a mail that also carries a chair's digest. */
  decisionsLink?: LinkRequest;
}
