/**
 * Running a group's cycles: opening one (one prompt per lead for the group, and a question to
 * the leads of green actions due it, whether they are embedded), its reminder and
 * last call (only to leads with actions still unanswered, listing only those), and closing it
 * on the meeting day (recording who answered, raising the two-cycles-in-a-row escalations and
 * handing the closed cycle to the digest and board-report hooks). A step adds its notices to the
 * tick's (a close adds the chairs' digests) and records itself as done only once the tick has
 * queued them (`afterQueued`), so a step cut short is simply run again.
 */
import { addDays, planDateOf } from '../calendar';
import { isComplete } from '../domain/brag';
import type { Action, Group } from '../domain/model';
import { raiseEscalation } from '../escalation/raise';
import { AlreadyExistsError, ConflictError } from '../storage/errors';
import { isOpenAction } from '../domain/actions';
import type { Stored } from '../storage/tableStore';
import type { PlanTickContext } from './context';
import type { CycleState } from '../storage/cycleRepository';
import { CYCLE_STEPS, currentMeeting, cycleSchedule, dueStep, type CycleSchedule, type CycleStep } from './cycleSchedule';
import { cycleNotice, cyclePromptKey, embeddingNotice } from './notices';
import { asksAboutEmbedding } from '../domain/embedding';
import { batchByRecipient } from './recipients';
import { updatedSince } from '../facts/updates';
import { formatPlanDate } from '../cards/format';

/** A cycle that closed in this tick, for the digest and board-report code. */
export interface ClosedCycle {
  planId: string;
  groupId: string;
  groupKind: Group['kind'];
  meetingDate: string;
  cycle: CycleState;
  /** Closed on a later day than its meeting's close: the reports it leads to are marked late. */
  late: boolean;
}

/**
 * Called once for each cycle that closes, before the close is recorded; a hook that fails
 * leaves the cycle open so the next tick calls it again, so hooks must be idempotent (queue
 * through the outbox with a key naming the cycle). Returns how many digests it queued.
 */
export type CycleClosedHook = (closed: ClosedCycle, ctx: PlanTickContext) => Promise<number | void>;

/**
 * A group's actions. Through the group index one read per action is cheapest for a group of
 * ordinary size; for a very large group one pass over the plan's partition is far quicker.
 */
async function groupActions(ctx: PlanTickContext, groupId: string): Promise<Action[]> {
  const refs = await ctx.store.plans.refsOfGroup(ctx.plan.id, groupId);
  if (refs.length <= LARGE_GROUP) return ctx.store.plans.listActionsOfGroup(ctx.plan.id, groupId);
  const wanted = new Set(refs);
  return (await ctx.store.plans.listActions(ctx.plan.id)).filter((a) => wanted.has(a.ref));
}

const LARGE_GROUP = 300;

function promptable(actions: Action[], meetingDate: string): Action[] {
  return actions.filter((a) => isOpenAction(a) && (!a.start || a.start <= meetingDate));
}

/** Adds the step's notices, one per lead (or the delegate standing in) for the group. */
async function queueStep(ctx: PlanTickContext, group: Group, schedule: CycleSchedule, step: CycleStep, actions: Action[]) {
  const people = await ctx.people();
  const { batches, away } = batchByRecipient(actions, people, ctx.today);
  if (step === 'open' && ctx.reach) {
    // Everyone the cycle asks is made reachable first, so no prompt waits for a chat to exist.
    await ctx.reach.beforeCycle(ctx.plan.id, [...new Set(batches.map((b) => b.recipientId))].flatMap((id) => people.get(id) ?? []));
  }
  for (const b of batches) {
    ctx.notices.push(
      cycleNotice({ group, meetingDate: schedule.meetingDate, step, recipientId: b.recipientId, onBehalfOf: b.onBehalfOf, actions: b.actions, expiresAt: schedule.at.close }),
    );
  }
  const asked: Record<string, string[]> = {};
  const delegated: Record<string, string> = {};
  for (const b of batches) {
    asked[b.recipientId] = [...new Set([...(asked[b.recipientId] ?? []), ...b.actions.map((a) => a.ref)])];
    if (b.onBehalfOf) delegated[b.onBehalfOf.id] = b.recipientId;
  }
  return { asked, delegated, away };
}

/** Asks the leads of the group's green actions due the question this cycle whether they are embedded. */
async function askAboutEmbedding(ctx: PlanTickContext, group: Group, schedule: CycleSchedule, rows: Action[]): Promise<void> {
  // The day the plan was imported, in the plan's time zone (an import at 00:30 BST is that day's).
  const since = planDateOf(new Date(ctx.plan.importedAt), ctx.tz);
  const green = rows.filter((a) => asksAboutEmbedding(a, schedule.meetingDate, group.cadenceDays, ctx.settings.embeddingEveryCycles, since));
  if (green.length === 0) return;
  const { batches } = batchByRecipient(green, await ctx.people(), ctx.today);
  for (const b of batches) {
    ctx.notices.push(
      embeddingNotice({ group, meetingDate: schedule.meetingDate, recipientId: b.recipientId, onBehalfOf: b.onBehalfOf, actions: b.actions, expiresAt: schedule.at.close }),
    );
  }
}

