/**
 * The daily chase run: once per working day at the send hour, the open actions past their
 * completion date (read from the due index, so the cost follows what is overdue and not the
 * size of the plan) get their leads one chase per period listing all of them, and those
 * overdue beyond the plan's thresholds are escalated to the chair and then the board.
 */
import { isOverdue } from '../domain/brag';
import { addDays, atPlanTime, daysBetween, isWorkingDay } from '../calendar';
import { raiseEscalation } from '../escalation/raise';
import { daysOverdue } from '../facts/overdue';
import type { PlanTickContext } from './context';
import { chaseNotice } from './notices';
import { batchByRecipient } from './recipients';
import { counted, formatDue } from '../cards/format';

/** Chase periods are counted from a Monday, so a weekly chase period is a Monday-to-Sunday week. */
const PERIOD_ANCHOR = '2024-01-01';

export function chasePeriodStart(today: string, everyDays: number): string {
  const index = Math.floor(daysBetween(PERIOD_ANCHOR, today) / everyDays);
  return addDays(PERIOD_ANCHOR, index * everyDays);
}

export async function runDailyChase(ctx: PlanTickContext): Promise<void> {
  const { store, plan, settings, today, now } = ctx;
  if (!isWorkingDay(today) || now < atPlanTime(today, settings.sendHour, ctx.tz)) return;
  if (await store.cycles.getDailyRun(plan.id, today)) return;

  const overdue = (await store.plans.listOpenActionsDueBefore(plan.id, today)).filter((a) => isOverdue(a, today));
  let chased = 0;
  if (overdue.length > 0) {
    const period = chasePeriodStart(today, settings.overdueChaseEveryDays);
    const periodEnds = atPlanTime(addDays(period, settings.overdueChaseEveryDays), settings.sendHour, ctx.tz);
    const { batches } = batchByRecipient(overdue, await ctx.people(), today);
    for (const b of batches) ctx.notices.push(chaseNotice({ recipientId: b.recipientId, onBehalfOf: b.onBehalfOf, actions: b.actions, period, expiresAt: periodEnds }));
    chased = batches.length;

    const groups = await ctx.groups();
    for (const action of overdue) {
      const days = daysOverdue(action, today) ?? 0;
      const thresholds = [
        { level: 'chair' as const, days: settings.overdueChairDays },
        { level: 'board' as const, days: settings.overdueBoardDays },
      ];
      for (const t of thresholds.filter((t) => days >= t.days)) {
        const raised = await raiseEscalation(
          store,
          {
            planId: plan.id,
            ref: action.ref,
            groupId: action.groupId,
            cause: 'overdue',
            level: t.level,
            // The due date is part of the occasion: a revised date that passes again is a new cause.
            occasion: `${t.days}d:${action.due}`,
            reason: `Not complete and ${counted(days, 'day')} past its completion date (${formatDue(action.due)}).`,
            raisedBy: 'planpulse',
          },
          ctx.clock,
          { groups },
        );
        if (raised.created) ctx.counts.escalations++;
      }
    }
  }
  ctx.afterQueued.push(() => store.cycles.saveDailyRun({ planId: plan.id, date: today, at: now.toISOString(), chased }));
}
