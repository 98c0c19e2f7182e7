/**
 * Group routes: `link <group name>` in a channel (and the picker's `link.pick`), `digest` (the
 * channel summary in a linked channel, the chair digest in a personal chat), and the chair's
 * decisions on proposed completion dates (`revisedDate.approve` / `revisedDate.reject`) and on
 * proposed blues (`blue.confirm` / `blue.decline`).
 */
import type { Application, TurnState } from '@microsoft/teams-ai';
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { parseCommand } from '../../src/commands/parseCommand';
import { renderCard, type AdaptiveCardJson } from '../../src/cards/render';
import { messageView, readBlueNote } from '../../src/cards/views';
import type { ConversationRef, Group, Plan } from '../../src/domain/model';
import { decideRevisedDate } from '../../src/decisions/revisedDates';
import { decideBlue } from '../../src/decisions/blueDecisions';
import { chairsOf, isChairOf } from '../../src/decisions/authority';
import { matchGroups } from '../../src/reporting/groupMatch';
import { chairDigestCard, decisionsFor, publishAskedBoardReport, publishChannelSummary, refreshPostedReports } from '../../src/reporting/reports';
import { isPersonal } from '../identity';
import { learnRoster } from '../roster';
import { forgetActionRow, forgetGroups, peopleOf } from '../cachedReads';
import { callerOf, type BotDeps } from './context';
import { channelRefOf, personIn, reportingDeps, turnTransport } from './reportingContext';
import type { Caller } from '../identity';
import { notInPlanCard } from '../cards';

type Style = 'default' | 'good' | 'attention' | 'warning';
const message = (title: string, text: string, style: Style = 'default'): AdaptiveCardJson => renderCard('message', messageView({ title, text, style }));
const send = (ctx: TurnContext, card: AdaptiveCardJson) => ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));

const pickSchema = z.object({ groupId: z.string().min(1), planId: z.string().min(1) });
const decisionSchema = z.object({ planId: z.string().min(1), ref: z.union([z.string(), z.number()]).transform(String), updateId: z.string().min(1) });

const sameChannel = (a: ConversationRef | undefined, b: ConversationRef) => !!a && a.conversation.id === b.conversation.id;

/** Binds the channel to a group, after checking the caller is its chair or a plan administrator. */
export async function linkGroup(deps: BotDeps, caller: Caller, plan: Plan, group: Group, channel: ConversationRef): Promise<AdaptiveCardJson> {
  const person = personIn(caller, plan.id);
  const people = await peopleOf(deps, plan.id);
  if (!person || (!isChairOf(person.id, group) && !person.admin)) {
    const chair = chairsOf(group).map((id) => people.get(id)?.name ?? id).join(' or ');
    return message(
      'Only the chair can link this channel',
      `Only the chair of ${group.name} (${chair}) or a plan administrator can link a channel to it. Nothing was changed.`,
      'warning',
    );
  }
  // A channel reports for one group. Taking it from another group is for that group's chair or
  // an administrator: a chair of one group cannot silently take another group's channel.
  const groups = await deps.store.plans.listGroups(plan.id);
  const holder = groups.find((other) => other.id !== group.id && sameChannel(other.channel, channel));
  if (holder && holder.chairId !== person.id && !person.admin) {
    const holderChair = people.get(holder.chairId)?.name ?? holder.chairId;
    return message(
      `This channel is ${holder.name}'s`,
      `This channel is linked to ${holder.name}, whose chair is ${holderChair}. Only ${holderChair} or a plan administrator can link it to another group; link ${group.name} from another channel, or ask them. Nothing was changed.`,
      'warning',
    );
  }
  let movedFrom: string | undefined;
  for (const other of groups) {
    if (other.id !== group.id && sameChannel(other.channel, channel)) {
      movedFrom = `${other.name}'s ${other.kind === 'board' ? 'exception reports' : 'cycle summaries'} no longer come here (its chair, ${people.get(other.chairId)?.name ?? other.chairId}, can link it to another channel).`;
      await deps.store.plans.modifyGroup(plan.id, other.id, (g) => {
        const { channel: _old, channelLinkedBy: _by, ...rest } = g;
        return rest as Group;
      });
    }
  }
  const previous = group.channel && !sameChannel(group.channel, channel);
  await deps.store.plans.modifyGroup(plan.id, group.id, (g) => ({ ...g, channel, channelLinkedBy: person.id }));
  forgetGroups(deps, plan.id);
  return message(
    `Linked to ${group.name}`,
    `This channel now receives ${group.name}'s ${group.kind === 'board' ? 'exception report' : 'cycle summary'} after each meeting (next on ${group.nextMeeting}).${
      previous ? ' Its previous channel no longer does.' : ''
    }${movedFrom ? ` ${movedFrom}` : ''} Say "@Plan Pulse digest" here to see the latest.`,
    'good',
  );
}

