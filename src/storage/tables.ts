/**
 * Table and key design. Every question the bot and scheduler ask names its partitions, so
 * none of them scans a whole plan. bucket(key) spreads what would be a plan-sized partition
 * over 32 (see planRepository.ts):
 *
 * | table          | PartitionKey                 | RowKey                     | answers                                   |
 * |----------------|------------------------------|----------------------------|-------------------------------------------|
 * | Plans          | "plan"                       | planId                     | the plans of this deployment               |
 * | Areas          | planId                       | area number (4 digits)     | a plan's areas                             |
 * | Groups         | planId                       | groupId                    | a plan's groups and boards                 |
 * | People         | planId                       | personId (email)           | a plan's people                            |
 * | Actions        | planId~a~bucket(ref)         | ref                        | one action; the plan's 32 buckets for exports |
 * |                | planId~a~bucket(ref)         | " ~ref~submissionId"       | one update; its key makes a repeated submit fail; the action's history is the key range, and an update is written in one transaction with its action |
 * | ActionIndex    | planId~g                     | groupId: its refs          | the actions of a group                     |
 * |                | planId~l                     | personId: their refs       | one lead's actions                         |
 * |                | planId~due                   | due date: open refs        | what is overdue at a date (range queries)  |
 * | Updates        | planId~ref                   | s~submissionId, u~time~id  | (earlier versions) updates, moved beside their actions when the store opens; empty after |
 * | Memberships    | m~bucket(email)              | email~planId               | which plans a Teams user belongs to        |
 * | Identities     | "user"                       | email                      | a user's Teams ids and conversation        |
 * |                | "aad"                        | aadObjectId                | the email of an AAD object id              |
 * | Cycles         | planId~groupId               | meeting date               | a group's or board's cycle state, by meeting |
 * |                | planId~~daily                | plan date                  | the day's chase run of a plan is done      |
 * | Outbox         | planId                       | m~key                      | one proactive message and its status       |
 * |                | planId                       | d~notBefore~key            | the due queue: pending messages by time    |
 * |                | planId                       | x~key                      | dead-lettered and unreachable messages     |
 * | Escalations    | planId                       | e~id                       | one escalation (id derives from its cause) |
 * |                | planId                       | o~id                       | the plan's unresolved escalations          |
 * | Leases         | "lease"                      | name                       | who holds the scheduler lease, until when  |
 * | BragSnapshots  | planId~groupId               | meeting date               | every action's BRAG when that cycle closed |
 * | ReportSnapshots| planId~boardId               | meeting date               | a board's report facts as produced for that meeting |
 * | ResponseLinks  | "link"                       | SHA-256 of the token       | what an emailed link opens, its expiry and revocation |
 * |                | "link"                       | "withdrawals"              | rewritten with every withdrawal: a remembered link is current while its ETag stands |
 * |                | p~planId~personId            | SHA-256 of the token       | a person's links, to revoke them all       |
 * | CapturedMail   | "mail"                       | inverted time~message id   | mail captured instead of sent (/dev/mail)  |
 * | Measures       | planId                       | measure id                 | a plan's impact measures                   |
 * | MeasureValues  | planId~measureId             | period label               | a measure's values; one per period         |
 *
 * An outbox message and its due-queue row share a partition so one transaction writes both.
 */
export const TABLES = [
  'Plans',
  'Areas',
  'Groups',
  'People',
  'Actions',
  'ActionIndex',
  'Updates',
  'Memberships',
  'Identities',
  'Cycles',
  'Outbox',
  'Escalations',
  'Leases',
  'BragSnapshots',
  'ReportSnapshots',
  'ResponseLinks',
  'CapturedMail',
  'Measures',
  'MeasureValues',
] as const;
export type TableName = (typeof TABLES)[number];
