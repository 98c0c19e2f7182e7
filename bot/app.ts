/**
 * The bot: a teams-ai Application answering the route table (bot/routes.ts): each chat
 * command and each card verb goes to its handler through one Turn (bot/turn.ts). Lifecycle
 * events, the fallbacks for what no route takes, and turn errors are answered here.
 */
import { Application, TurnState, type TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { helpCard, messageCard } from '../src/cards';
import { notInPlan, turnDeps, type BotDeps } from './handlers/context';
import { notUnderstood } from './handlers/help';
import { isPersonal, markUnreachable } from './identity';
import { learnRoster } from './roster';
import { COMMAND_ROUTES, VERB_ROUTES, type Answer, type CommandRoute } from './routes';
import { Turn } from './turn';

export interface BotExtensions {
  /** Registers further routes on the same application, after the route table's. */
  register?(app: Application<TurnState>, deps: BotDeps): void;
}

const personalOnlyCard = () =>
  messageCard('Ask me in a personal chat', 'Your actions and updates are yours: open a chat with Plan Pulse to see and update them.');

async function send(turn: Turn, answer: Answer): Promise<void> {
  if (answer === undefined) return;
  await turn.reply(...(Array.isArray(answer) ? answer : [answer]));
}

export function createBotApp(adapter: TeamsAdapter, deps: BotDeps, extensions: BotExtensions = {}): Application<TurnState> {
  const app = new Application<TurnState>({ adapter, removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });

  const turnOf = (ctx: TurnContext) => new Turn(ctx, deps);

  // Lifecycle: remember the conversation and greet on install; mark unreachable on uninstall.
  app.conversationUpdate('membersAdded', async (ctx) => {
    const botId = ctx.activity.recipient?.id;
    const botAdded = (ctx.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (!botAdded) return;
    const turn = turnOf(ctx);
    if (!turn.personal) {
      await learnRoster(ctx, deps);
      await turn.reply(messageCard('Plan Pulse is here', 'A chair or plan administrator can bind this channel to a task-and-finish group or board by saying "@Plan Pulse link" and its name (for example "@Plan Pulse link Inclusion").'));
      return;
    }
    const caller = await turn.caller();
    await turn.reply(caller.memberships.length > 0 ? helpCard(caller) : notInPlan(caller));
  });

  app.activity('installationUpdate', async (ctx) => {
    const action = (ctx.activity as { action?: string }).action ?? '';
    if (action.startsWith('remove')) {
      await markUnreachable(ctx, deps.store, deps.cache, 'The app was uninstalled.', 'appRemoved');
      return;
    }
    if (isPersonal(ctx)) await turnOf(ctx).caller();
  });

  // The route table: one message route dispatching on the command's kind, one invoke route per card verb.
  const commands = new Map<string, CommandRoute>(COMMAND_ROUTES.map((route) => [route.command, route]));
  app.message(
    async (ctx) => ctx.activity.type === 'message' && commands.has(turnOf(ctx).command().kind),
    async (ctx) => {
      const turn = turnOf(ctx);
      const command = turn.command();
      const route = commands.get(command.kind)!; // the selector matched it
      if (route.personalOnly && !turn.personal) return turn.reply(personalOnlyCard());
      // The table pairs each kind with its handler, which the compiler checked there.
      await send(turn, await (route.handle as (turn: Turn, command: unknown) => Promise<Answer>)(turn, command));
    },
  );
  for (const route of VERB_ROUTES) {
    app.adaptiveCards.actionExecute(route.verb, async (ctx) => route.handle(turnOf(ctx)));
  }
  extensions.register?.(app, deps);

  // A message no route takes: help, saying what was not understood.
  app.message(async (ctx) => ctx.activity.type === 'message', async (ctx) => notUnderstood(turnOf(ctx)));

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
