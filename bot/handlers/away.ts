/**
 * "away until <date>": pauses a lead's prompts until that date (their delegate gets them
 * instead, where they have one); "away off" ends it early. The rule is src/plans/away.ts's;
 * this handler words its answer.
 */
import type { AdaptiveCardJson } from '../../src/cards/render';
import type { Command } from '../../src/commands/parseCommand';
import { setAway } from '../../src/plans/away';
import { formatPlanDate, messageCard } from '../../src/cards';
import { forgetPeople, peopleOf } from '../../src/storage/cachedReads';
import type { Turn } from '../turn';
import { notInPlan, today } from './context';

export async function away(turn: Turn, command: Extract<Command, { kind: 'away' }>): Promise<AdaptiveCardJson> {
  const caller = await turn.caller();
  if (caller.memberships.length === 0) return notInPlan(caller);
  const deps = turn.deps;
  const result = await setAway(
    { store: deps.store, peopleOf: (planId) => peopleOf(deps, planId), changed: (planId) => forgetPeople(deps, planId) },
    caller.memberships,
    command,
    today(deps),
  );
  switch (result.kind) {
    case 'back':
      return messageCard('Welcome back', 'Your prompts are on again.', 'good');
    case 'needDate':
      return messageCard(
        'When are you back?',
        result.raw
          ? `I could not read "${result.raw}" as a date. Say, for example, "away until 2026-12-04" or "away until 4 December 2026".`
          : 'Say, for example, "away until 2026-12-04" or "away until 4 December 2026".',
        'warning',
      );
    case 'past':
      return messageCard('That date has passed', `${formatPlanDate(result.until)} is in the past; give the date you are back.`, 'warning');
    case 'away': {
      const cover =
        result.delegates.length > 0
          ? ` ${result.delegates.join(' and ')} will get them meanwhile and may update on your behalf.`
          : ' Your chair will see that you are away in their digest.';
      return messageCard('Out of office noted', `Your prompts are paused until ${formatPlanDate(result.until)}.${cover} Say "away off" when you are back early.`, 'good');
    }
  }
}
