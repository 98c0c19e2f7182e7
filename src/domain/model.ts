/**
 * The plan's entities as zod schemas; every type in the system flows from these.
 * Ids: a person's id is their email in lower case; a group's id is a slug of its name;
 * an action's id is its ref within its plan.
 */
import { z } from 'zod';
import { bragSchema, ratingSchema } from './brag';

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
export type IsoDate = z.infer<typeof isoDateSchema>;

export const EVIDENCE_TYPES = ['audit', 'voice', 'data', 'review', 'minutes', 'surveys'] as const;
export const evidenceTypeSchema = z.enum(EVIDENCE_TYPES);
export type EvidenceType = z.infer<typeof evidenceTypeSchema>;

export const planSettingsSchema = z.object({
  openWorkingDaysBefore: z.number().int().min(1).default(5),
  reminderWorkingDaysBefore: z.number().int().min(0).default(2),
  lastCallWorkingDaysBefore: z.number().int().min(0).default(1),
  sendHour: z.number().int().min(0).max(23).default(9),
  overdueChaseEveryDays: z.number().int().min(1).default(7),
  overdueChairDays: z.number().int().min(1).default(14),
  overdueBoardDays: z.number().int().min(1).default(28),
});
export type PlanSettings = z.infer<typeof planSettingsSchema>;
export const DEFAULT_PLAN_SETTINGS: PlanSettings = planSettingsSchema.parse({});

export const PLAN_STATES = ['active', 'archived'] as const;
export const planStateSchema = z.enum(PLAN_STATES);
export type PlanState = z.infer<typeof planStateSchema>;

export const planSchema = z.object({
  id: z.string(),
  /** The display name on cards and papers; the id when none was given. */
  name: z.string(),
  settings: planSettingsSchema,
  /** When the plan's file was last imported with a change (an unchanged re-import leaves it). */
  importedAt: z.string(),
  sourceHash: z.string(),
  /**
   * The Microsoft 365 tenant the plan belongs to: given at import (`--tenant`, or a
   * single-tenant bot's MicrosoftAppTenantId), else recorded from the first activity of one
   * of its people. Activities from any other tenant get no access to the plan.
   */
  tenantId: z.string().optional(),
  /** `archived`: nothing is sent for the plan and it is hidden; its data is kept. Absent on rows written before plans had a state: active. */
  state: planStateSchema.optional(),
  archivedAt: z.string().optional(),
});
export type Plan = z.infer<typeof planSchema>;

/** A plan is active unless it was archived. */
export function isArchived(plan: Pick<Plan, 'state'>): boolean {
  return plan.state === 'archived';
}

export const areaSchema = z.object({
  planId: z.string(),
  number: z.number().int(),
  title: z.string(),
  sro: z.string().optional(),
});
export type Area = z.infer<typeof areaSchema>;

export const GROUP_KINDS = ['taskAndFinish', 'board'] as const;
export const groupKindSchema = z.enum(GROUP_KINDS);
export type GroupKind = z.infer<typeof groupKindSchema>;

/** A Bot Framework conversation reference, kept as the connector gave it. */
export const conversationRefSchema = z
  .object({
    serviceUrl: z.string(),
    conversation: z.object({ id: z.string() }).passthrough(),
    channelId: z.string().default('msteams'),
    bot: z.object({ id: z.string() }).passthrough().optional(),
    user: z.object({ id: z.string() }).passthrough().optional(),
    tenantId: z.string().optional(),
  })
  .passthrough();
export type ConversationRef = z.infer<typeof conversationRefSchema>;

export const groupSchema = z.object({
  planId: z.string(),
  id: z.string(),
  name: z.string(),
  kind: groupKindSchema,
  chairId: z.string(),
  cadenceDays: z.number().int().positive(),
  nextMeeting: isoDateSchema,
  escalatesTo: z.string().optional(),
  channel: conversationRefSchema.optional(),
  channelLinkedBy: z.string().optional(),
  extra: z.record(z.string()).default({}),
});
export type Group = z.infer<typeof groupSchema>;

