/**
 * The reporting service: builds the channel summary, chair digest and board exception report
 * for a group or board from the store, and publishes them (queued through the outbox, or sent
 * and later edited in place). The scheduler's close hook, the bot's `digest` command and the
 * decision buttons all come through here.
 */
import type { AdaptiveCardJson } from '../cards/render';
import type { Clock } from '../domain/clock';
import type { Action, Group, Person } from '../domain/model';
import { chairsOf, deciderLevel, isChairOf } from '../decisions/authority';
import { pendingBlue, type BlueProposal } from '../decisions/blueDecisions';
import { pendingProposal, type Proposal } from '../decisions/revisedDates';
import type { Transport } from '../outbox/transport';
import type { CycleState } from '../storage/cycleRepository';
import { isOpenAction } from '../domain/actions';
import type { Store } from '../storage/store';
import { planDateOf } from '../calendar';
import { lateText } from '../cards/format';
import { addendumSince, loadBoardReportFacts, type BoardReportFacts, type ReportAddendumFact } from '../facts/board';
import { chairDigestView, renderChairDigest, renderChannelSummary, type ChairDigestInput, type ChairGroupInput } from '../cards';
import { renderBoardReportOf, type BoardReportInput } from '../cards/board';
import type { ChairDigestView } from '../cards';
import { loadProgressReportFacts } from '../facts/progress';

const DIGEST_MAIL_LIST_MAX = 50;
import { currentCycleOf, loadGroupCycleFacts, snapshotOf } from '../facts/group';
import { boardReportKey, boardReportMessage, channelSummaryKey, channelSummaryMessage } from './messages';
import { publish, type PublishOutcome } from './publish';
import { chainAbove, groupsReportingTo } from './scope';

export interface ReportingDeps {
  store: Store;
  clock: Clock;
  timeZone: string;
}

/** Records every action's BRAG for a cycle that is closing (idempotent: the same key is rewritten). */
export async function takeSnapshot(deps: ReportingDeps, group: Group, cycle: CycleState): Promise<void> {
  const actions = await deps.store.plans.listActionsOfGroup(group.planId, group.id);
  await deps.store.snapshots.save(snapshotOf(group.planId, group.id, cycle.meetingDate, deps.clock.now().toISOString(), actions, cycle));
}

export async function channelSummaryCard(deps: ReportingDeps, group: Group, cycle?: CycleState): Promise<{ card: AdaptiveCardJson; meetingDate: string }> {
  const facts = await loadGroupCycleFacts(deps.store, deps.clock, deps.timeZone, group.planId, group, { cycle });
  const late = cycle?.closedLate ? lateText(cycle.meetingDate, cycle.closedAt ?? deps.clock.now().toISOString(), deps.timeZone) : undefined;
  return { card: renderChannelSummary(facts, deps.timeZone, late), meetingDate: facts.meetingDate };
}

/** Posts (or edits in place) the group's summary for a cycle in its channel; 'noChannel' when none is linked. */
export async function publishChannelSummary(
  deps: ReportingDeps,
  group: Group,
  options: { cycle?: CycleState; transport?: Transport; sendNow?: boolean; asked?: boolean } = {},
): Promise<PublishOutcome | 'noChannel'> {
  if (!group.channel) return 'noChannel';
  const { card, meetingDate } = await channelSummaryCard(deps, group, options.cycle);
  const message = channelSummaryMessage({ groupId: group.id, groupName: group.name, meetingDate, chairId: group.chairId, channel: group.channel, card });
  if (options.asked && !(await closedCycle(deps, group, meetingDate))) {
    // Asked for before the cycle closed: a post of its own for the day, so the close still posts its summary.
    message.key = `${message.key}~asked~${planDateOf(deps.clock.now(), deps.timeZone)}`;
  }
  return publish(deps.store, deps.clock, group.planId, message, options);
}

/**
 * Whether `person` takes a decision about `action` of `group`: never a lead of it; the chairs of
 * the first level up with a chair who does not lead it (co-chairs alike); the area's SRO; and an
 * administrator acting for the chairs.
 */
export function decides(person: Person, action: Action, group: Group, groups: readonly Group[]): boolean {
  if (action.leadIds.includes(person.id)) return false;
  if (action.sroId === person.id || person.admin) return true;
  return deciderLevel(action, group, groups)?.chairIds.includes(person.id) ?? false;
}

