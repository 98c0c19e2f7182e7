/**
 * What the group and board routes share: a transport for editing posted messages from inside
 * a turn (through the turn's own adapter), the channel a turn came from, the caller's person
 * in a plan, and the parsing of card data.
 */
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { JwtTokenValidation, type ClaimsIdentity } from 'botframework-connector';
import type { ConversationRef, Person } from '../../src/domain/model';
import type { Transport } from '../../src/outbox/transport';
import type { ReportingDeps } from '../../src/reporting/reports';
import { createBotTransport } from '../proactive/botTransport';
import { conversationRefOf, isPersonal, type Caller } from '../identity';
import type { BotDeps } from './context';

export function reportingDeps(deps: BotDeps): ReportingDeps {
  return { store: deps.store, clock: deps.clock, timeZone: deps.timeZone };
}

/** A transport over the adapter this turn runs on, with the bot's app id from the turn's claims. */
export function turnTransport(ctx: TurnContext): Transport {
  const identity = ctx.turnState.get(ctx.adapter.BotIdentityKey) as ClaimsIdentity | undefined;
  const appId = identity ? (JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? '') : '';
  return createBotTransport(ctx.adapter as CloudAdapter, appId);
}

/** The Teams channel a turn came from (not the reply thread), or undefined outside a channel. */
export function channelRefOf(ctx: TurnContext): ConversationRef | undefined {
  if (isPersonal(ctx)) return undefined;
  const channelData = ctx.activity.channelData as { channel?: { id?: string } } | undefined;
  const ref = conversationRefOf(ctx);
  const channelId = channelData?.channel?.id ?? ref.conversation.id.split(';')[0]!;
  const { user: _caller, ...rest } = ref;
  return { ...rest, conversation: { ...ref.conversation, id: channelId } };
}

export function personIn(caller: Caller, planId: string): Person | undefined {
  return caller.memberships.find((m) => m.plan.id === planId)?.person;
}
