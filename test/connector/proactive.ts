/**
 * The real botbuilder client path the connector tests drive the stand-in with: a teams-ai
 * TeamsAdapter with auth off, continuing a conversation whose serviceUrl is the stand-in.
 * Errors thrown inside the turn are caught there and returned, because the adapter's turn error
 * handling would otherwise swallow them.
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConversationReference, TurnContext } from 'botbuilder';

export const BOT_ID = '28:bot-id';
export const TENANT_ID = '9a1c7d4e-2f3b-4c5d-8e6f-708192a3b4c5';

export function makeAdapter(): TeamsAdapter {
  return new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' });
}

export function personalReference(serviceUrl: string, conversationId: string, userId = '29:1user'): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl,
    bot: { id: BOT_ID, name: 'Plan Pulse' },
    user: { id: userId, name: 'Test User' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT_ID, isGroup: false, name: '' },
  };
}

export type TurnOutcome<T> = { ok: true; value: T } | { ok: false; error: RestLikeError };

export interface RestLikeError extends Error {
  statusCode?: number;
  code?: string;
  details?: unknown;
  response?: { headers?: { get(name: string): string | undefined }; bodyAsText?: string | null };
}

/** Runs `work` in a proactive turn against `reference` and reports its result or the error it threw. */
export async function inTurn<T>(
  adapter: TeamsAdapter,
  reference: Partial<ConversationReference>,
  work: (ctx: TurnContext) => Promise<T>,
): Promise<TurnOutcome<T>> {
  let outcome: TurnOutcome<T> | undefined;
  await adapter.continueConversationAsync('', reference, async (ctx) => {
    try {
      outcome = { ok: true, value: await work(ctx) };
    } catch (error) {
      outcome = { ok: false, error: error as RestLikeError };
    }
  });
  if (!outcome) throw new Error('The proactive turn never ran its callback.');
  return outcome;
}

export function cardActivity(title: string, extra: Record<string, unknown> = {}): Partial<import('botbuilder').Activity> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title, wrap: true }], ...extra },
      },
    ],
  };
}
