/**
 * The outbox's transport over botbuilder: proactive sends through the adapter the bot already
 * uses (continueConversationAsync), personal chats opened with createConversationAsync.
 *
 * Two things make this more than a one-liner. An adapter's onTurnError swallows what a
 * proactive callback throws, so each outcome is captured inside the callback and rethrown
 * here as a SendError. And the connector client retries 429 and 5xx on its own (three times,
 * sleeping through Retry-After) before the sender hears of it; that policy is removed from the
 * turn's client so the outbox's own backoff, which knows the plan's rate, is the only one.
 */
import { TurnContext, type Activity, type ConversationReference, type CloudAdapter } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { ConversationRef } from '../../src/domain/model';
import { SendError, type OutgoingActivity, type Transport } from '../../src/outbox/transport';

interface PipelineLike {
  removePolicy(options: { name?: string; phase?: string }): unknown;
}

interface ErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string>; bodyAsText?: string | null };
  body?: unknown;
}

/** Reads status, Teams error code and Retry-After from what botbuilder threw. */
export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = (err ?? {}) as ErrorLike;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const headers = e.response?.headers;
  const header = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | undefined }).get(name);
    return (headers as Record<string, string>)[name];
  };
  // The parsed body lands in `details`; fall back to parsing the raw text.
  let code = (e as { details?: { error?: { code?: string } } }).details?.error?.code;
  const body = e.response?.bodyAsText;
  if (!code && body) {
    try {
      code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined; // a non-JSON body (a proxy's HTML page) carries no Teams code
    }
  }
  const retryAfter = header('retry-after');
  let retryAfterMs: number | undefined;
  if (retryAfter) {
    const seconds = Number(retryAfter);
    retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(retryAfter) - Date.parse(new Date().toUTCString()));
  }
  const message = `The Bot Connector refused the message${status ? ` (${status}${code ? ` ${code}` : ''})` : ''}: ${e.message ?? String(err)}`;
  return new SendError(message, status, code, retryAfterMs);
}

/** The turn's connector client, with its built-in retry policy removed. */
function connectorOf(ctx: TurnContext): ConnectorClient {
  const adapter = ctx.adapter as CloudAdapter & { ConnectorClientKey: symbol };
  const client = ctx.turnState.get(adapter.ConnectorClientKey) as ConnectorClient | undefined;
  if (!client) throw new SendError('The adapter did not provide a connector client for the proactive turn.', undefined);
  (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
  return client;
}

export function createBotTransport(adapter: CloudAdapter, appId: string): Transport {
  const proactive = async <T>(ref: ConversationRef, work: (ctx: TurnContext) => Promise<T>): Promise<T> => {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    try {
      await adapter.continueConversationAsync(appId, ref as unknown as Partial<ConversationReference>, async (ctx) => {
        try {
          outcome = { ok: true, value: await work(ctx) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      });
    } catch (error) {
      throw toSendError(error);
    }
    if (!outcome) throw new SendError('The adapter finished the proactive turn without running it.', undefined);
    if (!outcome.ok) throw toSendError(outcome.error);
    return outcome.value;
  };

  return {
    async send(ref, activity, options = {}) {
      return proactive(ref, async (ctx) => {
        // A new message in the conversation (sendToConversation), not a reply to the synthetic
        // activity a continuation turn carries.
        const outgoing = TurnContext.applyConversationReference({ ...(activity as Partial<Activity>) }, TurnContext.getConversationReference(ctx.activity));
        delete outgoing.replyToId;
        const connector = connectorOf(ctx);
        await options.beforeSend?.();
        const res = await connector.conversations.sendToConversation(outgoing.conversation!.id, outgoing as Activity);
        if (!res?.id) throw new SendError('The Bot Connector accepted the message but returned no activity id.', undefined);
        return { activityId: res.id };
      });
    },
    async update(ref, activityId, activity: OutgoingActivity, options = {}) {
      await proactive(ref, async (ctx) => {
        const outgoing = TurnContext.applyConversationReference({ ...(activity as Partial<Activity>) }, TurnContext.getConversationReference(ctx.activity));
        delete outgoing.replyToId;
        const connector = connectorOf(ctx);
        await options.beforeSend?.();
        await connector.conversations.updateActivity(outgoing.conversation!.id, activityId, { ...outgoing, id: activityId } as Activity);
      });
    },
    async createPersonalConversation({ serviceUrl, tenantId, aadObjectId }) {
      let created: ConversationRef | undefined;
      try {
        await adapter.createConversationAsync(
          appId,
          'msteams',
          serviceUrl,
          '',
          {
            isGroup: false,
            bot: { id: appId ? `28:${appId}` : 'planpulse', name: 'Plan Pulse' },
            members: [{ id: aadObjectId, name: '' }],
            tenantId,
            channelData: { tenant: { id: tenantId } },
          } as never,
          async (ctx) => {
            const reference = ctx.activity;
            created = {
              serviceUrl,
              channelId: 'msteams',
              conversation: { id: reference.conversation.id, conversationType: 'personal', tenantId },
              bot: reference.recipient ? { id: reference.recipient.id, name: reference.recipient.name } : undefined,
              tenantId,
            };
          },
        );
      } catch (error) {
        throw toSendError(error);
      }
      if (!created) throw new SendError('Teams did not return a conversation for the new personal chat.', undefined);
      return created;
    },
  };
}
