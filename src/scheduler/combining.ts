/**
 * The last part of a plan's tick: every open escalation not yet announced becomes a notice to
 * the chair who handles it, then each person's notices are combined into one message and queued
 * through the outbox (the card, or the mail for someone reached by email; a slice at a time, as fast as the drain alongside sends), each message in
 * one transaction with the marks of the notices it carries, so a notice never goes out twice.
 * Only then do the steps record themselves as done.
 */
import { combineNotices, escalationNotices, type Notice, type NoticeKind, type PersonMessageView } from './notices';
import type { PlanTickContext } from './context';
import { personMessage } from './messages';
import { recipientsFor } from './channels';
import type { CombinedEntry } from '../storage/outboxRepository';

const QUEUE_SLICE = 50;

async function announceEscalations(ctx: PlanTickContext): Promise<Notice[]> {
  const [open, announced] = await Promise.all([
    ctx.store.escalations.listOpen(ctx.plan.id, { includeAcknowledged: false }),
    ctx.store.outbox.listNoticesMarked(ctx.plan.id, 'escalation~'),
  ]);
  const groups = await ctx.groups();
  // Only escalations that may have someone not yet told: new ones, climbed ones, and co-chaired.
  const coChaired = new Set(groups.filter((g) => (g.coChairIds ?? []).length > 0).map((g) => g.id));
  const candidates = open.filter((e) => !announced.has(`escalation~${e.id}`) || e.climbedFrom?.length || coChaired.has(e.targetGroupId));
  if (candidates.length === 0) return [];
  const actions = await Promise.all(candidates.map((e) => ctx.store.plans.getAction(ctx.plan.id, e.ref)));
  return candidates.flatMap((e, i) => escalationNotices(e, actions[i]?.value, groups)).filter((n) => !announced.has(n.key));
}

function count(ctx: PlanTickContext, view: PersonMessageView): void {
  ctx.counts.messages++;
  const kinds = new Set<NoticeKind>(view.sections.map((s) => s.kind));
  const measureSteps = new Set(view.measures.map((m) => m.step));
  if (kinds.has('prompt') || measureSteps.has('open')) ctx.counts.prompts++;
  if (kinds.has('reminder') || kinds.has('lastCall') || measureSteps.has('reminder') || measureSteps.has('lastCall')) ctx.counts.reminders++;
  if (kinds.has('overdue')) ctx.counts.overdueChases++;
}

/**
 * The week's chase is decided every working day and goes once: the chases of this period
 * already sent are read in one go rather than refused one message at a time.
 */
async function withoutChasesSent(ctx: PlanTickContext, notices: Notice[]): Promise<Notice[]> {
  const periods = [...new Set(notices.filter((n) => n.kind === 'overdue').map((n) => n.key.split('~').slice(0, 2).join('~')))];
  if (periods.length === 0) return notices;
  const sent = new Set<string>();
  for (const p of periods) for (const k of await ctx.store.outbox.listNoticesMarked(ctx.plan.id, `${p}~`)) sent.add(k);
  return notices.filter((n) => !sent.has(n.key));
}

/** Notices decided between ticks (a chair's decision on a blue) and held for this one, less any already carried. */
async function heldNotices(ctx: PlanTickContext): Promise<Notice[]> {
  const held = await ctx.store.outbox.listHeldNotices(ctx.plan.id);
  if (held.length === 0) return [];
  const carried = await ctx.store.outbox.noticesMarked(ctx.plan.id, held.map((h) => h.key));
  // Once carried (now, or by a tick cut short before letting go), a held notice is let go.
  ctx.afterQueued.push(async () => {
    const marked = await ctx.store.outbox.noticesMarked(ctx.plan.id, held.map((h) => h.key));
    for (const key of marked) await ctx.store.outbox.releaseHeldNotice(ctx.plan.id, key);
  });
  return held.filter((h) => !carried.has(h.key)).map((h) => h.notice as Notice);
}

/** Combines and queues the tick's notices, then runs what the steps record after queueing. */
export async function queueNotices(ctx: PlanTickContext): Promise<void> {
  const notices = await withoutChasesSent(ctx, [...ctx.notices, ...(await announceEscalations(ctx)), ...(await heldNotices(ctx))]);
  const views = combineNotices(notices, ctx.plan, ctx.today, ctx.tz);
  const recipients = await recipientsFor(ctx, views.map((v) => v.recipientId));
  const entryOf = (view: PersonMessageView): CombinedEntry => {
    const recipient = recipients.get(view.recipientId);
    return { message: personMessage({ ...view, givenName: recipient?.givenName }, ctx.now, recipient?.delivery), noticeKeys: view.noticeKeys };
  };
  const refused: PersonMessageView[] = [];
  const queue = async (batch: PersonMessageView[]) => {
    const byKey = new Map<string, PersonMessageView>();
    const entries = batch.map((v) => {
      const entry = entryOf(v);
      byKey.set(entry.message.key, v);
      return entry;
    });
    const result = await ctx.store.outbox.enqueueCombined(ctx.plan.id, entries, ctx.clock);
    ctx.backlog?.added(result.created.length);
    for (const key of result.created) count(ctx, byKey.get(key)!);
    refused.push(...result.refused.map((e) => byKey.get(e.message.key)!));
  };
  for (let i = 0; i < views.length; i += QUEUE_SLICE) {
    await ctx.backlog?.room();
    await queue(views.slice(i, i + QUEUE_SLICE));
  }
  if (refused.length > 0) {
    // Some notices went out before (a tick cut short after queueing): combine the rest again.
    const marked = await ctx.store.outbox.noticesMarked(ctx.plan.id, refused.flatMap((v) => v.noticeKeys));
    const rest = notices.filter((n) => !marked.has(n.key) && refused.some((v) => v.recipientId === n.recipientId));
    const again = combineNotices(rest, ctx.plan, ctx.today, ctx.tz);
    if (again.length > 0) await queue(again);
  }
  for (const record of ctx.afterQueued) await record();
}