/** The proposed dates and blues of a group's actions waiting for `person` to decide. */
export async function decisionsFor(
  store: Store,
  person: Person,
  group: Group,
  groups: readonly Group[],
  actions?: readonly Action[],
): Promise<{ pending: Proposal[]; blues: BlueProposal[] }> {
  const pending: Proposal[] = [];
  const blues: BlueProposal[] = [];
  for (const action of actions ?? (await store.plans.listActionsOfGroup(group.planId, group.id))) {
    if (!decides(person, action, group, groups)) continue;
    if (isOpenAction(action)) {
      const p = await pendingProposal(store, action);
      if (p) pending.push(p);
    }
    if (action.blueProposal) {
      const b = await pendingBlue(store, action);
      if (b) blues.push(b);
    }
  }
  return { pending, blues };
}

/**
 * Who receives a group's digest when its cycle closes: every chair (co-chairs alike), and whoever
 * a decision of the group was passed to because the chairs lead the action.
 */
export async function digestRecipients(store: Store, group: Group, groups: readonly Group[], people: Map<string, Person>): Promise<Person[]> {
  const ids = new Set(chairsOf(group));
  for (const action of await store.plans.listActionsOfGroup(group.planId, group.id)) {
    const waiting = action.blueProposal || (isOpenAction(action) && (await pendingProposal(store, action)));
    if (!waiting) continue;
    const level = deciderLevel(action, group, groups);
    if (level && level.levelsUp > 0) level.chairIds.forEach((id) => ids.add(id));
  }
  return [...ids].map((id) => people.get(id)).filter((p): p is Person => p !== undefined);
}

/**
 * The chair digest of one person: every group they chair (or those named), with what needs them:
 * only the decisions that are theirs to take (never on an action they lead).
 * A caller that already holds the plan's people passes them in.
 */
export async function chairDigestCard(
  deps: ReportingDeps,
  planId: string,
  chair: Person,
  options: { groups?: Group[]; cycles?: Map<string, CycleState>; people?: Map<string, Person> } = {},
): Promise<{ card: AdaptiveCardJson; groupCount: number; view: ChairDigestView }> {
  const input = await chairDigestInput(deps, planId, chair, options);
  const card = renderChairDigest(input, deps.timeZone);
  // The email form lists everything waiting; the card is fitted to Teams' size limit.
  return { card, groupCount: input.groups.length, view: chairDigestView(input, DIGEST_MAIL_LIST_MAX, deps.timeZone) };
}

/** The facts of a chair's digest: each group (those named, or every group they chair) with what waits for them. */
export async function chairDigestInput(
  deps: ReportingDeps,
  planId: string,
  chair: Person,
  options: { groups?: Group[]; cycles?: Map<string, CycleState>; people?: Map<string, Person> } = {},
): Promise<ChairDigestInput> {
  const { store } = deps;
  const allGroups = await store.plans.listGroups(planId);
  const chaired = options.groups ?? allGroups.filter((g) => isChairOf(chair.id, g) && g.kind === 'taskAndFinish');
  const [people, escalations] = await Promise.all([options.people ?? store.plans.peopleById(planId), store.escalations.listAll(planId)]);
  const inputs: ChairGroupInput[] = [];
  for (const group of chaired) {
    const facts = await loadGroupCycleFacts(store, deps.clock, deps.timeZone, planId, group, { cycle: options.cycles?.get(group.id), escalations, people });
    const actions = await store.plans.listActionsOfGroup(planId, group.id);
    const { pending, blues } = await decisionsFor(store, chair, group, allGroups, actions);
    const leads = new Map(actions.map((a) => [a.ref, a.leadIds]));
    const awaitingAck = escalations.filter(
      (e) => e.state === 'open' && (e.targetGroupId === group.id || e.groupId === group.id) && !(leads.get(e.ref) ?? []).includes(chair.id),
    );
    inputs.push({ facts, pending, blues, awaitingAck });
  }
  const deadLetters = chair.admin ? await store.outbox.listUndelivered(planId) : undefined;
  return { chair, groups: inputs, people, deadLetters, generatedAt: deps.clock.now().toISOString() };
}

