/**
 * "away until <date>": pauses a lead's prompts until that date (their delegate gets them
 * instead, where they have one); "away off" ends it early.
 */
import type { AdaptiveCardJson } from '../../src/cards/render';
import type { Command } from '../../src/commands/parseCommand';
import { formatPlanDate } from '../../src/cards/views';
import type { Caller } from '../identity';
import { messageCard, notInPlanCard } from '../cards';
import { forgetPeople, peopleOf } from '../cachedReads';
import { today, type BotDeps } from './context';

export async function setAway(deps: BotDeps, caller: Caller, cmd: Extract<Command, { kind: 'away' }>): Promise<AdaptiveCardJson> {
  if (caller.memberships.length === 0) return notInPlanCard(caller.name, caller.email, caller.refused);
  if (cmd.cancel) {
    for (const { plan, person } of caller.memberships) {
      await deps.store.plans.modifyPerson(plan.id, person.id, (p) => ({ ...p, awayUntil: undefined }));
      forgetPeople(deps, plan.id);
    }
    return messageCard('Welcome back', 'Your prompts are on again.', 'good');
  }
  if (!cmd.until) {
    return messageCard(
      'When are you back?',
      cmd.raw
        ? `I could not read "${cmd.raw}" as a date. Say, for example, "away until 2026-12-04" or "away until 4 December 2026".`
        : 'Say, for example, "away until 2026-12-04" or "away until 4 December 2026".',
      'warning',
    );
  }
  if (cmd.until < today(deps)) {
    return messageCard('That date has passed', `${formatPlanDate(cmd.until)} is in the past; give the date you are back.`, 'warning');
  }
  const delegates: string[] = [];
  for (const { plan, person } of caller.memberships) {
    await deps.store.plans.modifyPerson(plan.id, person.id, (p) => ({ ...p, awayUntil: cmd.until }));
    forgetPeople(deps, plan.id);
    if (person.delegateId) {
      const people = await peopleOf(deps, plan.id);
      delegates.push(people.get(person.delegateId)?.name ?? person.delegateId);
    }
  }
  const cover = delegates.length > 0 ? ` ${[...new Set(delegates)].join(' and ')} will get them meanwhile and may update on your behalf.` : ' Your chair will see that you are away in their digest.';
  return messageCard('Out of office noted', `Your prompts are paused until ${formatPlanDate(cmd.until)}.${cover} Say "away off" when you are back early.`, 'good');
}
