/**
 * What the stand-in can do to a request instead of accepting it, and the error bodies Teams
 * answers with (`{ error: { code, message } }`).
 */

export type RosterCode = 'BotNotInConversationRoster' | 'ConversationBlockedByUser' | 'BotDisabledByAdmin';

export type Fault =
  /** Retry-After is 1 second unless told; null leaves the header out. */
  | { status: 429; retryAfterSeconds?: number | null }
  | { status: 403; code: RosterCode }
  | { status: 404; code?: 'ConversationNotFound' }
  | { status: 412 | 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  /** Answer normally, but only after this long. */
  | { delayMs: number }
  /**
   * Drop the connection without an HTTP answer. With `afterAccept` the send is recorded as
   * delivered first: the sender cannot tell, which is how a message in flight gets delivered twice.
   */
  | { reset: true; afterAccept?: boolean };

/** The kinds of request a fault or limit can apply to. */
export type Operation =
  | 'createConversation'
  | 'send'
  | 'reply'
  | 'update'
  | 'delete'
  | 'history'
  | 'members'
  | 'teams'
  | 'attachments';

export const WRITE_OPERATIONS: readonly Operation[] = ['createConversation', 'send', 'reply', 'update', 'delete', 'history'];

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: { error: { code: string; message: string } };
}

const MESSAGES: Record<string, string> = {
  BotNotInConversationRoster: 'The bot is not part of the conversation roster.',
  ConversationBlockedByUser: 'User blocked the conversation with the bot.',
  BotDisabledByAdmin: 'The tenant admin disabled this bot.',
  ConversationNotFound: 'Conversation not found.',
  MemberNotFoundInConversation: 'The member was not found in the conversation.',
  Throttled: 'The bot is sending too many messages; retry after the interval in the Retry-After header.',
  PreconditionFailed: 'The request could not be completed because of a conflicting operation; retry it.',
  ServiceError: 'The service encountered an internal error; retry it.',
  BadGateway: 'The service could not reach a downstream dependency; retry it.',
  ServiceUnavailable: 'The service is temporarily unavailable; retry it.',
  GatewayTimeout: 'The service timed out; retry it.',
  BadSyntax: 'The request body is not valid JSON.',
  BadArgument: 'The request is missing a required value.',
  MessageSizeTooBig: 'The activity is larger than Teams accepts.',
  NotFound: 'No such route on the Bot Connector.',
};

const CODE_BY_STATUS: Record<number, string> = {
  404: 'ConversationNotFound',
  412: 'PreconditionFailed',
  429: 'Throttled',
  500: 'ServiceError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function errorAnswer(status: number, code?: string, message?: string, retryAfterSeconds?: number | null): ErrorAnswer {
  const resolvedCode = code ?? CODE_BY_STATUS[status] ?? 'ServiceError';
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined && retryAfterSeconds !== null) headers['retry-after'] = String(retryAfterSeconds);
  return {
    status,
    headers,
    body: { error: { code: resolvedCode, message: message ?? MESSAGES[resolvedCode] ?? `The service answered ${status}.` } },
  };
}

/** The HTTP answer a status fault produces; 429 carries Retry-After (1 second unless told). */
export function faultAnswer(fault: Extract<Fault, { status: number }>): ErrorAnswer {
  switch (fault.status) {
    case 429:
      return errorAnswer(429, undefined, undefined, fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds);
    case 403:
      return errorAnswer(403, fault.code);
    case 404:
      return errorAnswer(404, fault.code ?? 'ConversationNotFound');
    default:
      return errorAnswer(fault.status, undefined, undefined, fault.retryAfterSeconds);
  }
}
