/**
 * Bot Framework activities exactly as Teams posts them to a bot's /api/messages: personal and
 * channel messages, Universal Action invokes, the personal-install conversationUpdate and the
 * installationUpdate, plus postActivity() to deliver one over real HTTP.
 */
import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder';
import { aadObjectIdFor, personalConversationId, teamsUserId } from './connector/ids';

export const TEST_TENANT_ID = '5d9c3e1a-7b2f-4c8d-9e0a-1f2b3c4d5e6f';
export const TEST_BOT: Readonly<ChannelAccount> = { id: '28:bot-id', name: 'Plan Pulse' };
export const TEAMS_LOCALE = 'en-GB';

export interface TeamsUser {
  /** The Teams user id, '29:...'. */
  id: string;
  aadObjectId: string;
  name: string;
}

/** An activity as Teams sends it; every builder returns this. */
export type TeamsActivity = Partial<Activity> &
  Pick<Activity, 'type' | 'id' | 'channelId' | 'serviceUrl' | 'from' | 'conversation' | 'recipient' | 'timestamp' | 'locale'> & {
    channelData: TeamsChannelData;
  } & Record<string, unknown>;

export interface TeamsChannelData {
  tenant: { id: string };
  team?: { id: string; name?: string; aadGroupId?: string };
  channel?: { id: string; name?: string };
  teamsTeamId?: string;
  teamsChannelId?: string;
  source?: { name: string };
  legacy?: { replyToId: string };
  settings?: { selectedChannel: { id: string } };
}

/** What every builder needs: who speaks, where Teams says to answer, and in which tenant. */
export interface ActivityContext {
  user: TeamsUser;
  serviceUrl: string;
  /** Defaults to TEST_TENANT_ID. */
  tenantId?: string;
  /** Defaults to TEST_BOT ('28:bot-id', 'Plan Pulse'). */
  bot?: ChannelAccount;
  /** Defaults to now. */
  timestamp?: Date;
  /** Defaults to 'en-GB'. */
  locale?: string;
  /** The personal chat id; defaults to the one Teams would give this user (see personalConversationId). */
  conversationId?: string;
  /** The activity id; defaults to a fresh one in Teams' style. */
  id?: string;
}

/** A realistic test user from an email or any seed: stable '29:' id and AAD object id. */
export function teamsUser(name: string, seed: string = name): TeamsUser {
  return { id: teamsUserId(seed), aadObjectId: aadObjectIdFor(seed), name };
}

let lastMessageId = 0;
/** Teams message ids are epoch milliseconds. */
function messageId(): string {
  lastMessageId = Math.max(lastMessageId + 1, Date.now());
  return String(lastMessageId);
}

let lastEventId = 0;
/** Invokes and conversation events carry 'f:' ids. */
function eventId(): string {
  lastEventId += 1;
  return `f:${Date.now()}${String(lastEventId).padStart(6, '0')}`;
}

function clientInfo(locale: string) {
  return { type: 'clientInfo', locale, country: locale.split('-')[1] ?? 'GB', platform: 'Web', timezone: 'Europe/London' };
}

function personalConversation(ctx: ActivityContext, tenantId: string): ConversationAccount {
  return {
    id: ctx.conversationId ?? personalConversationId(tenantId, ctx.user.id),
    conversationType: 'personal',
    tenantId,
  } as ConversationAccount;
}

function from(user: TeamsUser): ChannelAccount {
  return { id: user.id, name: user.name, aadObjectId: user.aadObjectId };
}

function base(ctx: ActivityContext, type: string, id: string) {
  const tenantId = ctx.tenantId ?? TEST_TENANT_ID;
  const timestamp = ctx.timestamp ?? new Date();
  const locale = ctx.locale ?? TEAMS_LOCALE;
  return {
    tenantId,
    locale,
    activity: {
      type,
      id: ctx.id ?? id,
      timestamp,
      localTimestamp: timestamp,
      localTimezone: 'Europe/London',
      channelId: 'msteams',
      serviceUrl: ctx.serviceUrl,
      from: from(ctx.user),
      conversation: personalConversation(ctx, tenantId),
      recipient: { ...(ctx.bot ?? TEST_BOT) },
      locale,
      entities: [clientInfo(locale)],
      channelData: { tenant: { id: tenantId } } as TeamsChannelData,
    },
  };
}

/** A message the user typed in their personal chat with the bot. */
export function personalMessage(options: ActivityContext & { text: string }): TeamsActivity {
  const { activity } = base(options, 'message', messageId());
  return { ...activity, text: options.text, textFormat: 'plain' } as TeamsActivity;
}

export interface ChannelMessageOptions extends ActivityContext {
  /** The text after the mention, e.g. 'status Health'. */
  text: string;
  /** The team's thread id, '19:...@thread.tacv2'. */
  teamId: string;
  /** The channel's thread id; the General channel's id is the team id. */
  channelId: string;
  teamName?: string;
  channelName?: string;
  /** The bot's display name in the mention; defaults to the bot's name. */
  mentionName?: string;
}

