/**
 * Raising an escalation: idempotent per cause (the id derives from plan, action, cause, level
 * and the occasion: a cycle's meeting date, an overdue threshold with the due date it was
 * measured from, or the update that asked for it), stored, and announced to the chair who now
 * handles it through the outbox. Raising the same cause again changes nothing.
 */
import { createHash } from 'node:crypto';
import { renderCard } from '../cards/render';
import type { Clock } from '../domain/clock';
import type { Escalation, Group } from '../domain/model';
import { z } from 'zod';
import { escalationCauseSchema } from '../domain/model';
import { cardActivity } from '../scheduler/messages';
import type { Store } from '../storage/store';
import { boardAbove } from './routing';

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

const LEVEL_WORDS = { chair: 'to you as chair of', board: 'to the board,' } as const;

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
  if (existing) {
    await announce(store, existing.value, clock, context.groups);
    return { escalation: existing.value, created: false };
  }
  let groupId = input.groupId;
  if (!groupId) {
    const action = await store.plans.getAction(input.planId, input.ref);
    if (!action) throw new EscalationInputError(`Action ${input.ref} is not in plan ${input.planId}, so it cannot be escalated.`);
    groupId = action.value.groupId;
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
  const stored = await store.escalations.insert(escalation);
  await announce(store, stored.escalation, clock, groups);
  return stored;
}

/** Queues the notice to the handling chair (once per escalation: the outbox key is its id). */
async function announce(store: Store, escalation: Escalation, clock: Clock, groups?: Group[]): Promise<void> {
  const all = groups ?? (await store.plans.listGroups(escalation.planId));
  const target = all.find((g) => g.id === escalation.targetGroupId);
  const origin = all.find((g) => g.id === escalation.groupId);
  if (!target?.chairId) return;
  const title = `Escalation: action ${escalation.ref}`;
  const card = renderCard('message', {
    style: 'attention',
    title,
    titleColour: 'Attention',
    text: `Action ${escalation.ref} of ${origin?.name ?? escalation.groupId} is escalated ${LEVEL_WORDS[escalation.level]} ${
      escalation.level === 'chair' ? target.name : `${target.name}`
    }. ${escalation.reason}`,
    facts: [
      { title: 'Raised', value: escalation.raisedAt.slice(0, 10) },
      { title: 'By', value: escalation.raisedBy === 'planpulse' ? 'Plan Pulse (automatic)' : escalation.raisedBy },
    ],
    buttons: [{ title: 'Acknowledge', verb: 'escalation.ack', data: { escalationId: escalation.id, planId: escalation.planId } }],
  });
  await store.outbox.enqueue(
    escalation.planId,
    [
      {
        key: `escalation~${escalation.id}`,
        kind: 'escalation',
        recipientId: target.chairId,
        activity: cardActivity(card, title),
        params: { escalationId: escalation.id, ref: escalation.ref, level: escalation.level, cause: escalation.cause },
      },
    ],
    clock,
  );
}