export const personSchema = z.object({
  planId: z.string(),
  id: z.string(),
  name: z.string(),
  email: z.string(),
  aadObjectId: z.string().optional(),
  delegateId: z.string().optional(),
  admin: z.boolean(),
  leadStrings: z.array(z.string()),
  awayUntil: isoDateSchema.optional(),
  /** How the person is reached: people.csv's `channel`; unset means Teams where they can be reached there, else email. */
  channel: z.enum(['teams', 'email']).optional(),
  extra: z.record(z.string()).default({}),
});
export type Person = z.infer<typeof personSchema>;

export const actionSchema = z.object({
  planId: z.string(),
  ref: z.string(),
  area: z.number().int(),
  groupId: z.string(),
  text: z.string(),
  leadIds: z.array(z.string()),
  leadStrings: z.array(z.string()),
  start: isoDateSchema.optional(),
  due: isoDateSchema.optional(),
  /** The original due date as imported, so revised dates show their drift. */
  originalDue: isoDateSchema.optional(),
  sro: z.string().optional(),
  outcome: z.string().optional(),
  evidenceOfImpact: z.string().optional(),
  note: z.string().optional(),
  importedStatus: ratingSchema,
  brag: ratingSchema,
  lastUpdateAt: z.string().optional(),
  lastUpdateBy: z.string().optional(),
  /** Breaks ties between updates made in the same millisecond, in the history's order. */
  lastUpdateId: z.string().optional(),
  updateCount: z.number().int().min(0),
  /** When an import archived it (it left the plan's file); set only on archived rows. */
  archivedAt: z.string().optional(),
  extra: z.record(z.string()).default({}),
});
export type Action = z.infer<typeof actionSchema>;

export const updateSchema = z.object({
  planId: z.string(),
  ref: z.string(),
  id: z.string(),
  submissionId: z.string(),
  brag: bragSchema,
  narrative: z.string(),
  evidence: z.array(evidenceTypeSchema),
  voice: z.string().optional(),
  blockers: z.string().optional(),
  escalate: z.boolean(),
  revisedDue: isoDateSchema.optional(),
  authorId: z.string(),
  /** Set when a delegate updates for the lead. */
  onBehalfOf: z.string().optional(),
  at: z.string(),
  /**
   * Set on a history row that records a chair's decision on a proposed completion date rather
   * than a lead's progress; it keeps the drift (old and new dates) in the action's history.
   */
  decision: z
    .object({
      kind: z.literal('revisedDate'),
      outcome: z.enum(['approved', 'rejected']),
      proposalId: z.string(),
      proposedBy: z.string(),
      fromDue: isoDateSchema.optional(),
      toDue: isoDateSchema,
    })
    .optional(),
});
export type Update = z.infer<typeof updateSchema>;

export const ESCALATION_STATES = ['open', 'acknowledged', 'resolved'] as const;
export const escalationStateSchema = z.enum(ESCALATION_STATES);
export const ESCALATION_CAUSES = ['red', 'overdue', 'missingUpdates', 'leadRequest', 'repeatedRed'] as const;
export const escalationCauseSchema = z.enum(ESCALATION_CAUSES);

export const escalationSchema = z.object({
  planId: z.string(),
  id: z.string(),
  ref: z.string(),
  groupId: z.string(),
  /** The group whose chair (or the board) handles it now. */
  level: z.enum(['chair', 'board']),
  targetGroupId: z.string(),
  cause: escalationCauseSchema,
  reason: z.string(),
  raisedAt: z.string(),
  raisedBy: z.string(),
  state: escalationStateSchema,
  acknowledgedAt: z.string().optional(),
  acknowledgedBy: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolutionNote: z.string().optional(),
});
export type Escalation = z.infer<typeof escalationSchema>;