/**
 * A new channel post that @mentions the bot. Teams puts the mention markup in `text`, a mention
 * entity naming the bot, and the team and channel in channelData; the conversation id is the
 * channel id with the root message id.
 */
export function channelMessage(options: ChannelMessageOptions): TeamsActivity {
  const id = options.id ?? messageId();
  const { activity, tenantId } = base(options, 'message', id);
  const bot = options.bot ?? TEST_BOT;
  const mentionName = options.mentionName ?? bot.name ?? 'Plan Pulse';
  const mentionText = `<at>${mentionName}</at>`;
  return {
    ...activity,
    id,
    text: `${mentionText} ${options.text}`,
    textFormat: 'plain',
    attachments: [
      {
        contentType: 'text/html',
        content: `<p><span itemtype="http://schema.skype.com/Mention" itemscope="" itemid="0">${mentionName}</span>&nbsp;${options.text}</p>`,
      },
    ],
    conversation: {
      id: `${options.channelId};messageid=${id}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId,
      name: options.channelName,
    } as ConversationAccount,
    entities: [{ type: 'mention', text: mentionText, mentioned: { id: bot.id, name: mentionName } }, clientInfo(activity.locale)],
    channelData: {
      teamsChannelId: options.channelId,
      teamsTeamId: options.teamId,
      channel: { id: options.channelId, ...(options.channelName ? { name: options.channelName } : {}) },
      team: { id: options.teamId, ...(options.teamName ? { name: options.teamName } : {}) },
      tenant: { id: tenantId },
    },
  } as TeamsActivity;
}

export interface AdaptiveCardInvokeOptions extends ActivityContext {
  verb: string;
  data?: Record<string, unknown>;
  /** Defaults to the user's personal chat. */
  conversation?: { id: string; conversationType?: 'personal' | 'channel' | 'groupChat'; teamId?: string; channelId?: string };
  /** The id of the message holding the card that was clicked. */
  replyToId?: string;
  /** The button's title. */
  title?: string;
}

/**
 * A Universal Action (Action.Execute) click or submit: type 'invoke', name 'adaptiveCard/action'.
 * Teams merges the card's input values into `data` next to the button's own data.
 */
export function adaptiveCardInvoke(options: AdaptiveCardInvokeOptions): TeamsActivity {
  const { activity, tenantId } = base(options, 'invoke', eventId());
  const replyToId = options.replyToId ?? messageId();
  const conv = options.conversation;
  const channelData: TeamsChannelData = { tenant: { id: tenantId }, source: { name: 'message' }, legacy: { replyToId } };
  if (conv?.teamId) channelData.team = { id: conv.teamId };
  if (conv?.channelId) channelData.channel = { id: conv.channelId };
  return {
    ...activity,
    name: 'adaptiveCard/action',
    replyToId,
    conversation: conv
      ? ({ id: conv.id, conversationType: conv.conversationType ?? 'personal', tenantId, ...(conv.conversationType === 'channel' || conv.conversationType === 'groupChat' ? { isGroup: true } : {}) } as ConversationAccount)
      : activity.conversation,
    value: {
      action: { type: 'Action.Execute', ...(options.title ? { title: options.title } : {}), verb: options.verb, data: options.data ?? {} },
      trigger: 'manual',
    },
    channelData,
  } as TeamsActivity;
}

/**
 * What Teams sends when the user adds the bot in personal scope: a conversationUpdate with the
 * bot in membersAdded (and the user too with `includeUser`, as Teams sometimes does).
 */
export function conversationUpdateMembersAdded(options: ActivityContext & { includeUser?: boolean }): TeamsActivity {
  const { activity } = base(options, 'conversationUpdate', eventId());
  const bot = options.bot ?? TEST_BOT;
  const membersAdded: ChannelAccount[] = [{ id: bot.id } as ChannelAccount];
  if (options.includeUser) membersAdded.push({ id: options.user.id, aadObjectId: options.user.aadObjectId } as ChannelAccount);
  const { entities: _entities, ...rest } = activity;
  return { ...rest, from: { id: options.user.id, aadObjectId: options.user.aadObjectId } as ChannelAccount, membersAdded } as TeamsActivity;
}

/** Short name for conversationUpdateMembersAdded. */
export const membersAdded = conversationUpdateMembersAdded;

/** What Teams sends when the app is installed ('add') or uninstalled ('remove') in personal scope. */
export function installationUpdate(options: ActivityContext & { action: 'add' | 'remove' | 'add-upgrade' | 'remove-upgrade' }): TeamsActivity {
  const { activity, tenantId } = base(options, 'installationUpdate', eventId());
  return {
    ...activity,
    action: options.action,
    channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
  } as TeamsActivity;
}

export interface PostResult {
  status: number;
  /** Parsed JSON when the answer is JSON, the text otherwise, undefined when empty. */
  body: unknown;
  headers: Headers;
}

/** POSTs an activity to `${baseUrl}/api/messages` as Teams would and returns the answer. */
export async function postActivity(baseUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await response.text();
  let body: unknown = text.length === 0 ? undefined : text;
  if (text.length > 0 && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, body, headers: response.headers };
}
