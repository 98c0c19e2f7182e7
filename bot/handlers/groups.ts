/**
 * Group routes: `link <group name>` in a channel (and the picker's `link.pick`), `digest` (the
 * channel summary in a linked channel, the chair digest in a personal chat), and the chair's
 * decisions on proposed completion dates (`revisedDate.approve` / `revisedDate.reject`) and on
 * proposed blues (`blue.confirm` / `blue.decline`). Each parses, calls a service in src/ and
 * renders its answer.
 */
import { z } from 'zod';
import type { Command } from '../../src/commands/parseCommand';
import { formatPlanDate, linkPickerCard, messageCard as message, personName, readBlueNote, type AdaptiveCardJson } from '../../src/cards';
import type { ConversationRef, Group, Plan } from '../../src/domain/model';
import { decideRevisedDate } from '../../src/decisions/revisedDates';
import { decideBlue } from '../../src/decisions/blueDecisions';
import { chairsOf } from '../../src/decisions/authority';
import { answerToDecision, type DecisionKind } from '../../src/decisions/decisionAnswer';
import { linkGroup } from '../../src/plans/linkGroup';
import { findGroupToLink } from '../../src/plans/linkTarget';
import { digestGroupsFor } from '../../src/reporting/digestScope';
import { chairDigestCard, publishAskedBoardReport, publishChannelSummary, refreshPostedReports } from '../../src/reporting/reports';
import { learnRoster } from '../roster';
import { forgetActionRow, forgetGroups, peopleOf } from '../../src/storage/cachedReads';
import { notInPlan, type BotDeps } from './context';
import { personIn, reportingDeps } from './reportingContext';
import { cardData, type Turn } from '../turn';

const pickSchema = z.object({ groupId: z.string().min(1), planId: z.string().min(1) });
const decisionSchema = z.object({ planId: z.string().min(1), ref: z.union([z.string(), z.number()]).transform(String), updateId: z.string().min(1) });

const sameChannel = (a: ConversationRef | undefined, b: ConversationRef) => !!a && a.conversation.id === b.conversation.id;

/** Links the channel to the group through the service, and words what happened. */
async function linkAndSay(deps: BotDeps, turn: Turn, plan: Plan, group: Group, channel: ConversationRef): Promise<AdaptiveCardJson> {
  const caller = await turn.caller();
  const result = await linkGroup(deps.store, { plan, group, channel, person: personIn(caller, plan.id), clock: deps.clock, timeZone: deps.timeZone });
  const people = await peopleOf(deps, plan.id);
  const name = (id: string) => people.get(id)?.name ?? id;
  switch (result.kind) {
    case 'notChair':
      return message(
        'Only the chair can link this channel',
        `Only the chair of ${group.name} (${result.chairIds.map(name).join(' or ')}) or a plan administrator can link a channel to it. Nothing was changed.`,
        'warning',
      );
    case 'heldByOther': {
      const holderChair = name(result.holder.chairId);
      return message(
        `This channel is ${result.holder.name}'s`,
        `This channel is linked to ${result.holder.name}, whose chair is ${holderChair}. Only ${holderChair} or a plan administrator can link it to another group; link ${group.name} from another channel, or ask them. Nothing was changed.`,
        'warning',
      );
    }
    case 'linked': {
      forgetGroups(deps, plan.id);
      const other = result.tookFrom;
      const movedFrom = other
        ? ` ${other.name}'s ${other.kind === 'board' ? 'exception reports' : 'cycle summaries'} no longer come here (its chair, ${name(other.chairId)}, is told in a message from Plan Pulse and can link it to another channel).`
        : '';
      return message(
        `Linked to ${group.name}`,
        `This channel now receives ${group.name}'s ${group.kind === 'board' ? 'exception report' : 'cycle summary'} after each meeting (next on ${formatPlanDate(group.nextMeeting)}).${
          result.movedFromChannel ? ' Its previous channel no longer does.' : ''
        }${movedFrom} Say "@Plan Pulse digest" here to see the latest.`,
        'good',
      );
    }
  }
}

async function linkCard(turn: Turn, query: string): Promise<AdaptiveCardJson> {
  const deps = turn.deps;
  const channel = turn.channel();
  if (!channel) return message('Link from a channel', `Say "@Plan Pulse link ${query}" in the team channel you want to bind to the group.`);
  const caller = await turn.caller();
  if (caller.memberships.length === 0)
    return message('You are not in a plan', `${caller.email ?? caller.name} is not named in any plan, so cannot link channels.`, 'warning');
  const target = await findGroupToLink(
    deps.store,
    caller.memberships.map((m) => m.plan),
    query,
  );
  switch (target.kind) {
    case 'none':
      return message('No group by that name', `No group or board matches "${target.query}". The groups are: ${target.groupNames.join('; ')}.`, 'warning');
    case 'several': {
      const people = new Map<string, string>();
      for (const { plan } of caller.memberships) for (const p of (await peopleOf(deps, plan.id)).values()) people.set(`${plan.id}/${p.id}`, p.name);
      return linkPickerCard(
        target.query,
        target.candidates.map(({ plan, group }) => ({ plan, group, chairNames: chairsOf(group).map((id) => people.get(`${plan.id}/${id}`) ?? '') })),
      );
    }
    case 'one':
      return linkAndSay(deps, turn, target.plan, target.group, channel);
  }
}

