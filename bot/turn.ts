/**
 * One turn of the bot, as every handler sees it: the dependencies (with the turn's
 * correlated logger), the caller (resolved once), the chat command (parsed once), the card's
 * data parsed with a zod schema, the channel the turn came from, and replying with a card.
 */
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { z } from 'zod';
import { parseCommand, type Command } from '../src/commands/parseCommand';
import type { AdaptiveCardJson } from '../src/cards/render';
import type { ConversationRef, Person } from '../src/domain/model';
import type { Transport } from '../src/outbox/transport';
import { messageCard } from '../src/cards';
import type { Caller } from './identity';
import { isPersonal } from './identity';
import { callerOf, turnDeps, type BotDeps } from './handlers/context';
import { channelRefOf, personIn, turnTransport } from './handlers/reportingContext';

const COMMAND = 'planpulse.command';

/** A card's data, parsed; `card` answers a bad shape (the button's card is shown this instead). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; card: AdaptiveCardJson };

export class Turn {
  constructor(
    readonly ctx: TurnContext,
    private readonly shared: BotDeps,
  ) {}

  /** The dependencies, with a logger whose lines carry this turn's correlation id. */
  get deps(): BotDeps {
    return turnDeps(this.ctx, this.shared);
  }

  /** Whether the turn is in a personal chat (rather than a channel or group chat). */
  get personal(): boolean {
    return isPersonal(this.ctx);
  }

  /** The person talking, with the plans they may act in; resolved once per turn. */
  caller(): Promise<Caller> {
    return callerOf(this.ctx, this.shared);
  }

  /** The caller's person in a plan, or undefined when the plan does not name them. */
  async personIn(planId: string): Promise<Person | undefined> {
    return personIn(await this.caller(), planId);
  }

  /** The chat command the message says, parsed once per turn. */
  command(): Command {
    let command = this.ctx.turnState.get(COMMAND) as Command | undefined;
    if (!command) {
      command = parseCommand(this.ctx.activity.type === 'message' ? (this.ctx.activity.text ?? '') : '');
      this.ctx.turnState.set(COMMAND, command);
    }
    return command;
  }

  /** The Teams channel the turn came from (not its reply thread); undefined outside a channel. */
  channel(): ConversationRef | undefined {
    return channelRefOf(this.ctx);
  }

  /** Sending and editing from inside the turn, through its own adapter. */
  transport(): Transport {
    return turnTransport(this.ctx);
  }

  /**
   * The card's data read with `schema`. A shape the bot cannot read answers with a card saying
   * so (`problem` says what the card failed to say, when a button has a kinder way to put it).
   */
  data<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, problem?: { title: string; text: string }): Parsed<T> {
    const parsed = schema.safeParse(cardData(this.ctx));
    if (parsed.success) return { ok: true, value: parsed.data };
    if (problem) return { ok: false, card: messageCard(problem.title, problem.text, 'attention') };
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
    return { ok: false, card: messageCard('That button did not work', `The card sent data the bot cannot read (${where}).`, 'attention') };
  }

  /** Sends cards (or a line of text) into the conversation, in order. */
  async reply(...messages: Array<AdaptiveCardJson | string>): Promise<void> {
    for (const message of messages) {
      await this.ctx.sendActivity(typeof message === 'string' ? message : MessageFactory.attachment(CardFactory.adaptiveCard(message)));
    }
  }
}

/** The data an Action.Execute carries (its own data merged with the card's inputs). */
export function cardData(ctx: TurnContext): Record<string, unknown> {
  const value = ctx.activity.value as { action?: { data?: unknown } } | undefined;
  const data = value?.action?.data;
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}