/** Board members for the card's refresh: chairs of the board and of every group reporting to it, and admins. */
async function boardMemberTeamsIds(store: Store, board: Group, groups: Group[], people: Map<string, Person>): Promise<string[]> {
  const ids = new Set([...chairsOf(board), ...groupsReportingTo(board, groups).flatMap(chairsOf), ...[...people.values()].filter((p) => p.admin).map((p) => p.id)]);
  const out: string[] = [];
  for (const id of ids) {
    const identity = await store.identities.get(people.get(id)?.email ?? id);
    if (identity?.teamsUserId) out.push(identity.teamsUserId);
  }
  return out;
}

/**
 * A board's report for a meeting, by its remit: the progress report for a board that receives
 * progress (`reports = progress`), the exception report otherwise.
 */
export async function boardReportCard(deps: ReportingDeps, board: Group, meetingDate: string, closing?: CycleState): Promise<AdaptiveCardJson> {
  return renderBoardReportOf(await boardReportInput(deps, board, meetingDate, closing), deps.timeZone);
}

/**
 * What a board's report for a meeting shows, by its remit: once the meeting's cycle has closed,
 * the facts kept then (kept now when this is the first time it is produced after the close).
 * The card, the mail to a chair outside Teams and the printable board paper are drawn from it.
 */
export async function boardReportInput(deps: ReportingDeps, board: Group, meetingDate: string, closing?: CycleState): Promise<BoardReportInput> {
  const { store } = deps;
  // The closing cycle (from the close hook) or the recorded one says whether this report came late.
  const cycle = closing ?? (await store.cycles.get(board.planId, board.id, meetingDate))?.value;
  const meetingClosed = !!closing || cycle?.state === 'closed';
  const lateLine = cycle?.closedLate ? lateText(meetingDate, cycle.closedAt ?? deps.clock.now().toISOString(), deps.timeZone) : '';
  const people = await store.plans.peopleById(board.planId);
  const memberTeamsIds = await boardMemberTeamsIds(store, board, await store.plans.listGroups(board.planId), people);
  if (board.reports === 'progress') {
    const { facts, takenAt } = await keptReport(deps, board, meetingDate, 'progress', meetingClosed, () =>
      loadProgressReportFacts(deps, board, meetingDate),
    );
    return { remit: 'progress', input: { facts, people, memberTeamsIds, generatedAt: takenAt, today: facts.exceptions.asOf }, lateLine };
  }
  const { facts, takenAt, addendum } = await exceptionReportFacts(deps, board, meetingDate, meetingClosed);
  return { remit: 'exceptions', input: { facts, addendum, people, memberTeamsIds, generatedAt: takenAt, today: facts.asOf }, lateLine };
}

/**
 * The facts of a board's exception report for a meeting. Once the meeting's cycle has closed the
 * report is kept as it was when first produced; opened or refreshed later, it shows those facts
 * with an addendum of what was acknowledged or resolved since.
 */
export async function exceptionReportFacts(
  deps: ReportingDeps,
  board: Group,
  meetingDate: string,
  meetingClosed: boolean,
): Promise<{ facts: BoardReportFacts; takenAt: string; addendum: ReportAddendumFact[] }> {
  const { facts, takenAt, kept } = await keptReport(deps, board, meetingDate, 'exceptions', meetingClosed, () =>
    loadBoardReportFacts(deps, board, meetingDate),
  );
  return { facts, takenAt, addendum: kept ? addendumSince(facts, await deps.store.escalations.listAll(board.planId)) : [] };
}

/**
 * A board report's facts for a meeting: the ones kept when it was first produced after the
 * meeting closed, else computed now (and kept, when the meeting has closed). A report kept under
 * another remit (the board changed what it receives) is left alone and the facts are computed.
 */
