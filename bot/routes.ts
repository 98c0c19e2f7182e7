/**
 * Every chat command and every card verb the bot answers, and the handler for each: the one
 * route table. bot/app.ts registers it on the teams-ai application. A new command is a row
 * here with a handler in bot/handlers/; so is a new card verb.
 */
import type { AdaptiveCardJson } from '../src/cards/render';
import type { Command } from '../src/commands/parseCommand';
import { away } from './handlers/away';
import { acknowledgeOrResolve, refreshBoardReport } from './handlers/board';
import { decideBlueRating, decideDate, digest, link, pickGroupToLink } from './handlers/groups';
import { help, tooLong } from './handlers/help';
import { measureOpen, measureSubmit } from './handlers/measures';
import { status } from './handlers/status';
import { actionsPage, history, myActionsOf, noChange, notRecorded, openForm, openRevisedDate, quickUpdate, quickUpdates, submitForm, updateCommand } from './handlers/updates';
import type { Turn } from './turn';

/** What a command's handler answers with: cards sent in order, or nothing when it replied itself. */
export type Answer = AdaptiveCardJson | AdaptiveCardJson[] | undefined;

export type CommandRoute = {
  [K in Command['kind']]: {
    command: K;
    /** Answered only in a personal chat: in a channel it would show one person's actions to everyone. */
    personalOnly?: boolean;
    handle(turn: Turn, command: Extract<Command, { kind: K }>): Promise<Answer>;
  };
}[Command['kind']];

export interface VerbRoute {
  verb: string;
  /** The card that answers the click (it replaces the clicked card for the clicker). */
  handle(turn: Turn): Promise<AdaptiveCardJson>;
}

export const COMMAND_ROUTES: readonly CommandRoute[] = [
  { command: 'help', handle: help },
  { command: 'myActions', personalOnly: true, handle: myActionsOf },
  { command: 'update', personalOnly: true, handle: updateCommand },
  { command: 'quickUpdate', personalOnly: true, handle: quickUpdate },
  { command: 'quickUpdates', personalOnly: true, handle: quickUpdates },
  { command: 'notRecorded', personalOnly: true, handle: notRecorded },
  { command: 'away', personalOnly: true, handle: away },
  { command: 'status', handle: status },
  { command: 'tooLong', handle: tooLong },
  { command: 'link', handle: link },
  { command: 'digest', handle: digest },
];

export const VERB_ROUTES: readonly VerbRoute[] = [
  { verb: 'actions.list', handle: myActionsOf },
  { verb: 'actions.page', handle: actionsPage },
  { verb: 'update.open', handle: openForm },
  { verb: 'update.submit', handle: submitForm },
  { verb: 'update.noChange', handle: noChange },
  { verb: 'revisedDate.open', handle: openRevisedDate },
  { verb: 'history.show', handle: history },
  { verb: 'link.pick', handle: pickGroupToLink },
  { verb: 'revisedDate.approve', handle: (turn) => decideDate(turn, 'approved') },
  { verb: 'revisedDate.reject', handle: (turn) => decideDate(turn, 'rejected') },
  { verb: 'blue.confirm', handle: (turn) => decideBlueRating(turn, 'confirmed') },
  { verb: 'blue.decline', handle: (turn) => decideBlueRating(turn, 'declined') },
  { verb: 'escalation.ack', handle: (turn) => acknowledgeOrResolve(turn, 'acknowledged') },
  { verb: 'escalation.resolve', handle: (turn) => acknowledgeOrResolve(turn, 'resolved') },
  { verb: 'board.refresh', handle: refreshBoardReport },
  { verb: 'measure.open', handle: measureOpen },
  { verb: 'measure.submit', handle: measureSubmit },
];
