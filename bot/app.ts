/**
 * The bot: a teams-ai Application with one route per chat command and per card verb.
 * Routes parse their input, call a handler and send or return its card.
 */
import { Application, TurnState, type TeamsAdapter } from '@microsoft/teams-ai';
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { parseCommand, type Command } from '../src/commands/parseCommand';
import type { AdaptiveCardJson } from '../src/cards/render';
import { helpCard, messageCard, notInPlanCard } from './cards';
import { callerOf, turnDeps, type BotDeps } from './handlers/context';
import { setAway } from './handlers/away';
import { registerBoardRoutes } from './handlers/board';
import { registerGroupRoutes } from './handlers/groups';
import { registerMeasureRoutes } from './handlers/measures';
import { statusCard } from './handlers/status';
import { channelRefOf } from './handlers/reportingContext';
import { myActions, openUpdateForm, pageDataSchema, recordUpdate, refDataSchema, showHistory } from './handlers/updates';
import { isPersonal, markUnreachable } from './identity';
import { learnRoster } from './roster';

export interface BotExtensions {
  /** Registers further routes (group and board features) on the same application. */
  register?(app: Application<TurnState>, deps: BotDeps): void;
}

function cardActivity(card: AdaptiveCardJson) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

function commandIs(kind: Command['kind']) {
  return async (ctx: TurnContext) => ctx.activity.type === 'message' && parseCommand(ctx.activity.text ?? '').kind === kind;
}

function command<K extends Command['kind']>(ctx: TurnContext, _kind: K): Extract<Command, { kind: K }> {
  return parseCommand(ctx.activity.text ?? '') as Extract<Command, { kind: K }>;
}