async function keptReport<T>(
  deps: ReportingDeps,
  board: Group,
  meetingDate: string,
  report: 'exceptions' | 'progress',
  meetingClosed: boolean,
  load: () => Promise<T>,
): Promise<{ facts: T; takenAt: string; kept: boolean }> {
  const { store } = deps;
  const found = await store.snapshots.getReport<T>(board.planId, board.id, meetingDate);
  if (found) return found.report === report ? { facts: found.facts, takenAt: found.takenAt, kept: true } : { facts: await load(), takenAt: deps.clock.now().toISOString(), kept: false };
  const takenAt = deps.clock.now().toISOString();
  const facts = await load();
  if (!meetingClosed) return { facts, takenAt, kept: false };
  if (await store.snapshots.keepReport({ planId: board.planId, groupId: board.id, meetingDate, report, takenAt, facts })) return { facts, takenAt, kept: true };
  // Of two closes racing, the first kept is the report; the other shows it.
  const first = await store.snapshots.getReport<T>(board.planId, board.id, meetingDate);
  return first && first.report === report ? { facts: first.facts, takenAt: first.takenAt, kept: true } : { facts, takenAt, kept: false };
}

async function closedCycle(deps: ReportingDeps, group: Group, meetingDate: string): Promise<boolean> {
  return (await deps.store.cycles.get(group.planId, group.id, meetingDate))?.value.state === 'closed';
}

/**
 * `digest` in a board's channel: the board's current report. After a board meeting that is its
 * report (edited in place); before the first, the report as at now, posted under a key of its
 * own for the day so that the meeting's report is still posted when it comes.
 */
export async function publishAskedBoardReport(deps: ReportingDeps, board: Group, options: { transport?: Transport; sendNow?: boolean } = {}): Promise<PublishOutcome> {
  const latest = (await deps.store.cycles.listForGroup(board.planId, board.id)).filter((c) => c.state === 'closed').pop();
  if (latest) return publishBoardReport(deps, board, latest.meetingDate, options);
  const card = await boardReportCard(deps, board, board.nextMeeting);
  const message = boardReportMessage({ boardId: board.id, boardName: board.name, meetingDate: board.nextMeeting, chairId: board.chairId, channel: board.channel, card, reports: board.reports });
  message.key = `${message.key}~asked~${planDateOf(deps.clock.now(), deps.timeZone)}`;
  return publish(deps.store, deps.clock, board.planId, message, options);
}

/**
 * Posts (or edits) a board's report (progress or exceptions): in its channel, or, asked for in chat
 * with no channel linked, its chair's chat. At a meeting's close a board with no channel has its
 * chairs told inside their message of the tick instead (hooks.ts).
 */
export async function publishBoardReport(
  deps: ReportingDeps,
  board: Group,
  meetingDate: string,
  options: { transport?: Transport; sendNow?: boolean; cycle?: CycleState } = {},
): Promise<PublishOutcome> {
  const card = await boardReportCard(deps, board, meetingDate, options.cycle);
  const message = boardReportMessage({ boardId: board.id, boardName: board.name, meetingDate, chairId: board.chairId, channel: board.channel, card, reports: board.reports });
  return publish(deps.store, deps.clock, board.planId, message, options);
}

/**
 * After a decision (a date approved, an escalation acknowledged), edits the posted messages that
 * show it: the group's latest channel summary and the latest report of each board above it.
 * Messages not posted yet are left to be sent as they are queued.
 */
export async function refreshPostedReports(deps: ReportingDeps, planId: string, groupId: string, transport: Transport): Promise<PublishOutcome[]> {
  const groups = await deps.store.plans.listGroups(planId);
  const group = groups.find((g) => g.id === groupId);
  if (!group) return [];
  const outcomes: PublishOutcome[] = [];
  const cycle = await currentCycleOf(deps.store, planId, group.id);
  if (cycle && group.channel && (await deps.store.outbox.get(planId, channelSummaryKey(group.id, cycle.meetingDate)))) {
    const outcome = await publishChannelSummary(deps, group, { cycle, transport });
    if (outcome !== 'noChannel') outcomes.push(outcome);
  }
  for (const board of chainAbove(group, groups).filter((g) => g.kind === 'board')) {
    const meeting = await latestReportedMeeting(deps, board);
    if (meeting) outcomes.push(await publishBoardReport(deps, board, meeting, { transport }));
  }
  return outcomes;
}

/** The meeting date of the board's latest exception report that went out, if any. */
async function latestReportedMeeting(deps: ReportingDeps, board: Group): Promise<string | undefined> {
  const cycles = (await deps.store.cycles.listForGroup(board.planId, board.id)).reverse();
  for (const c of cycles) {
    if (await deps.store.outbox.get(board.planId, boardReportKey(board.id, c.meetingDate))) return c.meetingDate;
  }
  return undefined;
}

