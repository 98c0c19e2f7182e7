/**
 * `help`, a message too long to read, and anything the bot does not understand: what the
 * caller can do (or, to someone no plan names, why the bot cannot act for them).
 */
import type { AdaptiveCardJson } from '../../src/cards/render';
import type { Command } from '../../src/commands/parseCommand';
import { helpCard, messageCard } from '../../src/cards';
import { notInPlan } from './context';
import type { Turn } from '../turn';

export async function help(turn: Turn): Promise<AdaptiveCardJson> {
  const caller = await turn.caller();
  return turn.personal && caller.memberships.length === 0 ? notInPlan(caller) : helpCard(caller);
}

export async function tooLong(_turn: Turn, { length, limit }: Extract<Command, { kind: 'tooLong' }>): Promise<AdaptiveCardJson> {
  return messageCard(
    'That message is too long for me',
    `It is ${length.toLocaleString('en-GB')} characters long; I read chat messages of up to ${limit.toLocaleString('en-GB')} characters, so nothing was recorded. For a long update, say "update" and the action's number (for example "update 2.4") to open the update form.`,
    'attention',
  );
}

/** A message no route took: help, saying what was not understood. */
export async function notUnderstood(turn: Turn): Promise<void> {
  const caller = await turn.caller();
  if (turn.personal && caller.memberships.length === 0) {
    await turn.reply(notInPlan(caller));
    return;
  }
  const command = turn.command();
  const said = command.kind === 'unknown' && command.text ? `I did not understand "${command.text.slice(0, 80)}". ` : '';
  await turn.reply(`${said}Here is what I can do:`, helpCard());
}