async function link(deps: BotDeps, ctx: TurnContext, query: string): Promise<AdaptiveCardJson> {
  const channel = channelRefOf(ctx);
  if (!channel) return message('Link from a channel', `Say "@Plan Pulse link ${query}" in the team channel you want to bind to the group.`);
  const caller = await callerOf(ctx, deps);
  if (caller.memberships.length === 0) return message('You are not in a plan', `${caller.email ?? caller.name} is not named in any plan, so cannot link channels.`, 'warning');
  const candidates: { plan: Plan; group: Group }[] = [];
  const all: string[] = [];
  for (const { plan } of caller.memberships) {
    const groups = await deps.store.plans.listGroups(plan.id);
    all.push(...groups.map((g) => g.name));
    candidates.push(...matchGroups(groups, query).map((group) => ({ plan, group })));
  }
  if (candidates.length === 0) {
    return message('No group by that name', `No group or board matches "${query}". The groups are: ${all.join('; ')}.`, 'warning');
  }
  if (candidates.length > 1) {
    const people = new Map<string, string>();
    for (const { plan } of caller.memberships) for (const p of (await peopleOf(deps, plan.id)).values()) people.set(`${plan.id}/${p.id}`, p.name);
    return renderCard('linkPicker', {
      query,
      candidates: candidates.map(({ plan, group }) => ({
        groupId: group.id,
        planId: plan.id,
        name: group.name,
        kind: group.kind === 'board' ? 'Board' : 'Task and finish group',
        chair: chairsOf(group).map((id) => people.get(`${plan.id}/${id}`) ?? '').filter((n) => n !== '').join(' and '),
        planName: plan.name,
      })),
    });
  }
  return linkGroup(deps, caller, candidates[0]!.plan, candidates[0]!.group, channel);
}

/** `digest` in a channel: the linked group's summary (a board's report in a board's channel), edited when asked again. */
async function channelDigest(deps: BotDeps, ctx: TurnContext): Promise<AdaptiveCardJson | undefined> {
  const channel = channelRefOf(ctx)!;
  const caller = await callerOf(ctx, deps);
  const linked: Group[] = [];
  for (const { plan } of caller.memberships) {
    linked.push(...(await deps.store.plans.listGroups(plan.id)).filter((g) => sameChannel(g.channel, channel)));
  }
  if (linked.length === 0) {
    return message('This channel is not linked', 'A chair or plan administrator can bind it to a group with "@Plan Pulse link <group name>"; the summary then appears here.');
  }
  const notes: string[] = [];
  for (const group of linked) {
    const options = { transport: turnTransport(ctx), sendNow: true };
    // A board's channel gets the board's report; a group's, its cycle summary (a close still posts its own).
    const outcome = group.kind === 'board' ? await publishAskedBoardReport(reportingDeps(deps), group, options) : await publishChannelSummary(reportingDeps(deps), group, { ...options, asked: true });
    if (group.kind === 'board' && (outcome === 'updated' || outcome === 'unchanged')) notes.push(`${group.name}: the board's report is already in the channel and is up to date.`);
    else if (outcome === 'updated' || outcome === 'unchanged') notes.push(`${group.name}: the summary for this cycle is already in the channel and is up to date.`);
    else if (outcome === 'queued' || outcome === 'replaced') notes.push(`${group.name}: the summary will appear in a moment.`);
    else if (outcome === 'undeliverable') notes.push(`${group.name}: the summary could not be posted here earlier; an administrator can see why in their digest.`);
  }
  return notes.length > 0 ? message('Cycle summary', notes.join(' ')) : undefined;
}

