/**
 * Board routes: `escalation.ack` and `escalation.resolve` (from the board's exception report,
 * the chair digest or the escalation notice) and `board.refresh`. A change edits every posted
 * report that shows the escalation, and the invoke is answered with the card as it is now, so
 * the clicker sees it at once and other board members through the card's refresh. Which
 * posted report a click came from is src/reporting/clickedReport.ts's to say.
 */
import { answerToDecision } from '../../src/decisions/decisionAnswer';
import { z } from 'zod';
import { messageCard as message, readResolveNote, type AdaptiveCardJson } from '../../src/cards';
import { decideEscalation } from '../../src/decisions/escalationDecisions';
import { mayReadBoardReport } from '../../src/decisions/visibility';
import { clickedBoardReport } from '../../src/reporting/clickedReport';
import { boardReportCard, chairDigestCard, refreshPostedReports } from '../../src/reporting/reports';
import { peopleOf } from '../../src/storage/cachedReads';
import { personIn, reportingDeps } from './reportingContext';
import type { Turn } from '../turn';


const escalationDataSchema = z.object({ escalationId: z.string().min(1), planId: z.string().min(1) }).passthrough();
const refreshSchema = z.object({ planId: z.string().min(1), groupId: z.string().min(1), cycleId: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** `escalation.ack` / `escalation.resolve`, answered with the card the click came from, brought up to date. */
export async function acknowledgeOrResolve(turn: Turn, change: 'acknowledged' | 'resolved'): Promise<AdaptiveCardJson> {
  const parsed = turn.data(escalationDataSchema, { title: 'That button did not work', text: 'The card did not say which escalation it is about.' });
  if (!parsed.ok) return parsed.card;
  const { escalationId, planId } = parsed.value;
  const deps = turn.deps;
  const caller = await turn.caller();
  const person = personIn(caller, planId);
  const [groups, people] = await Promise.all([deps.store.plans.listGroups(planId), peopleOf(deps, planId)]);
  const note = change === 'resolved' ? readResolveNote(parsed.value as Record<string, unknown>, escalationId) : undefined;
  const result = await decideEscalation(deps.store, deps.clock, { planId, escalationId, change, note, person, groups, people, timeZone: deps.timeZone });
  if (result.kind === 'personalData') return message('Escalation not resolved', result.message, 'attention');
  if (result.kind !== 'changed') return message('Nothing was changed', result.message, result.kind === 'refused' ? 'warning' : 'attention');
  const escalation = result.escalation;
  await refreshPostedReports(reportingDeps(deps), planId, escalation.groupId, turn.transport());
  const report = await clickedBoardReport(deps.store, escalation, groups, { replyToId: turn.ctx.activity.replyToId, channelId: turn.channel()?.conversation.id });
  const answer = answerToDecision({ decision: 'escalation', deciderId: person?.id, personal: turn.personal, fromBoardReport: !!report, groups });
  if (answer.kind === 'boardReport' && report) return boardReportCard(reportingDeps(deps), report.board, report.meetingDate);
  if (answer.kind === 'chairDigest' && person) return (await chairDigestCard(reportingDeps(deps), planId, person)).card;
  const words = change === 'acknowledged' ? 'acknowledged' : 'resolved';
  return message(`Escalation ${words}`, `The escalation of action ${escalation.ref} is ${words} by ${person?.name ?? caller.name}.${note ? ` Note: ${note}` : ''}`, 'good');
}

/** `board.refresh`: the board report as it is now, for those who may read it. */
export async function refreshBoardReport(turn: Turn): Promise<AdaptiveCardJson> {
  const parsed = turn.data(refreshSchema, { title: 'That card cannot refresh', text: 'The card did not say which board report it is.' });
  if (!parsed.ok) return parsed.card;
  const { planId, groupId, cycleId } = parsed.value;
  const deps = turn.deps;
  const person = await turn.personIn(planId);
  if (!person) return message('Not in this plan', 'You are not named in the plan this report belongs to.', 'warning');
  const board = (await deps.store.plans.getGroup(planId, groupId))?.value;
  if (!board) return message('Board not found', `The plan no longer has the board ${groupId}.`, 'warning');
  // Everyone in the board's own channel reads its report; elsewhere only those it is for.
  const inBoardChannel = !!board.channel && board.channel.conversation.id === turn.channel()?.conversation.id;
  if (!inBoardChannel && !mayReadBoardReport(person, board, await deps.store.plans.listGroups(planId))) {
    return message(
      'This report is for the board',
      `The exception report of ${board.name} is for its chair, the chairs of the groups reporting to it and the plan's administrators, and for its channel.`,
      'warning',
    );
  }
  return boardReportCard(reportingDeps(deps), board, cycleId);
}
