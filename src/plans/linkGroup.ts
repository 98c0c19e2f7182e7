/**
 * Linking a Teams channel to a group or board: the channel then receives the group's cycle
 * summaries (a board's exception reports). The authority rules are the decisions module's
 * (`mayLinkChannel`, `mayTakeChannelFrom`); this service applies them and moves the link,
 * and says what happened as a value for the caller to word.
 */
import type { ConversationRef, Group, Person, Plan } from '../domain/model';
import { chairsOf, mayLinkChannel, mayTakeChannelFrom } from '../decisions/authority';
import type { Clock } from '../domain/clock';
import type { Store } from '../storage/store';
import { tellChairsChannelMoved } from '../reporting/channelNotices';

export type LinkResult =
  /** The caller may not link the group: its chairs (ids) may. */
  | { kind: 'notChair'; group: Group; chairIds: string[] }
  /** Another group holds the channel and the caller may not take it from that group. */
  | { kind: 'heldByOther'; group: Group; holder: Group }
  | {
      kind: 'linked';
      group: Group;
      /** The group was linked to another channel before, which no longer receives its summaries. */
      movedFromChannel: boolean;
      /** The group that held this channel before, which no longer posts here. */
      tookFrom?: Group;
    };

const sameChannel = (a: ConversationRef | undefined, b: ConversationRef) => !!a && a.conversation.id === b.conversation.id;

export interface LinkRequest {
  plan: Plan;
  group: Group;
  channel: ConversationRef;
  /** The caller's person in the plan; undefined when they are not named in it. */
  person: Person | undefined;
  clock: Clock;
  /** The plan's time zone, for the day the notice to the chairs of a group that lost the channel gives. */
  timeZone: string;
}

/** Binds `channel` to the group, after checking the caller may; returns what changed. */
export async function linkGroup(store: Store, { plan, group, channel, person, clock, timeZone }: LinkRequest): Promise<LinkResult> {
  if (!person || !mayLinkChannel(person, group)) return { kind: 'notChair', group, chairIds: chairsOf(group) };
  const groups = await store.plans.listGroups(plan.id);
  // Normally one group holds a channel; any others left by older data let go of it too.
  const holders = groups.filter((other) => other.id !== group.id && sameChannel(other.channel, channel));
  const kept = holders.find((holder) => !mayTakeChannelFrom(person, holder));
  if (kept) return { kind: 'heldByOther', group, holder: kept };
  for (const holder of holders) {
    await store.plans.modifyGroup(plan.id, holder.id, (g) => {
      const { channel: _old, channelLinkedBy: _by, ...rest } = g;
      return rest as Group;
    });
    // Its chairs hear of it in a message of their own, not only from whoever reads this channel.
    await tellChairsChannelMoved(store, clock, { from: holder, to: group, by: person, timeZone });
  }
  const movedFromChannel = !!group.channel && !sameChannel(group.channel, channel);
  const linked = await store.plans.modifyGroup(plan.id, group.id, (g) => ({ ...g, channel, channelLinkedBy: person.id }));
  return { kind: 'linked', group: linked, movedFromChannel, tookFrom: holders.at(-1) };
}
