/**
 * `status [group]`: BRAG counts, overdue actions, missing updates and open escalations of
 * the caller's plan (or one of its groups), as a card. In a channel it shows the group the
 * channel is linked to and nothing else; escalations with their reasons are shown to those
 * who may read them (decisions/visibility.ts), and counted for everyone else.
 */
import { messageCard, statusCard as renderStatusCard, type AdaptiveCardJson } from '../../src/cards';
import type { ConversationRef, Group } from '../../src/domain/model';
import { statusEscalationScope } from '../../src/decisions/visibility';
import { computePlanStatus, findGroup, UnknownGroupError } from '../../src/facts/status';
import type { Caller, Membership } from '../identity';
import { groupsOf } from '../../src/storage/cachedReads';
import { notInPlan, type BotDeps } from './context';
import type { Command } from '../../src/commands/parseCommand';
import type { Turn } from '../turn';

/** The group a channel is linked to, in the first of the caller's plans that has one. */
async function linkedGroup(deps: BotDeps, caller: Caller, channel: ConversationRef): Promise<{ membership: Membership; group: Group } | undefined> {
  for (const membership of caller.memberships) {
    const group = [...(await groupsOf(deps, membership.plan.id)).values()].find((g) => g.channel?.conversation.id === channel.conversation.id);
    if (group) return { membership, group };
  }
  return undefined;
}

export async function statusCard(deps: BotDeps, caller: Caller, groupName?: string, channel?: ConversationRef): Promise<AdaptiveCardJson> {
  let membership = caller.memberships[0];
  if (!membership) return notInPlan(caller);
  let group = groupName;
  let channelGroup: Group | undefined;
  if (channel) {
    const linked = await linkedGroup(deps, caller, channel);
    if (!linked) {
      return messageCard(
        'This channel is not linked',
        `In a channel I show the status of the group the channel is linked to, and this one is not linked to a group. Ask me "status" in a personal chat, or a chair or plan administrator can link the channel by saying "@Plan Pulse link" and the group's name.`,
      );
    }
    const groups = [...(await groupsOf(deps, linked.membership.plan.id)).values()];
    if (groupName && findGroup(groups, groupName)?.id !== linked.group.id) {
      return messageCard(
        `This channel shows ${linked.group.name}`,
        `This channel is linked to ${linked.group.name}, so here I show that group's status only. Ask me "status ${groupName}" in a personal chat for another group's.`,
      );
    }
    membership = linked.membership;
    channelGroup = linked.group;
    group = linked.group.name;
  }
  const planId = membership.plan.id;
  let status;
  try {
    status = await computePlanStatus(deps.store, planId, deps.clock, {
      group,
      timeZone: deps.timeZone,
    });
  } catch (err) {
    if (err instanceof UnknownGroupError) return messageCard('No such group', err.message, 'warning');
    throw err;
  }
  const groups = [...(await groupsOf(deps, planId)).values()];
  const { counted, shown: visible } = statusEscalationScope(membership.person, groups, group ? findGroup(groups, group) : undefined, channelGroup);
  const [all, shown] = deps.openEscalationRows
    ? await Promise.all([deps.openEscalationRows(planId, counted), deps.openEscalationRows(planId, visible)])
    : [[], []];
  return renderStatusCard({
    ...status,
    escalations: shown,
    escalationsHidden: all.length - shown.length,
    now: deps.clock.now(),
    timeZone: deps.timeZone,
  });
}

/** `status [group]`: in a channel, the status of the group the channel is linked to. */
export async function status(turn: Turn, { group }: Extract<Command, { kind: 'status' }>): Promise<AdaptiveCardJson> {
  return statusCard(turn.deps, await turn.caller(), group, turn.channel());
}
