/**
 * The scheduler's cycle-close hooks for reporting: when a group's cycle closes, record every
 * action's BRAG, queue the channel summary (when a channel is linked) and the digest of each
 * chair (and of whoever a decision was passed up to);
 * when a board's cycle closes, queue its exception report. Keys name the cycle, so a re-run of
 * the tick queues nothing twice; with a transport, a summary already posted is edited instead.
 */
import type { Transport } from '../outbox/transport';
import type { CycleClosedHook } from '../scheduler/cycles';
import { chairDigestCard, digestRecipients, publishBoardReport, publishChannelSummary, takeSnapshot, type ReportingDeps } from './reports';
import { chairDigestMessage } from './messages';
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
        return outcome === 'queued' ? 1 : 0;
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
        const email = delivery?.channel === 'email' ? { address: delivery.address, view, now: ctx.now } : undefined;
        const outcome = await publish(ctx.store, ctx.clock, ctx.plan.id, chairDigestMessage({ groupId: group.id, meetingDate: closed.meetingDate, chairId: chair.id, card, email }));
        if (outcome === 'queued') queued++;
      }
      return queued;
    },
  ];
}
