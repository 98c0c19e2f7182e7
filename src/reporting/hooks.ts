/**
 * The scheduler's cycle-close hooks for reporting: when a group's cycle closes, record every
 * action's BRAG, queue the channel summary (when a channel is linked) and give each chair (and
 * whoever a decision was passed up to) their digest; when a board's cycle closes, queue its
 * report (progress or exceptions, by its remit) and give each SRO of an area it oversees first
 * hand their area's digest. A board with no channel has its report opened by its chairs from their
 * message of the tick (a chair reached by email is sent the report itself). Digests are notices of the tick: they reach each person inside the
 * one message the tick sends them (src/scheduler/notices.ts). Keys name the cycle, so a re-run
 * of the tick sends nothing twice; with a transport, a summary already posted is edited instead.
 */
import type { Transport } from '../outbox/transport';
import type { CycleClosedHook } from '../scheduler/cycles';
import { boardReportInput, chairDigestInput, digestRecipients, publishBoardReport, publishChannelSummary, takeSnapshot, type ReportingDeps } from './reports';
import { areaDigestKey, chairDigestKey } from './messages';
import { areasWithSro, loadAreaDigestFacts } from '../facts/area';
import type { Group } from '../domain/model';
import type { PlanTickContext } from '../scheduler/context';
import { areaNotice, digestNotice, reportNotice } from '../scheduler/notices';
import { chairsOf } from '../decisions/authority';
import { chainAbove } from './scope';

export function reportingHooks(options: { transport?: Transport } = {}): CycleClosedHook[] {
  return [
    async (closed, ctx) => {
      const deps: ReportingDeps = { store: ctx.store, clock: ctx.clock, timeZone: ctx.tz };
      const group = (await ctx.groups()).find((g) => g.id === closed.groupId);
      if (!group) return 0;
      let queued = 0;
      if (group.kind === 'board') {
        if (group.channel) {
          const outcome = await publishBoardReport(deps, group, closed.meetingDate, { transport: options.transport, cycle: closed.cycle });
          queued += outcome === 'queued' ? 1 : 0;
        } else {
          // No channel to post in: the report is produced (and kept as at the meeting) now, and each
          // chair opens it from the one message the tick sends them, or, reached by email, reads it there.
          const kept = await boardReportInput(deps, group, closed.meetingDate, closed.cycle);
          const report = { boardId: group.id, boardName: group.name, meetingDate: closed.meetingDate, remit: kept.remit, kept };
          for (const chairId of chairsOf(group)) ctx.notices.push(reportNotice(`report~${group.id}~${closed.meetingDate}~${chairId}`, chairId, report));
          queued += chairsOf(group).length;
        }
        return queued + (await addAreaDigests(ctx, group, closed.meetingDate));
      }
      await takeSnapshot(deps, group, closed.cycle);
      const summary = await publishChannelSummary(deps, group, { cycle: closed.cycle, transport: options.transport });
      if (summary === 'queued') queued++;
      const people = await ctx.people();
      const recipients = await digestRecipients(ctx.store, group, await ctx.groups(), people);
      for (const chair of recipients) {
        const digest = await chairDigestInput(deps, ctx.plan.id, chair, { groups: [group], cycles: new Map([[group.id, closed.cycle]]), people });
        ctx.notices.push(digestNotice(chairDigestKey(group.id, closed.meetingDate, chair.id), digest));
        queued++;
      }
      return queued;
    },
  ];
}

/**
 * The board that oversees an action's group first hand: the nearest board above it. An SRO hears
 * of their area once per meeting of that board, not again when a board above it meets.
 */
function firstBoardOf(groupId: string, groups: readonly Group[]): Group | undefined {
  const group = groups.find((g) => g.id === groupId);
  return group ? chainAbove(group, groups).find((g) => g.kind === 'board') : undefined;
}

/** At a board's meeting, each SRO of an area the board oversees first hand is given the area's digest. */
async function addAreaDigests(ctx: PlanTickContext, board: Group, meetingDate: string): Promise<number> {
  const groups = await ctx.groups();
  const overseen = groups.filter((g) => firstBoardOf(g.id, groups)?.id === board.id);
  const actions = (await Promise.all(overseen.map((g) => ctx.store.plans.listActionsOfGroup(ctx.plan.id, g.id)))).flat();
  const areas = areasWithSro(await ctx.store.plans.listAreas(ctx.plan.id), actions);
  if (areas.length === 0) return 0;
  const [people, escalations] = await Promise.all([ctx.people(), ctx.store.escalations.listOpen(ctx.plan.id)]);
  let added = 0;
  for (const area of areas) {
    const sro = people.get(area.sroId!);
    if (!sro) continue;
    const facts = await loadAreaDigestFacts(ctx.store, { area, sro, board, meetingDate, today: ctx.today, groups, actions, escalations });
    ctx.notices.push(areaNotice(areaDigestKey(board.id, meetingDate, area.number, sro.id), { facts, people, boardId: board.id, meetingDate }));
    added++;
  }
  return added;
}