/** `digest` in a personal chat: the chair digest for every group the caller chairs. */
async function personalDigest(deps: BotDeps, ctx: TurnContext): Promise<AdaptiveCardJson[]> {
  const caller = await callerOf(ctx, deps);
  const cards: AdaptiveCardJson[] = [];
  const chairs: string[] = [];
  for (const { plan, person } of caller.memberships) {
    const groups = await deps.store.plans.listGroups(plan.id);
    const teams = groups.filter((g) => g.kind === 'taskAndFinish');
    // Groups the person chairs, and those with a decision passed to them because the chairs lead the action.
    const theirs: Group[] = [];
    for (const g of teams) {
      if (isChairOf(person.id, g)) theirs.push(g);
      else if (!person.admin) {
        const waiting = await decisionsFor(deps.store, person, g, groups);
        if (waiting.pending.length + waiting.blues.length > 0) theirs.push(g);
      }
    }
    if (theirs.length > 0) {
      cards.push((await chairDigestCard(reportingDeps(deps), plan.id, person, { groups: theirs })).card);
    } else if (person.admin) {
      // An administrator acts for chairs: their digest covers every group.
      cards.push((await chairDigestCard(reportingDeps(deps), plan.id, person, { groups: groups.filter((g) => g.kind === 'taskAndFinish') })).card);
    } else {
      const people = await peopleOf(deps, plan.id);
      chairs.push(...teams.map((g) => `${g.name}: ${chairsOf(g).map((id) => people.get(id)?.name ?? id).join(' and ')}`));
    }
  }
  if (caller.refused) return [notInPlanCard(caller.name, caller.email, caller.refused)];
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

async function decideDate(deps: BotDeps, ctx: TurnContext, data: unknown, outcome: 'approved' | 'rejected'): Promise<AdaptiveCardJson> {
  const parsed = decisionSchema.safeParse(data ?? {});
  if (!parsed.success) return message('That button did not work', 'The card did not say which proposed date it is about; say "digest" for a fresh one.', 'attention');
  const { planId, ref, updateId } = parsed.data;
  const caller = await callerOf(ctx, deps);
  const person = personIn(caller, planId);
  const [groups, people] = await Promise.all([deps.store.plans.listGroups(planId), peopleOf(deps, planId)]);
  const result = await decideRevisedDate(deps.store, deps.clock, { planId, ref, updateId, outcome, decider: person, groups, people });
  forgetActionRow(deps, planId, ref);
  if (result.kind !== 'decided') return message('Nothing was changed', result.message, result.kind === 'refused' ? 'warning' : 'attention');
  await refreshPostedReports(reportingDeps(deps), planId, result.action.groupId, turnTransport(ctx));
  if (result.duplicate && result.decision.authorId !== person!.id) {
    const by = people.get(result.decision.authorId)?.name ?? result.decision.authorId;
    return message('Already decided', `${by} already ${result.outcome} this date for action ${ref}. Nothing more was changed.`);
  }
  if (isPersonal(ctx) && person) {
    const chaired = groups.filter((g) => isChairOf(person.id, g) && g.kind === 'taskAndFinish');
    if (chaired.length > 0) return (await chairDigestCard(reportingDeps(deps), planId, person)).card;
  }
  return message(outcome === 'approved' ? 'Date approved' : 'Date rejected', result.decision.narrative, 'good');
}

/** `blue.confirm` / `blue.decline`: a chair's decision on a lead's proposed blue. */
async function decideBlueRating(deps: BotDeps, ctx: TurnContext, data: unknown, outcome: 'confirmed' | 'declined'): Promise<AdaptiveCardJson> {
  const parsed = decisionSchema.safeParse(data ?? {});
  if (!parsed.success) return message('That button did not work', 'The card did not say which proposed blue it is about; say "digest" for a fresh one.', 'attention');
  const { planId, ref, updateId } = parsed.data;
  const note = outcome === 'declined' ? readBlueNote((data ?? {}) as Record<string, unknown>, updateId) : undefined;
  const caller = await callerOf(ctx, deps);
  const person = personIn(caller, planId);
  const [groups, people] = await Promise.all([deps.store.plans.listGroups(planId), peopleOf(deps, planId)]);
  const result = await decideBlue(deps.store, deps.clock, { planId, ref, updateId, outcome, note, decider: person, groups, people });
  forgetActionRow(deps, planId, ref);
  if (result.kind !== 'decided') return message('Nothing was changed', result.message, result.kind === 'refused' ? 'warning' : 'attention');
  await refreshPostedReports(reportingDeps(deps), planId, result.action.groupId, turnTransport(ctx));
  if (result.duplicate && result.decision.authorId !== person!.id) {
    const by = people.get(result.decision.authorId)?.name ?? result.decision.authorId;
    return message('Already decided', `${by} already ${result.outcome} blue for action ${ref}. Nothing more was changed.`);
  }
  return message(
    outcome === 'confirmed' ? `Action ${ref} is blue` : `Action ${ref} stays green`,
    `${result.decision.narrative} The lead is told.`,
    'good',
  );
}

export function registerGroupRoutes(app: Application<TurnState>, deps: BotDeps): void {
  app.message(
    async (ctx) => ctx.activity.type === 'message' && parseCommand(ctx.activity.text ?? '').kind === 'link',
    async (ctx) => {
      const command = parseCommand(ctx.activity.text ?? '') as { kind: 'link'; group: string };
      await send(ctx, await link(deps, ctx, command.group));
      // The team's members are the group's people: learn who they are in Teams.
      if (channelRefOf(ctx)) await learnRoster(ctx, deps);
    },
  );

  app.message(
    async (ctx) => ctx.activity.type === 'message' && parseCommand(ctx.activity.text ?? '').kind === 'digest',
    async (ctx) => {
      if (!isPersonal(ctx)) {
        const card = await channelDigest(deps, ctx);
        if (card) await send(ctx, card);
        return;
      }
      for (const card of await personalDigest(deps, ctx)) await send(ctx, card);
    },
  );

  app.adaptiveCards.actionExecute('link.pick', async (ctx, _state, data) => {
    const parsed = pickSchema.safeParse(data ?? {});
    if (!parsed.success) return message('That button did not work', 'The card did not say which group to link; say "@Plan Pulse link <group name>" again.', 'attention');
    const channel = channelRefOf(ctx);
    if (!channel) return message('Link from a channel', 'Pick the group from the card in the channel you want to bind.');
    const caller = await callerOf(ctx, deps);
    const membership = caller.memberships.find((m) => m.plan.id === parsed.data.planId);
    const group = membership ? (await deps.store.plans.getGroup(parsed.data.planId, parsed.data.groupId))?.value : undefined;
    if (!membership || !group) return message('Nothing was changed', `That group is not in a plan you are named in.`, 'warning');
    return linkGroup(deps, caller, membership.plan, group, channel);
  });

  app.adaptiveCards.actionExecute('revisedDate.approve', async (ctx, _state, data) => decideDate(deps, ctx, data, 'approved'));
  app.adaptiveCards.actionExecute('revisedDate.reject', async (ctx, _state, data) => decideDate(deps, ctx, data, 'rejected'));
  app.adaptiveCards.actionExecute('blue.confirm', async (ctx, _state, data) => decideBlueRating(deps, ctx, data, 'confirmed'));
  app.adaptiveCards.actionExecute('blue.decline', async (ctx, _state, data) => decideBlueRating(deps, ctx, data, 'declined'));
}