/** A cycle's record as it opens: nobody asked yet, the steps whose times have passed marked done. */
function newCycle(ctx: PlanTickContext, group: Group, schedule: CycleSchedule, stepsDone: CycleState['stepsDone']): CycleState {
  return {
    planId: ctx.plan.id,
    groupId: group.id,
    groupKind: group.kind,
    meetingDate: schedule.meetingDate,
    openDate: schedule.dates.open,
    closeDate: schedule.dates.close,
    openedAt: schedule.at.open.toISOString(),
    state: 'open',
    stepsDone,
    asked: {},
    delegated: {},
    away: [],
  };
}

async function openCycle(ctx: PlanTickContext, group: Group, schedule: CycleSchedule): Promise<void> {
  const stepsDone = CYCLE_STEPS.filter((s) => schedule.at[s] && schedule.at[s]! <= ctx.now);
  const cycle = newCycle(ctx, group, schedule, stepsDone);
  if (group.kind === 'taskAndFinish') {
    // The people are read alongside the actions: a large group's first prompts go out sooner.
    const [groupRows] = await Promise.all([groupActions(ctx, group.id), ctx.people()]);
    const actions = promptable(groupRows, schedule.meetingDate);
    const queued = await queueStep(ctx, group, schedule, 'open', actions);
    Object.assign(cycle, { asked: queued.asked, delegated: queued.delegated, away: queued.away });
    await askAboutEmbedding(ctx, group, schedule, groupRows);
  }
  ctx.afterQueued.push(async () => {
    try {
      await ctx.store.cycles.insert(cycle);
      ctx.counts.cyclesOpened++;
    } catch (err) {
      // Another run opened it between our read and write; its prompts carry the same keys.
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
  });
}

async function runStep(ctx: PlanTickContext, group: Group, schedule: CycleSchedule, row: Stored<CycleState>, step: CycleStep): Promise<void> {
  const cycle = row.value;
  if (group.kind === 'taskAndFinish') {
    const actions = promptable(await groupActions(ctx, group.id), schedule.meetingDate).filter(
      (a) => !updatedSince(a, cycle.openedAt),
    );
    const queued = await queueStep(ctx, group, schedule, step, actions);
    cycle.away = [...new Set([...cycle.away, ...queued.away])].sort();
    Object.assign(cycle.delegated, queued.delegated);
  }
  const upTo = CYCLE_STEPS.indexOf(step);
  cycle.stepsDone = [...new Set([...cycle.stepsDone, ...CYCLE_STEPS.slice(0, upTo + 1)])];
  ctx.afterQueued.push(() => saveQuietly(ctx, cycle, row.etag));
}

async function closeCycle(ctx: PlanTickContext, group: Group, row: Stored<CycleState>, hooks: CycleClosedHook[]): Promise<ClosedCycle> {
  const cycle = row.value;
  const askedRefs = new Set(Object.values(cycle.asked).flat());
  const outcome: CycleState['outcome'] = {};
  if (askedRefs.size > 0) {
    const reachedRefs = await refsDelivered(ctx, group, cycle);
    for (const action of await groupActions(ctx, group.id)) {
      if (!askedRefs.has(action.ref)) continue;
      const answered = updatedSince(action, cycle.openedAt);
      outcome[action.ref] = { answered, brag: action.brag, ...(answered || reachedRefs.has(action.ref) ? {} : { reached: false }) };
    }
  }
  cycle.outcome = outcome;
  const previous = await ctx.store.cycles.get(ctx.plan.id, group.id, addDays(cycle.meetingDate, -group.cadenceDays));
  const before = previous?.value.outcome;
  if (before) {
    const groups = await ctx.groups();
    // A streak already escalated and not yet resolved is the same cause: it is not raised again each cycle.
    const unresolved = new Set((await ctx.store.escalations.listOpen(ctx.plan.id)).map((e) => `${e.ref}\u0000${e.cause}`));
    for (const [ref, now] of Object.entries(outcome)) {
      const then = before[ref];
      if (!then) continue;
      const rules: Array<{ hit: boolean; cause: 'repeatedRed' | 'missingUpdates'; reason: string }> = [
        {
          hit: now.brag === 'red' && then.brag === 'red',
          cause: 'repeatedRed',
          reason: `Rated red at the ${formatPlanDate(previous!.value.meetingDate)} and ${formatPlanDate(cycle.meetingDate)} meetings in a row.`,
        },
        {
          hit: !now.answered && !then.answered && now.reached !== false && then.reached !== false && !isComplete(now.brag),
          cause: 'missingUpdates',
          reason: `No update for the ${formatPlanDate(previous!.value.meetingDate)} or the ${formatPlanDate(cycle.meetingDate)} meeting.`,
        },
      ];
      for (const rule of rules.filter((r) => r.hit && !unresolved.has(`${ref}\u0000${r.cause}`))) {
        const raised = await raiseEscalation(
          ctx.store,
          { planId: ctx.plan.id, ref, cause: rule.cause, level: 'board', occasion: cycle.meetingDate, reason: rule.reason, raisedBy: 'planpulse', groupId: group.id },
          ctx.clock,
          { groups },
        );
        if (raised.created) ctx.counts.escalations++;
      }
    }
  }
  const late = ctx.today > cycle.closeDate;
  if (late) cycle.closedLate = true;
  const closed: ClosedCycle = { planId: ctx.plan.id, groupId: group.id, groupKind: group.kind, meetingDate: cycle.meetingDate, cycle, late };
  for (const hook of hooks) ctx.counts.digests += (await hook(closed, ctx)) ?? 0;
  cycle.state = 'closed';
  cycle.closedAt = ctx.now.toISOString();
  // Recorded once the digests it gave people are queued in their messages: a tick cut short closes it again.
  ctx.afterQueued.push(() => saveQuietly(ctx, cycle, row.etag));
  ctx.counts.cyclesClosed++;
  return closed;
}

/**
 * The refs whose prompt (opening, reminder or last call) reached at least one person asked about
 * them: a prompt that was never delivered does not count as asking.
 */
async function refsDelivered(ctx: PlanTickContext, group: Group, cycle: CycleState): Promise<Set<string>> {
  const reached = new Set<string>();
  const standingInFor = new Map<string, string[]>();
  for (const [lead, delegate] of Object.entries(cycle.delegated)) standingInFor.set(delegate, [...(standingInFor.get(delegate) ?? []), lead]);
  await Promise.all(
    Object.entries(cycle.asked).map(async ([recipientId, refs]) => {
      for (const step of CYCLE_STEPS) {
        for (const forWhom of [undefined, ...(standingInFor.get(recipientId) ?? [])]) {
          // The prompt went out inside that tick's combined message to the person.
          const sent = await ctx.store.outbox.messageOfNotice(ctx.plan.id, cyclePromptKey(group.id, cycle.meetingDate, step, recipientId, forWhom));
          if (sent?.value.status === 'sent') {
            for (const ref of refs) reached.add(ref);
            return;
          }
        }
      }
    }),
  );
  return reached;
}

/** Writes the cycle; a conflict means a concurrent run recorded the same step, which is fine. */
async function saveQuietly(ctx: PlanTickContext, cycle: CycleState, etag: string): Promise<void> {
  try {
    await ctx.store.cycles.replace(cycle, etag);
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
  }
}

/** The record of a cycle no tick saw open, so that it can still be closed with its reports. */
async function neverOpenedCycle(ctx: PlanTickContext, group: Group, schedule: CycleSchedule): Promise<Stored<CycleState> | undefined> {
  const cycle: CycleState = { ...newCycle(ctx, group, schedule, [...CYCLE_STEPS]), neverOpened: true };
  try {
    await ctx.store.cycles.insert(cycle);
  } catch (err) {
    // A concurrent run recorded it first; its record is read back below.
    if (!(err instanceof AlreadyExistsError)) throw err;
  }
  return ctx.store.cycles.get(ctx.plan.id, group.id, schedule.meetingDate);
}

/** Brings one group's cycles up to `now`: closes the last one if its meeting came, opens or steps the current one. */
export async function advanceGroupCycles(ctx: PlanTickContext, group: Group, hooks: CycleClosedHook[]): Promise<ClosedCycle[]> {
  if (!group.nextMeeting || !/^\d{4}-\d{2}-\d{2}$/.test(group.nextMeeting)) return [];
  const closed: ClosedCycle[] = [];
  const meeting = currentMeeting(group.nextMeeting, group.cadenceDays, ctx.now, ctx.today, ctx.settings, ctx.tz);
  // Every meeting whose close has passed since the last tick is closed, oldest first: the one
  // just gone, and after a gap each one missed, even if its cycle never opened.
  const missed = new Set<string>([addDays(meeting, -group.cadenceDays)]);
  for (let m = group.nextMeeting; m < meeting; m = addDays(m, group.cadenceDays)) missed.add(m);
  for (const m of [...missed].sort()) {
    let row = await ctx.store.cycles.get(ctx.plan.id, group.id, m);
    if (!row && m >= group.nextMeeting && cycleSchedule(m, ctx.settings, ctx.tz).at.close.toISOString() > ctx.plan.importedAt) {
      row = await neverOpenedCycle(ctx, group, cycleSchedule(m, ctx.settings, ctx.tz));
    }
    if (row && row.value.state === 'open') closed.push(await closeCycle(ctx, group, row, hooks));
  }
  if (group.nextMeeting < meeting) {
    // The meeting came: roll the group's next meeting forward so every reader sees the new date.
    await ctx.store.plans.modifyGroup(ctx.plan.id, group.id, (g) => (g.nextMeeting < meeting ? { ...g, nextMeeting: meeting } : g));
  }
  const schedule = cycleSchedule(meeting, ctx.settings, ctx.tz);
  const step = dueStep(schedule, ctx.now);
  if (!step) return closed;
  const row = await ctx.store.cycles.get(ctx.plan.id, group.id, meeting);
  if (!row) await openCycle(ctx, group, schedule);
  else if (row.value.state === 'open' && !row.value.stepsDone.includes(step)) await runStep(ctx, group, schedule, row, step);
  return closed;
}
