/**
 * Teams-shaped identifiers shared by the connector stand-in and the activity builders, so the
 * personal chat a test user "installs" in is the one the bot gets back when it creates it again.
 */
import { createHash } from 'node:crypto';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** A personal (1:1) chat id as Teams gives it: the same for the same tenant and user. */
export function personalConversationId(tenantId: string, userId: string): string {
  return `a:1${digest(`${tenantId}\n${userId}`)}`;
}

/** A group chat id for a set of members. */
export function groupConversationId(tenantId: string, memberIds: readonly string[]): string {
  return `19:${createHash('sha256').update(`${tenantId}\n${memberIds.join(',')}`).digest('hex').slice(0, 32)}@thread.v2`;
}

/** A Teams user id ('29:1...') derived from a seed such as an email. */
export function teamsUserId(seed: string): string {
  return `29:1${digest(`user\n${seed}`).slice(0, 40)}`;
}

/** A GUID-shaped AAD object id derived from a seed. */
export function aadObjectIdFor(seed: string): string {
  const hex = createHash('sha256').update(`aad\n${seed}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
