/**
 * Escalations that climb: one nobody acknowledged within the plan's working days (5 by default)
 * of reaching a group goes up one level, to the next group or board with a chair who does not
 * lead the action, whose chairs hear of it in the tick's messages. Each level is climbed from once: the clock restarts
 * at the new level, and at the top of the chain it stays.
 */
import { planDateOf, workingDaysAfter } from '../calendar';
import { deciderLevel } from '../decisions/authority';
import { chainAbove } from '../reporting/scope';
import type { PlanTickContext } from '../scheduler/context';
import { ConflictError } from '../storage/errors';
import { EscalationStateError } from '../domain/escalation';

/** Climbs every escalation due to; returns how many climbed. */
export async function climbEscalations(ctx: PlanTickContext): Promise<number> {
  const open = await ctx.store.escalations.listOpen(ctx.plan.id, { includeAcknowledged: false });
  if (open.length === 0) return 0;
  const groups = await ctx.groups();
  let climbed = 0;
  for (const escalation of open) {
    const reached = planDateOf(new Date(escalation.reachedAt ?? escalation.raisedAt), ctx.tz);
    if (ctx.today < workingDaysAfter(reached, ctx.settings.escalationClimbWorkingDays)) continue;
    const current = groups.find((g) => g.id === escalation.targetGroupId);
    const above = current ? chainAbove(current, groups)[1] : undefined;
    if (!above) continue;
    const action = (await ctx.store.plans.getAction(ctx.plan.id, escalation.ref))?.value;
    const next = deciderLevel(action ?? { ref: escalation.ref, leadIds: [] }, above, groups);
    if (!next) continue;
    const row = await ctx.store.escalations.get(ctx.plan.id, escalation.id);
    if (!row || row.value.state !== 'open' || row.value.targetGroupId !== escalation.targetGroupId) continue;
    try {
      await ctx.store.escalations.climb(
        ctx.plan.id,
        escalation.id,
        { targetGroupId: next.group.id, level: next.group.kind === 'board' ? 'board' : 'chair', at: ctx.now },
        row.etag,
      );
      // The chairs it reached hear of it in this tick's messages (src/scheduler/combining.ts).
      climbed++;
    } catch (err) {
      // Acknowledged or climbed by someone else between our read and write: nothing to do.
      if (err instanceof ConflictError || err instanceof EscalationStateError) continue;
      throw err;
    }
  }
  return climbed;
}
