/**
 * Asking measure owners for each period's value. When a measure's period ends, its owner (or
 * the delegate standing in) is asked on the next working day at the send hour; a value still
 * missing is chased with a reminder and a last call by the plan's cycle settings, as if the
 * answer were due at a meeting `openWorkingDaysBefore` working days after the ask. Once a
 * value is recorded for the period nothing more is sent. Each step is a notice with its own
 * key, combined into the person's one message of the tick; a notice already sent is never
 * sent again, so the asks need no state of their own.
 */
import { atPlanTime, workingDaysAfter, workingDaysBefore } from '../calendar';
import type { PlanSettings } from '../domain/model';
import { periodEndingOnOrBefore, type Period } from '../measures/periods';
import type { PlanTickContext } from './context';
import { CYCLE_STEPS, type CycleStep } from './cycleSchedule';
import type { Notice } from './notices';
import { recipientFor } from './recipients';

export interface MeasureAskSchedule {
  period: Period;
  /** Plan dates of each step and of the day the value is due; a step on or after it is dropped. */
  dates: { open: string; reminder?: string; lastCall?: string; due: string };
  at: { open: Date; reminder?: Date; lastCall?: Date; due: Date };
}

export function measureAskSchedule(period: Period, settings: PlanSettings, tz: string): MeasureAskSchedule {
  const open = workingDaysAfter(period.end, 1);
  const due = workingDaysAfter(open, settings.openWorkingDaysBefore);
  const before = (n: number) => {
    const d = workingDaysBefore(due, n);
    return d > open && d < due ? d : undefined;
  };
  const reminder = before(settings.reminderWorkingDaysBefore);
  let lastCall = before(settings.lastCallWorkingDaysBefore);
  if (lastCall !== undefined && lastCall === reminder) lastCall = undefined;
  const at = (d: string) => atPlanTime(d, settings.sendHour, tz);
  return {
    period,
    dates: { open, reminder, lastCall, due },
    at: { open: at(open), reminder: reminder ? at(reminder) : undefined, lastCall: lastCall ? at(lastCall) : undefined, due: at(due) },
  };
}

/** The latest step due at `now`, while the value is still being asked for (undefined otherwise). */
export function dueMeasureStep(schedule: MeasureAskSchedule, now: Date): CycleStep | undefined {
  if (now >= schedule.at.due) return undefined;
  let step: CycleStep | undefined;
  for (const s of CYCLE_STEPS) {
    const at = schedule.at[s];
    if (at && at <= now) step = s;
  }
  return step;
}

export const measureNoticeKey = (measureId: string, period: string, step: CycleStep, recipientId: string) => `measure~${measureId}~${period}~${step}~${recipientId}`;

/** Adds a notice for each measure whose owner is to be asked (or chased) for a value now. */
export async function askForMeasureValues(ctx: PlanTickContext): Promise<void> {
  const measures = await ctx.store.measures.list(ctx.plan.id);
  if (measures.length === 0) return;
  const sent = await ctx.store.outbox.listNoticesMarked(ctx.plan.id, 'measure~');
  const people = await ctx.people();
  for (const measure of measures) {
    const schedule = measureAskSchedule(periodEndingOnOrBefore(measure.frequency, ctx.today, measure.terms), ctx.settings, ctx.tz);
    const step = dueMeasureStep(schedule, ctx.now);
    if (!step) continue;
    if (await ctx.store.measures.getValue(ctx.plan.id, measure.id, schedule.period.label)) continue;
    const recipient = recipientFor(measure.ownerId, people, ctx.today);
    if ('away' in recipient) continue;
    const key = measureNoticeKey(measure.id, schedule.period.label, step, recipient.recipientId);
    if (sent.has(key)) continue;
    const notice: Notice = {
      key,
      kind: 'measure',
      recipientId: recipient.recipientId,
      onBehalfOf: recipient.onBehalfOf && { id: recipient.onBehalfOf.id, name: recipient.onBehalfOf.name },
      actions: [],
      measure: {
        id: measure.id,
        name: measure.name,
        unit: measure.unit,
        direction: measure.direction,
        target: measure.target,
        ...(measure.targetDate ? { targetDate: measure.targetDate } : {}),
        period: schedule.period.label,
        step,
        answerBy: schedule.dates.due,
      },
      expiresAt: schedule.at.due,
    };
    ctx.notices.push(notice);
  }
}