/** A card verb's data, parsed; a bad shape answers with a message card instead of failing. */
function parseData<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, data: unknown): { ok: true; value: T } | { ok: false; card: AdaptiveCardJson } {
  const parsed = schema.safeParse(data ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
  return { ok: false, card: messageCard('That button did not work', `The card sent data the bot cannot read (${where}).`, 'attention') };
}

export function createBotApp(adapter: TeamsAdapter, deps: BotDeps, extensions: BotExtensions = {}): Application<TurnState> {
  const app = new Application<TurnState>({ adapter, removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });

  const reply = async (ctx: TurnContext, card: AdaptiveCardJson) => {
    await ctx.sendActivity(cardActivity(card));
  };

  /** Personal-chat commands answered in a channel would show one person's actions to everyone. */
  const personalOnly = async (ctx: TurnContext): Promise<boolean> => {
    if (isPersonal(ctx)) return true;
    await reply(ctx, messageCard('Ask me in a personal chat', 'Your actions and updates are yours: open a chat with Plan Pulse to see and update them.'));
    return false;
  };

  // Lifecycle: remember the conversation and greet on install; mark unreachable on uninstall.
  app.conversationUpdate('membersAdded', async (ctx) => {
    const botId = ctx.activity.recipient?.id;
    const botAdded = (ctx.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (!botAdded) return;
    if (!isPersonal(ctx)) {
      await learnRoster(ctx, deps);
      await reply(ctx, messageCard('Plan Pulse is here', 'A chair or plan administrator can bind this channel to a task-and-finish group or board with "@Plan Pulse link <group name>".'));
      return;
    }
    const caller = await callerOf(ctx, deps);
    await reply(ctx, caller.memberships.length > 0 ? helpCard(caller.name) : notInPlanCard(caller.name, caller.email, caller.refused));
  });

  app.activity('installationUpdate', async (ctx) => {
    const action = (ctx.activity as { action?: string }).action ?? '';
    if (action.startsWith('remove')) {
      await markUnreachable(ctx, deps.store, deps.cache, 'The app was uninstalled.', 'appRemoved');
      return;
    }
    if (isPersonal(ctx)) await callerOf(ctx, deps);
  });

  // Chat commands.
  app.message(commandIs('help'), async (ctx) => {
    const caller = await callerOf(ctx, deps);
    await reply(ctx, isPersonal(ctx) && caller.memberships.length === 0 ? notInPlanCard(caller.name, caller.email, caller.refused) : helpCard(caller.name));
  });

  app.message(commandIs('myActions'), async (ctx) => {
    if (!(await personalOnly(ctx))) return;
    await reply(ctx, await myActions(deps, await callerOf(ctx, deps)));
  });

  app.message(commandIs('update'), async (ctx) => {
    if (!(await personalOnly(ctx))) return;
    const { ref } = command(ctx, 'update');
    await reply(ctx, await openUpdateForm(deps, await callerOf(ctx, deps), ref));
  });

  app.message(commandIs('quickUpdate'), async (ctx) => {
    if (!(await personalOnly(ctx))) return;
    const { ref, brag, text } = command(ctx, 'quickUpdate');
    // The activity id makes a redelivered message record nothing new.
    const submissionId = `chat-${ctx.activity.id ?? ''}`;
    await reply(ctx, await recordUpdate(turnDeps(ctx, deps), await callerOf(ctx, deps), { ref, brag, narrative: text, submissionId }));
  });

  app.message(commandIs('away'), async (ctx) => {
    if (!(await personalOnly(ctx))) return;
    await reply(ctx, await setAway(deps, await callerOf(ctx, deps), command(ctx, 'away')));
  });

  app.message(commandIs('status'), async (ctx) => {
    const { group } = command(ctx, 'status');
    await reply(ctx, await statusCard(deps, await callerOf(ctx, deps), group, channelRefOf(ctx)));
  });

  app.message(commandIs('tooLong'), async (ctx) => {
    const { length, limit } = command(ctx, 'tooLong');
    await reply(
      ctx,
      messageCard(
        'That message is too long for me',
        `It is ${length.toLocaleString('en-GB')} characters long; I read chat messages of up to ${limit.toLocaleString('en-GB')} characters, so nothing was recorded. For a long update, say "update" and the action's number (for example "update 2.4") to open the update form.`,
        'attention',
      ),
    );
  });

  registerGroupRoutes(app, deps);
  registerBoardRoutes(app, deps);
  registerMeasureRoutes(app, deps);
  extensions.register?.(app, deps);

  app.message(async (ctx) => ctx.activity.type === 'message', async (ctx) => {
    const caller = await callerOf(ctx, deps);
    if (isPersonal(ctx) && caller.memberships.length === 0) {
      await reply(ctx, notInPlanCard(caller.name, caller.email, caller.refused));
      return;
    }
    const text = parseCommand(ctx.activity.text ?? '');
    const said = text.kind === 'unknown' && text.text ? `I did not understand "${text.text.slice(0, 80)}". ` : '';
    await ctx.sendActivity(`${said}Here is what I can do:`);
    await reply(ctx, helpCard());
  });

  // Card verbs.
  app.adaptiveCards.actionExecute('actions.list', async (ctx) => myActions(deps, await callerOf(ctx, deps)));

  app.adaptiveCards.actionExecute('actions.page', async (ctx, _state, data) => {
    const page = pageDataSchema.parse(data ?? {}).page;
    return myActions(deps, await callerOf(ctx, deps), page);
  });

  app.adaptiveCards.actionExecute('update.open', async (ctx, _state, data) => {
    const parsed = parseData(refDataSchema, data);
    if (!parsed.ok) return parsed.card;
    return openUpdateForm(deps, await callerOf(ctx, deps), parsed.value.ref, parsed.value.planId);
  });

  app.adaptiveCards.actionExecute('update.submit', async (ctx, _state, data) => {
    return recordUpdate(turnDeps(ctx, deps), await callerOf(ctx, deps), (data ?? {}) as Record<string, unknown>);
  });

  app.adaptiveCards.actionExecute('history.show', async (ctx, _state, data) => {
    const parsed = parseData(refDataSchema, data);
    if (!parsed.ok) return parsed.card;
    return showHistory(deps, await callerOf(ctx, deps), parsed.value.ref, parsed.value.planId);
  });

  // A button no route knows (a card from an older version, say): without this the invoke is
  // answered 501 and Teams shows only a generic failure. Registered last, so it matches nothing else.
  app.adaptiveCards.actionExecute(/.*/, async (ctx) => {
    const verb = (ctx.activity.value as { action?: { verb?: string } } | undefined)?.action?.verb ?? '';
    turnDeps(ctx, deps).logger.warn({ verb: verb.slice(0, 80) }, 'A card action no route knows.');
    return messageCard('That button did not work', "This card's button is not one Plan Pulse knows (the card may be from an older version), so nothing was changed. Say \"help\" to see what you can do.", 'attention');
  });

  app.error(async (ctx, err) => {
    turnDeps(ctx, deps).logger.error({ err: err.message, activityType: ctx.activity.type }, 'A turn failed.');
    if (ctx.activity.type === 'message') {
      await ctx.sendActivity('Sorry, something went wrong on my side and nothing was changed. Please try again in a minute.');
    } else if (ctx.activity.type === 'invoke' && ctx.activity.name === 'adaptiveCard/action') {
      // Answer the button with a card, not a bare error status.
      const card = messageCard('That did not work', 'Something went wrong on my side and nothing was changed. Please try again in a minute.', 'attention');
      await ctx.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } } });
    }
  });

  return app;
}
