/**
 * The notice a group's chairs get when someone else moves their group's channel to another
 * group: queued in the outbox (a proactive message like any other), so a chair learns that
 * their summaries no longer reach the channel even if they never read it again.
 */
import type { Clock } from '../domain/clock';
import type { Group, Person } from '../domain/model';
import { chairsOf } from '../decisions/authority';
import { cardActivity, formatPlanDate, messageCard } from '../cards';
import type { NewMessage } from '../outbox/model';
import type { Store } from '../storage/store';

export const channelMovedKey = (fromGroupId: string, toGroupId: string, at: string, chairId: string) => `channelMoved~${fromGroupId}~${toGroupId}~${at}~${chairId}`;

export function channelMovedMessages(input: { from: Group; to: Group; by: Person; channelName?: string; at: Date }): NewMessage[] {
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
        `${by.name}${by.admin ? ' (a plan administrator)' : ''} linked the channel ${input.channelName ? `"${input.channelName}" ` : ''}that received ${from.name}'s ${what} to ${to.name} on ${formatPlanDate(input.at.toISOString().slice(0, 10))}. ${from.name}'s ${what} no longer go to a channel: say "@Plan Pulse link ${from.name}" in the channel where they should go.`,
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
export async function tellChairsChannelMoved(store: Store, clock: Clock, input: Omit<Parameters<typeof channelMovedMessages>[0], 'at'>): Promise<string[]> {
  const messages = channelMovedMessages({ ...input, at: clock.now() });
  if (messages.length === 0) return [];
  await store.outbox.enqueue(input.from.planId, messages, clock);
  return messages.map((m) => m.key);
}
