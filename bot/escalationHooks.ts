/**
 * Connects the lead's conversation to escalations: an update that asks to escalate raises
 * one to the group's chair at once, and the status card lists what is open.
 */
import { raiseEscalation } from '../src/escalation/raise';
import { escalationRowView, truncate, type EscalationRowView } from '../src/cards';
import type { Clock } from '../src/domain/clock';
import type { Store } from '../src/storage/store';
import type { UpdateHooks } from '../src/updates/submitUpdate';

export function leadEscalationHooks(store: Store, clock: Clock): UpdateHooks {
  return {
    async onEscalationRequested(update, action) {
      const why = update.blockers ?? update.narrative;
      await raiseEscalation(
        store,
        {
          planId: update.planId,
          ref: update.ref,
          cause: 'leadRequest',
          level: 'chair',
          occasion: update.id,
          reason: `The lead asked for escalation: ${truncate(why, 300)}`,
          raisedBy: update.authorId,
          groupId: action.groupId,
        },
        clock,
      );
    },
  };
}

/** The open escalations of a plan (of some groups) as status rows, their dates in the plan's time zone. */
export async function openEscalationRows(store: Store, timeZone: string, planId: string, groupIds?: ReadonlySet<string>): Promise<EscalationRowView[]> {
  const [open, groups] = await Promise.all([
    store.escalations.listOpen(planId, { includeAcknowledged: true }),
    store.plans.listGroups(planId),
  ]);
  const names = new Map(groups.map((g) => [g.id, g.name]));
  return open.filter((e) => !groupIds || groupIds.has(e.groupId)).map((e) => escalationRowView(e, names.get(e.groupId) ?? e.groupId, timeZone, 200));
}
