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
  /** A green action is asked whether it is embedded at every n-th cycle of its group after it went green. */
  embeddingEveryCycles: z.number().int().min(1).default(2),
  /** An escalation nobody acknowledges within this many working days climbs one level. */
  escalationClimbWorkingDays: z.number().int().min(1).default(5),
});
export type PlanSettings = z.infer<typeof planSettingsSchema>;
export const DEFAULT_PLAN_SETTINGS: PlanSettings = planSettingsSchema.parse({});

/** A plan's settings, every one: a row stored before a setting existed takes its default. */
export const settingsOf = (plan: { settings?: Partial<PlanSettings> }): PlanSettings => ({ ...DEFAULT_PLAN_SETTINGS, ...plan.settings });

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
  /** The SRO as a person of the plan, when people.csv names the SRO's string. */
  sroId: z.string().optional(),
});
export type Area = z.infer<typeof areaSchema>;

export const GROUP_KINDS = ['taskAndFinish', 'board'] as const;
export const groupKindSchema = z.enum(GROUP_KINDS);
export type GroupKind = z.infer<typeof groupKindSchema>;

export const BOARD_REPORTS = ['progress', 'exceptions'] as const;
export const boardReportsSchema = z.enum(BOARD_REPORTS);
/** What a board receives at each meeting: every group's progress, or the exceptions (the default). */
export type BoardReports = z.infer<typeof boardReportsSchema>;

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
  /** The first chair named; `coChairIds` holds the others, who share every chair right. */
  chairId: z.string(),
  coChairIds: z.array(z.string()).optional(),
  /** Boards only; absent means `exceptions`. */
  reports: boardReportsSchema.optional(),
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
  /** The area's SRO as a person of the plan, when people.csv names them. */
  sroId: z.string().optional(),
  outcome: z.string().optional(),
  evidenceOfImpact: z.string().optional(),
  note: z.string().optional(),
  /** The ids of the impact measures the action should move (actions.csv `measures`). */
  measureIds: z.array(z.string()).optional(),
  importedStatus: ratingSchema,
  brag: ratingSchema,
  lastUpdateAt: z.string().optional(),
  lastUpdateBy: z.string().optional(),
  /** Breaks ties between updates made in the same millisecond, in the history's order. */
  lastUpdateId: z.string().optional(),
  updateCount: z.number().int().min(0),
  /** When an import archived it (it left the plan's file); set only on archived rows. */
  archivedAt: z.string().optional(),
  /** The plan date the action last became green (complete), from which embedding is asked about. */
  greenSince: isoDateSchema.optional(),
  /** A lead's blue rating waiting for a chair's confirmation; until then the action is green. */
  blueProposal: z.object({ updateId: z.string(), at: z.string(), by: z.string() }).optional(),
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
   * Set when the lead rated the action blue: the update records green (complete) and proposes
   * blue, which a chair then confirms or declines.
   */
  proposesBlue: z.boolean().optional(),
  /**
   * Set on a history row that records a chair's decision rather than a lead's progress: on a
   * proposed completion date (keeping the drift, old and new dates, in the history) or on a
   * proposed blue.
   */
  decision: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('revisedDate'),
        outcome: z.enum(['approved', 'rejected']),
        proposalId: z.string(),
        proposedBy: z.string(),
        fromDue: isoDateSchema.optional(),
        toDue: isoDateSchema,
      }),
      z.object({
        kind: z.literal('blue'),
        outcome: z.enum(['confirmed', 'declined']),
        proposalId: z.string(),
        proposedBy: z.string(),
        note: z.string().optional(),
      }),
    ])
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
  /** Groups the escalation climbed from, unacknowledged, oldest first (one climb per level). */
  climbedFrom: z.array(z.string()).optional(),
  /** When it reached its current group (raisedAt until it first climbs). */
  reachedAt: z.string().optional(),
});
export type Escalation = z.infer<typeof escalationSchema>;
