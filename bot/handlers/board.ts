/**
 * Board routes: `escalation.ack` and `escalation.resolve` (from the board's exception report,
 * the chair digest or the escalation notice) and `board.refresh`. A change edits every posted
 * report that shows the escalation, and the invoke is answered with the card as it is now, so
 * the clicker sees it at once and other board members through the card's refresh.
 */
import { isChairOf } from '../../src/decisions/authority';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { renderCard, type AdaptiveCardJson } from '../../src/cards/render';
import { messageView, readResolveNote } from '../../src/cards/views';
import type { Escalation, Group } from '../../src/domain/model';
import { decideEscalation } from '../../src/decisions/escalationDecisions';
import { mayReadBoardReport } from '../../src/decisions/visibility';
import { findPersonalData, personalDataMessage } from '../../src/privacy/personalData';
import { boardReportKey } from '../../src/reporting/messages';
import { boardReportCard, chairDigestCard, refreshPostedReports } from '../../src/reporting/reports';
import { chainAbove } from '../../src/reporting/scope';
import { isPersonal } from '../identity';
import { peopleOf } from '../cachedReads';
import { callerOf, type BotDeps } from './context';
import { channelRefOf, personIn, reportingDeps, turnTransport } from './reportingContext';

type Style = 'default' | 'good' | 'attention' | 'warning';
const message = (title: string, text: string, style: Style = 'default'): AdaptiveCardJson => renderCard('message', messageView({ title, text, style }));

const escalationDataSchema = z.object({ escalationId: z.string().min(1), planId: z.string().min(1) }).passthrough();
const refreshSchema = z.object({ planId: z.string().min(1), groupId: z.string().min(1), cycleId: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** The board report the clicked card is, if it is one: by the message id, or by the board channel it sits in. */
async function clickedBoardReport(deps: BotDeps, ctx: TurnContext, escalation: Escalation, groups: Group[]): Promise<{ board: Group; meetingDate: string } | undefined> {
  const origin = groups.find((g) => g.id === escalation.groupId);
  if (!origin) return undefined;
  const boards = chainAbove(origin, groups).filter((g) => g.kind === 'board');
  const replyToId = ctx.activity.replyToId;
  const channel = channelRefOf(ctx);
  for (const board of boards) {
    const cycles = (await deps.store.cycles.listForGroup(escalation.planId, board.id)).reverse();
    for (const cycle of cycles) {
      const posted = await deps.store.outbox.get(escalation.planId, boardReportKey(board.id, cycle.meetingDate));
      if (!posted) continue;
      const sameMessage = replyToId && posted.value.activityId === replyToId;
      const sameChannel = channel && board.channel && board.channel.conversation.id === channel.conversation.id;
      if (sameMessage || sameChannel) return { board, meetingDate: cycle.meetingDate };
      break;
    }
  }
  return undefined;
}

async function decide(deps: BotDeps, ctx: TurnContext, data: unknown, change: 'acknowledged' | 'resolved'): Promise<AdaptiveCardJson> {
  const parsed = escalationDataSchema.safeParse(data ?? {});
  if (!parsed.success) return message('That button did not work', 'The card did not say which escalation it is about.', 'attention');
  const { escalationId, planId } = parsed.data;
  const caller = await callerOf(ctx, deps);
  const person = personIn(caller, planId);
  const [groups, people] = await Promise.all([deps.store.plans.listGroups(planId), peopleOf(deps, planId)]);
  const note = change === 'resolved' ? readResolveNote(parsed.data as Record<string, unknown>, escalationId) : undefined;
  // A note has no form to come back to: any sign of personal data refuses it.
  const personal = findPersonalData(note);
  if (personal.length > 0) return message('Escalation not resolved', `${personalDataMessage(personal, 'The note', false)} Nothing was changed.`, 'attention');
  const result = await decideEscalation(deps.store, deps.clock, { planId, escalationId, change, note, person, groups, people });
  if (result.kind !== 'changed') return message('Nothing was changed', result.message, result.kind === 'refused' ? 'warning' : 'attention');
  const escalation = result.escalation;
  await refreshPostedReports(reportingDeps(deps), planId, escalation.groupId, turnTransport(ctx));
  const report = await clickedBoardReport(deps, ctx, escalation, groups);
  if (report) return boardReportCard(reportingDeps(deps), report.board, report.meetingDate);
  if (isPersonal(ctx) && person && groups.some((g) => isChairOf(person.id, g) && g.kind === 'taskAndFinish')) {
    return (await chairDigestCard(reportingDeps(deps), planId, person)).card;
  }
  const words = change === 'acknowledged' ? 'acknowledged' : 'resolved';
  return message(`Escalation ${words}`, `The escalation of action ${escalation.ref} is ${words} by ${person?.name ?? caller.name}.${note ? ` Note: ${note}` : ''}`, 'good');
}

export function registerBoardRoutes(app: Application<TurnState>, deps: BotDeps): void {
  app.adaptiveCards.actionExecute('escalation.ack', async (ctx, _state, data) => decide(deps, ctx, data, 'acknowledged'));
  app.adaptiveCards.actionExecute('escalation.resolve', async (ctx, _state, data) => decide(deps, ctx, data, 'resolved'));
  app.adaptiveCards.actionExecute('board.refresh', async (ctx, _state, data) => {
    const parsed = refreshSchema.safeParse(data ?? {});
    if (!parsed.success) return message('That card cannot refresh', 'The card did not say which board report it is.', 'attention');
    const caller = await callerOf(ctx, deps);
    if (!personIn(caller, parsed.data.planId)) return message('Not in this plan', 'You are not named in the plan this report belongs to.', 'warning');
    const board = (await deps.store.plans.getGroup(parsed.data.planId, parsed.data.groupId))?.value;
    if (!board) return message('Board not found', `The plan no longer has the board ${parsed.data.groupId}.`, 'warning');
    // Everyone in the board's own channel reads its report; elsewhere only those it is for.
    const inBoardChannel = !!board.channel && board.channel.conversation.id === channelRefOf(ctx)?.conversation.id;
    const person = personIn(caller, parsed.data.planId)!;
    if (!inBoardChannel && !mayReadBoardReport(person, board, await deps.store.plans.listGroups(parsed.data.planId))) {
      return message(
        'This report is for the board',
        `The exception report of ${board.name} is for its chair, the chairs of the groups reporting to it and the plan's administrators, and for its channel.`,
        'warning',
      );
    }
    return boardReportCard(reportingDeps(deps), board, parsed.data.cycleId);
  });
}