/** `digest` in a channel: the linked group's summary (a board's report in a board's channel), edited when asked again. */
async function channelDigest(turn: Turn, channel: ConversationRef): Promise<AdaptiveCardJson | undefined> {
  const deps = turn.deps;
  const caller = await turn.caller();
  const linked: Group[] = [];
  for (const { plan } of caller.memberships) {
    linked.push(...(await deps.store.plans.listGroups(plan.id)).filter((g) => sameChannel(g.channel, channel)));
  }
  if (linked.length === 0) {
    return message(
      'This channel is not linked',
      `A chair or plan administrator can bind it to a group by saying "@Plan Pulse link" and the group's name (for example "@Plan Pulse link Inclusion"); the summary then appears here.`,
    );
  }
  const notes: string[] = [];
  for (const group of linked) {
    const options = { transport: turn.transport(), sendNow: true };
    // A board's channel gets the board's report; a group's, its cycle summary (a close still posts its own).
    const outcome =
      group.kind === 'board'
        ? await publishAskedBoardReport(reportingDeps(deps), group, options)
        : await publishChannelSummary(reportingDeps(deps), group, { ...options, asked: true });
    if (group.kind === 'board' && (outcome === 'updated' || outcome === 'unchanged'))
      notes.push(`${group.name}: the board's report is already in the channel and is up to date.`);
    else if (outcome === 'updated' || outcome === 'unchanged')
      notes.push(`${group.name}: the summary for this cycle is already in the channel and is up to date.`);
    else if (outcome === 'queued' || outcome === 'replaced') notes.push(`${group.name}: the summary will appear in a moment.`);
    else if (outcome === 'undeliverable')
      notes.push(`${group.name}: the summary could not be posted here earlier; an administrator can see why in their digest.`);
  }
  return notes.length > 0 ? message('Cycle summary', notes.join(' ')) : undefined;
}

/** `digest` in a personal chat: the chair digest for every group the caller chairs. */
async function personalDigest(turn: Turn): Promise<AdaptiveCardJson[]> {
  const deps = turn.deps;
  const caller = await turn.caller();
  const cards: AdaptiveCardJson[] = [];
  const chairs: string[] = [];
  for (const { plan, person } of caller.memberships) {
    const groups = await deps.store.plans.listGroups(plan.id);
    const theirs = await digestGroupsFor(deps.store, person, groups);
    // An administrator's digest comes even when the plan has no group to fill it.
    if (theirs.length > 0 || person.admin) {
      cards.push((await chairDigestCard(reportingDeps(deps), plan.id, person, { groups: theirs })).card);
    } else {
      const people = await peopleOf(deps, plan.id);
      const teams = groups.filter((g) => g.kind === 'taskAndFinish');
      chairs.push(
        ...teams.map(
          (g) =>
            `${g.name}: ${chairsOf(g)
              .map((id) => people.get(id)?.name ?? id)
              .join(' and ')}`,
        ),
      );
    }
  }
  if (caller.refused) return [notInPlan(caller)];
  if (cards.length === 0) {
    cards.push(
      message(
        'The digest is for chairs',
        caller.memberships.length === 0
          ? `${caller.email ?? caller.name} is not named in any plan.`
          : `You do not chair a group, so there is no digest for you. The chairs are: ${chairs.join('; ')}.`,
      ),
    );
  }
  return cards;
}

