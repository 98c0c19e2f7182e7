/**
 * `status [group]`: BRAG counts, overdue actions, missing updates and open escalations of
 * the caller's plan (or one of its groups), as a card.
 */
import type { AdaptiveCardJson } from '../../src/cards/render';
import { bragBars, capList, formatDate, formatDateTime, overdueText, SUMMARY_LIST_MAX } from '../../src/cards/views';
import { computePlanStatus, UnknownGroupError } from '../../src/export';
import type { Caller } from '../identity';
import { renderCard } from '../../src/cards/render';
import { messageCard, notInPlanCard } from '../cards';
import type { BotDeps } from './context';

export async function statusCard(deps: BotDeps, caller: Caller, groupName?: string): Promise<AdaptiveCardJson> {
  const membership = caller.memberships[0];
  if (!membership) return notInPlanCard(caller.name, caller.email, caller.refused);
  const planId = membership.plan.id;
  let status;
  try {
    status = await computePlanStatus(deps.store, planId, deps.clock, {
      group: groupName,
      timeZone: deps.timeZone,
    });
  } catch (err) {
    if (err instanceof UnknownGroupError) return messageCard('No such group', err.message, 'warning');
    throw err;
  }
  const leads = (l: string[]) => l.join(', ');
  return renderCard('status', {
    planName: status.planName,
    groupName: status.group ?? '',
    asAt: formatDateTime(deps.clock.now().toISOString(), deps.timeZone),
    bars: bragBars(status.counts),
    overdueCount: status.overdue.length,
    overdue: capList(
      status.overdue.map((a) => ({
        planId,
        ref: a.ref,
        groupName: a.group,
        due: a.due ? formatDate(a.due) : 'No date',
        leads: leads(a.leads),
        overdueText: a.due ? overdueText(a.due, status.today) : '',
      })),
      SUMMARY_LIST_MAX,
    ),
    missingCount: status.missingUpdates.length,
    missing: capList(
      status.missingUpdates.map((a) => ({ planId, ref: a.ref, groupName: a.group, leads: leads(a.leads) })),
      SUMMARY_LIST_MAX,
    ),
    escalationCount: status.openEscalations,
    escalations: capList(deps.openEscalationRows ? await deps.openEscalationRows(planId) : [], SUMMARY_LIST_MAX),
  });
}
