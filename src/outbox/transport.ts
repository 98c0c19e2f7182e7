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

/**
 * `retry`: throttling or a transient failure. `recreate`: the personal chat is gone (the person
 * removed its history); opening it again reaches them. `unreachable`: the person or the tenant
 * refuses (blocked, app disabled or removed). `permanent`: the message itself is refused.
 */
export type SendVerdict = 'retry' | 'recreate' | 'unreachable' | 'permanent';

const RETRYABLE = new Set([408, 412, 429, 500, 502, 503, 504]);
const UNREACHABLE_CODES = new Set([
  'BotNotInConversationRoster',
  'ConversationBlockedByUser',
  'BotDisabledByAdmin',
]);

/** What to do after a failed send (Teams' guidance: retry throttling and transient errors only). */
export function classifySendError(err: SendError): SendVerdict {
  if (err.status === undefined) return 'retry'; // connection reset or timeout: the answer never came
  if (RETRYABLE.has(err.status)) return 'retry';
  if (err.status === 404 && (err.code === undefined || err.code === 'ConversationNotFound')) return 'recreate';
  if (err.status === 403 || err.status === 404) return 'unreachable';
  if (err.code && UNREACHABLE_CODES.has(err.code)) return 'unreachable';
  return 'permanent';
}

/**
 * An email as the outbox stores it: both forms rendered, addressed to one person. When the
 * message carries a response link, `{{responseLink}}` stands where the link goes: the link is
 * minted only as the mail is sent, so the outbox never holds a usable link (only its hash is
 * stored, in the links table).
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files sent with the mail (a board paper), stored with it so a resend carries the same file. */
  attachments?: MailAttachment[];
}

/** A file attached to a mail: text content (an HTML board paper), kept in the outbox as it is. */
export interface MailAttachment {
  filename: string;
  /** A MIME type with its charset: "text/html; charset=utf-8". */
  contentType: string;
  content: string;
}

export const RESPONSE_LINK_PLACEHOLDER = '{{responseLink}}';
/** The second link of a mail that also asks a chair to decide (see QueuedMail.decisionsLink). */
export const DECISIONS_LINK_PLACEHOLDER = '{{decisionsLink}}';

/** Sends email (SMTP through nodemailer, or the local capture): the mail side of the seam. */
export interface MailTransport {
  /** Says where mail goes, for the start-up banner (never includes a password). */
  readonly description: string;
  /** `messageId` is the outbox key made into a Message-ID, so a resend is recognisably the same mail. */
  sendMail(mail: OutgoingMail & { messageId: string }, options?: SendOptions): Promise<{ messageId: string }>;
}

/**
 * What to do after a failed SMTP send (RFC 5321): a 4xx reply is transient, so retry; a 5xx
 * refusing the recipient (550 mailbox unavailable, 551 not local, 553 bad mailbox name) is a
 * bounce, so the address is unreachable; any other 5xx (authentication, size, policy) is
 * permanent for this message; no reply at all (connection refused, timeout) is retried.
 * SendError.status carries the SMTP reply code and `code` the command that failed.
 */
const BOUNCE_REPLIES = new Set([550, 551, 553]);
export function classifyMailError(err: SendError): SendVerdict {
  if (err.status === undefined) return 'retry';
  if (err.status >= 400 && err.status < 500) return 'retry';
  if (BOUNCE_REPLIES.has(err.status) && err.code === 'RCPT TO') return 'unreachable';
  return 'permanent';
}