/** `revisedDate.approve` / `revisedDate.reject`: a chair's decision on a lead's proposed completion date. */
export async function decideDate(turn: Turn, outcome: 'approved' | 'rejected'): Promise<AdaptiveCardJson> {
  const parsed = turn.data(decisionSchema, {
    title: 'That button did not work',
    text: 'The card did not say which proposed date it is about; say "digest" for a fresh one.',
  });
  if (!parsed.ok) return parsed.card;
  const { planId, ref, updateId } = parsed.value;
  const deps = turn.deps;
  const caller = await turn.caller();
  const person = personIn(caller, planId);
  const [groups, people] = await Promise.all([deps.store.plans.listGroups(planId), peopleOf(deps, planId)]);
  const result = await decideRevisedDate(deps.store, deps.clock, { planId, ref, updateId, outcome, decider: person, groups, people, timeZone: deps.timeZone });
  forgetActionRow(deps, planId, ref);
  if (result.kind !== 'decided') return message('Nothing was changed', result.message, result.kind === 'refused' ? 'warning' : 'attention');
  await refreshPostedReports(reportingDeps(deps), planId, result.action.groupId, turn.transport());
  const answer = answerInChat(turn, 'revisedDate', person?.id, groups, result);
  if (answer.kind === 'alreadyDecided') {
    return message('Already decided', `${personName(people, answer.byId)} already ${result.outcome} this date for action ${ref}. Nothing more was changed.`);
  }
  if (answer.kind === 'chairDigest' && person) return (await chairDigestCard(reportingDeps(deps), planId, person)).card;
  return message(outcome === 'approved' ? 'Date approved' : 'Date rejected', result.decision.narrative, 'good');
}

/** Which card answers a chair's decision recorded from their chat or a channel (not a board report). */
function answerInChat(
  turn: Turn,
  decision: DecisionKind,
  deciderId: string | undefined,
  groups: Group[],
  result: { duplicate: boolean; decision: { authorId: string } },
) {
  return answerToDecision({
    decision,
    deciderId,
    alreadyRecordedBy: result.duplicate ? result.decision.authorId : undefined,
    personal: turn.personal,
    fromBoardReport: false,
    groups,
  });
}

/** `blue.confirm` / `blue.decline`: a chair's decision on a lead's proposed blue. */
export async function decideBlueRating(turn: Turn, outcome: 'confirmed' | 'declined'): Promise<AdaptiveCardJson> {
  const parsed = turn.data(decisionSchema, {
    title: 'That button did not work',
    text: 'The card did not say which proposed blue it is about; say "digest" for a fresh one.',
  });
  if (!parsed.ok) return parsed.card;
  const { planId, ref, updateId } = parsed.value;
  const note = outcome === 'declined' ? readBlueNote(cardData(turn.ctx), updateId) : undefined;
  const deps = turn.deps;
  const caller = await turn.caller();
  const person = personIn(caller, planId);
  const [groups, people] = await Promise.all([deps.store.plans.listGroups(planId), peopleOf(deps, planId)]);
  const result = await decideBlue(deps.store, deps.clock, { planId, ref, updateId, outcome, note, decider: person, groups, people, timeZone: deps.timeZone });
  forgetActionRow(deps, planId, ref);
  if (result.kind !== 'decided') return message('Nothing was changed', result.message, result.kind === 'refused' ? 'warning' : 'attention');
  await refreshPostedReports(reportingDeps(deps), planId, result.action.groupId, turn.transport());
  const answer = answerInChat(turn, 'blue', person?.id, groups, result);
  if (answer.kind === 'alreadyDecided') {
    return message('Already decided', `${personName(people, answer.byId)} already ${result.outcome} blue for action ${ref}. Nothing more was changed.`);
  }
  return message(outcome === 'confirmed' ? `Action ${ref} is blue` : `Action ${ref} stays green`, `${result.decision.narrative} The lead is told.`, 'good');
}

/** `link <group name>`: in a channel, binds it to the group (or offers a choice of groups). */
export async function link(turn: Turn, { group }: Extract<Command, { kind: 'link' }>): Promise<undefined> {
  await turn.reply(await linkCard(turn, group));
  // The team's members are the group's people: learn who they are in Teams.
  if (turn.channel()) await learnRoster(turn.ctx, turn.deps);
  return undefined;
}

/** `digest`: the linked group's summary in a channel, the chair digest in a personal chat. */
export async function digest(turn: Turn): Promise<AdaptiveCardJson | AdaptiveCardJson[] | undefined> {
  const channel = turn.channel();
  if (!turn.personal && channel) return channelDigest(turn, channel);
  return personalDigest(turn);
}

/** `link.pick`: the group chosen from the picker the `link` command offered. */
export async function pickGroupToLink(turn: Turn): Promise<AdaptiveCardJson> {
  const parsed = turn.data(pickSchema, {
    title: 'That button did not work',
    text: `The card did not say which group to link; say "@Plan Pulse link" and the group's name again.`,
  });
  if (!parsed.ok) return parsed.card;
  const channel = turn.channel();
  if (!channel) return message('Link from a channel', 'Pick the group from the card in the channel you want to bind.');
  const caller = await turn.caller();
  const membership = caller.memberships.find((m) => m.plan.id === parsed.value.planId);
  const group = membership ? (await turn.deps.store.plans.getGroup(parsed.value.planId, parsed.value.groupId))?.value : undefined;
  if (!membership || !group) return message('Nothing was changed', `That group is not in a plan you are named in.`, 'warning');
  return linkAndSay(turn.deps, turn, membership.plan, group, channel);
}
