/**
 * The notice a group's chairs get when someone else moves their group's channel to another
 * group: queued in the outbox (a proactive message like any other), so a chair learns that
 * their summaries no longer reach the channel even if they never read it again.
 */
import type { Clock } from '../domain/clock';
import type { Group, Person } from '../domain/model';
import { chairsOf } from '../decisions/authority';
import { cardActivity, formatDate, messageCard } from '../cards';
import type { NewMessage } from '../outbox/model';
import type { Store } from '../storage/store';

export const channelMovedKey = (fromGroupId: string, toGroupId: string, at: string, chairId: string) => `channelMoved~${fromGroupId}~${toGroupId}~${at}~${chairId}`;

export interface ChannelMove {
  from: Group;
  to: Group;
  by: Person;
  channelName?: string;
  at: Date;
  /** The plan's time zone (PLAN_TIMEZONE), the day of the move is told in. */
  timeZone: string;
}

export function channelMovedMessages(input: ChannelMove): NewMessage[] {
  const { from, to, by } = input;
  const what = from.kind === 'board' ? 'exception reports' : 'cycle summaries';
  const title = `${from.name}'s channel now reports for ${to.name}`;
  const chairs = chairsOf(from).filter((id) => id !== by.id);
  return chairs.map((chairId) => ({
    key: channelMovedKey(from.id, to.id, input.at.toISOString(), chairId),
    kind: 'channelMoved',
    recipientId: chairId,
    activity: cardActivity(
      messageCard(
        title,
        `${by.name}${by.admin ? ' (a plan administrator)' : ''} linked the channel ${input.channelName ? `"${input.channelName}" ` : ''}that received ${from.name}'s ${what} to ${to.name} on ${formatDate(input.at.toISOString(), input.timeZone)}. ${from.name}'s ${what} no longer go to a channel: say "@Plan Pulse link ${from.name}" in the channel where they should go.`,
        'warning',
        [],
        [
          { title: 'Your group', value: from.name },
          { title: 'Now linked to', value: to.name },
          { title: 'By', value: by.name },
        ],
      ),
      title,
    ),
    params: { groupId: from.id, toGroupId: to.id, by: by.id },
  }));
}

/** Queues the notice for each chair of `from` other than the person who moved the channel. */
export async function tellChairsChannelMoved(store: Store, clock: Clock, input: Omit<ChannelMove, 'at'>): Promise<string[]> {
  const messages = channelMovedMessages({ ...input, at: clock.now() });
  if (messages.length === 0) return [];
  await store.outbox.enqueue(input.from.planId, messages, clock);
  return messages.map((m) => m.key);
}
