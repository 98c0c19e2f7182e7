/**
 * The seam between the outbox and whatever delivers a message (the Bot Framework adapter in
 * bot/proactive, never imported from src/). A transport answers with Teams' activity id or
 * throws SendError carrying what the sender needs to decide: retry, give up, or stop for good.
 */
import type { ConversationRef } from '../domain/model';

/** What a proactive message is: a Bot Framework message activity, as JSON. */
export interface OutgoingActivity {
  type: 'message';
  text?: string;
  summary?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
  [key: string]: unknown;
}

export interface SendOptions {
  /**
   * Awaited as late as possible, right before the request goes out: the sender's pacing waits
   * here so the spacing it keeps is the spacing the connector sees.
   */
  beforeSend?: () => Promise<void>;
}

export interface Transport {
  send(ref: ConversationRef, activity: OutgoingActivity, options?: SendOptions): Promise<{ activityId: string }>;
  update(ref: ConversationRef, activityId: string, activity: OutgoingActivity, options?: SendOptions): Promise<void>;
  /** Opens the bot's personal chat with a user it has not heard from yet. */
  createPersonalConversation(input: { serviceUrl: string; tenantId: string; aadObjectId: string }): Promise<ConversationRef>;
}

export class SendError extends Error {
  constructor(
    message: string,
    /** HTTP status from the Bot Connector; undefined when the request never got an answer. */
    readonly status: number | undefined,
    /** The connector's error code, e.g. ConversationBlockedByUser. */
    readonly code?: string,
    /** From Retry-After, when the connector sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export type SendVerdict = 'retry' | 'unreachable' | 'permanent';

const RETRYABLE = new Set([408, 412, 429, 500, 502, 503, 504]);
const UNREACHABLE_CODES = new Set([
  'BotNotInConversationRoster',
  'ConversationBlockedByUser',
  'BotDisabledByAdmin',
  'ConversationNotFound',
]);

/** What to do after a failed send (Teams' guidance: retry throttling and transient errors only). */
export function classifySendError(err: SendError): SendVerdict {
  if (err.status === undefined) return 'retry'; // connection reset or timeout: the answer never came
  if (RETRYABLE.has(err.status)) return 'retry';
  if (err.status === 403 || err.status === 404) return 'unreachable';
  if (err.code && UNREACHABLE_CODES.has(err.code)) return 'unreachable';
  return 'permanent';
}
