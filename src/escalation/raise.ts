/**
 * Raising an escalation: idempotent per cause (the id derives from plan, action, cause, level
 * and the occasion: a cycle's meeting date, an overdue threshold with the due date it was
 * measured from, or the update that asked for it) and stored. Raising the same cause again
 * changes nothing. The chair who now handles it hears of it in the next tick's message to them
 * (src/scheduler/combining.ts), within the send hours.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../domain/clock';
import type { Escalation, Group } from '../domain/model';
import { z } from 'zod';
import { escalationCauseSchema } from '../domain/model';
import type { Store } from '../storage/store';
import { boardAbove } from './routing';
import { deciderLevel } from '../decisions/authority';

export const raiseEscalationInputSchema = z.object({
  planId: z.string().min(1),
  ref: z.string().min(1),
  cause: escalationCauseSchema,
  /** chair (default) or board. */
  level: z.enum(['chair', 'board']).default('chair'),
  /** What makes this occurrence its own: the meeting date, "14d:2024-03-29", or the update id. */
  occasion: z.string().min(1),
  reason: z.string().min(1),
  /** The person who raised it, or "planpulse" for the scheduler's own rules. */
  raisedBy: z.string().min(1),
  /** The action's group, when the caller already knows it. */
  groupId: z.string().optional(),
});
export type RaiseEscalationInput = z.input<typeof raiseEscalationInputSchema>;

export class EscalationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EscalationInputError';
  }
}

export function escalationId(planId: string, ref: string, cause: string, level: string, occasion: string): string {
  const hash = createHash('sha256').update([planId, ref, cause, level, occasion].join('\u0000')).digest('hex').slice(0, 20);
  return `${cause}-${hash}`;
}

export async function raiseEscalation(
  store: Store,
  rawInput: RaiseEscalationInput,
  clock: Clock,
  context: { groups?: Group[] } = {},
): Promise<{ escalation: Escalation; created: boolean }> {
  const parsed = raiseEscalationInputSchema.safeParse(rawInput);
  if (!parsed.success) throw new EscalationInputError(`The escalation cannot be raised: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`);
  const input = parsed.data;
  const id = escalationId(input.planId, input.ref, input.cause, input.level, input.occasion);
  const existing = await store.escalations.get(input.planId, id);
  if (existing) return { escalation: existing.value, created: false };
  const action = (await store.plans.getAction(input.planId, input.ref))?.value;
  let groupId = input.groupId;
  if (!groupId) {
    if (!action) throw new EscalationInputError(`Action ${input.ref} is not in plan ${input.planId}, so it cannot be escalated.`);
    groupId = action.groupId;
  }
  const groups = context.groups ?? (await store.plans.listGroups(input.planId));
  const group = groups.find((g) => g.id === groupId);
  let level = input.level;
  let target = group;
  if (level === 'board' && group) {
    target = boardAbove(group, groups);
    // With no board above, the group's own chair is the highest place it can go.
    if (!target) {
      target = group;
      level = 'chair';
    }
  }
  // Nobody handles an escalation of an action they lead: past chairs who lead it, to another
  // chair of the group or up the chain.
  if (target && action) {
    const decider = deciderLevel(action, target, groups);
    if (decider && decider.group.id !== target.id) {
      target = decider.group;
      level = decider.group.kind === 'board' ? 'board' : 'chair';
    }
  }
  const escalation: Escalation = {
    planId: input.planId,
    id,
    ref: input.ref,
    groupId,
    level,
    targetGroupId: target?.id ?? groupId,
    cause: input.cause,
    reason: input.reason,
    raisedAt: clock.now().toISOString(),
    raisedBy: input.raisedBy,
    state: 'open',
  };
  return store.escalations.insert(escalation);
}
