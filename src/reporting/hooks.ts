/**
 * The scheduler's cycle-close hooks for reporting: when a group's cycle closes, record every
 * action's BRAG, queue the channel summary (when a channel is linked) and the digest of each
 * chair (and of whoever a decision was passed up to);
 * when a board's cycle closes, queue its report (progress or exceptions, by its remit) and each
 * area SRO's digest. Keys name the cycle, so a re-run of
 * the tick queues nothing twice; with a transport, a summary already posted is edited instead.
 */
import type { Transport } from '../outbox/transport';
import type { CycleClosedHook } from '../scheduler/cycles';
import { chairDigestCard, digestRecipients, publishBoardReport, publishChannelSummary, takeSnapshot, type ReportingDeps } from './reports';
import { areaDigestMessage, chairDigestMessage } from './messages';
import { areasWithSro, boardScopeGroups, loadAreaDigestFacts } from '../facts/area';
import { renderAreaDigest } from '../cards';
import type { Group } from '../domain/model';
import type { PlanTickContext } from '../scheduler/context';
import { publish } from './publish';
import { deliveriesFor } from '../scheduler/channels';

export function reportingHooks(options: { transport?: Transport } = {}): CycleClosedHook[] {
  return [
    async (closed, ctx) => {
      const deps: ReportingDeps = { store: ctx.store, clock: ctx.clock, timeZone: ctx.tz };
      const group = (await ctx.groups()).find((g) => g.id === closed.groupId);
      if (!group) return 0;
      let queued = 0;
      if (group.kind === 'board') {
        const outcome = await publishBoardReport(deps, group, closed.meetingDate, { transport: options.transport, cycle: closed.cycle });
        return (outcome === 'queued' ? 1 : 0) + (await queueAreaDigests(ctx, group, closed.meetingDate));
      }
      await takeSnapshot(deps, group, closed.cycle);
      const summary = await publishChannelSummary(deps, group, { cycle: closed.cycle, transport: options.transport });
      if (summary === 'queued') queued++;
      const people = await ctx.people();
      const recipients = await digestRecipients(ctx.store, group, await ctx.groups(), people);
      // Chairs stay in Teams; one Teams cannot reach gets the digest by email.
      const deliveries = await deliveriesFor(ctx, recipients.map((c) => c.id));
      for (const chair of recipients) {
        const { card, view } = await chairDigestCard(deps, ctx.plan.id, chair, { groups: [group], cycles: new Map([[group.id, closed.cycle]]), people });
        const delivery = deliveries.get(chair.id);
        const email = delivery?.channel === 'email' ? { address: delivery.address, view, now: ctx.now, timeZone: ctx.tz } : undefined;
        const outcome = await publish(ctx.store, ctx.clock, ctx.plan.id, chairDigestMessage({ groupId: group.id, meetingDate: closed.meetingDate, chairId: chair.id, card, email }));
        if (outcome === 'queued') queued++;
      }
      return queued;
    },
  ];
}

/** At a board's meeting, each SRO of an area in its scope receives the area's digest (once: the key names the meeting). */
async function queueAreaDigests(ctx: PlanTickContext, board: Group, meetingDate: string): Promise<number> {
  const groups = await ctx.groups();
  const scope = boardScopeGroups(board, groups);
  const actions = (await Promise.all(scope.map((g) => ctx.store.plans.listActionsOfGroup(ctx.plan.id, g.id)))).flat();
  const areas = areasWithSro(await ctx.store.plans.listAreas(ctx.plan.id), actions);
  if (areas.length === 0) return 0;
  const [people, escalations] = await Promise.all([ctx.people(), ctx.store.escalations.listOpen(ctx.plan.id)]);
  let queued = 0;
  for (const area of areas) {
    const sro = people.get(area.sroId!);
    if (!sro) continue;
    const facts = await loadAreaDigestFacts(ctx.store, { area, sro, board, meetingDate, today: ctx.today, groups, actions, escalations });
    const outcome = await publish(ctx.store, ctx.clock, ctx.plan.id, areaDigestMessage({ boardId: board.id, meetingDate, area: area.number, sroId: sro.id, card: renderAreaDigest({ facts, people }) }));
    if (outcome === 'queued') queued++;
  }
  return queued;
}
