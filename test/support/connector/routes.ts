/**
 * Maps a Bot Connector request (method and path) to the operation it is, with its decoded
 * conversation, activity, member or team id. Ids arrive URL-encoded (Teams ids hold ':' and ';'),
 * so the path is split on '/' before each segment is decoded. Anything before 'v3' is ignored, as a
 * regional service URL such as https://smba.trafficmanager.net/uk/ carries a path prefix.
 */
import type { Operation } from './faults';

export type Route =
  | { op: 'listConversations' }
  | { op: 'createConversation' }
  | { op: 'send'; conversationId: string }
  | { op: 'history'; conversationId: string }
  | { op: 'reply'; conversationId: string; activityId: string }
  | { op: 'update'; conversationId: string; activityId: string }
  | { op: 'delete'; conversationId: string; activityId: string }
  | { op: 'listMembers'; conversationId: string }
  | { op: 'pagedMembers'; conversationId: string }
  | { op: 'getMember'; conversationId: string; memberId: string }
  | { op: 'deleteMember'; conversationId: string; memberId: string }
  | { op: 'activityMembers'; conversationId: string; activityId: string }
  | { op: 'uploadAttachment'; conversationId: string }
  | { op: 'teamChannels'; teamId: string }
  | { op: 'teamDetails'; teamId: string }
  | { op: 'unknown' };

export function matchRoute(method: string, pathname: string): Route {
  let segments: string[];
  try {
    segments = pathname.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
  } catch {
    return { op: 'unknown' };
  }
  const v3 = segments.indexOf('v3');
  if (v3 < 0) return { op: 'unknown' };
  const [root, id, sub, subId, leaf, ...extra] = segments.slice(v3 + 1);
  if (extra.length > 0) return { op: 'unknown' };

  if (root === 'teams' && id !== undefined && subId === undefined) {
    if (method === 'GET' && sub === undefined) return { op: 'teamDetails', teamId: id };
    if (method === 'GET' && sub === 'conversations') return { op: 'teamChannels', teamId: id };
    return { op: 'unknown' };
  }
  if (root !== 'conversations') return { op: 'unknown' };

  if (id === undefined) {
    if (method === 'GET') return { op: 'listConversations' };
    if (method === 'POST') return { op: 'createConversation' };
    return { op: 'unknown' };
  }
  const conversationId = id;
  if (sub === 'activities') {
    if (subId === undefined) return method === 'POST' ? { op: 'send', conversationId } : { op: 'unknown' };
    if (subId === 'history' && leaf === undefined && method === 'POST') return { op: 'history', conversationId };
    if (leaf === 'members' && method === 'GET') return { op: 'activityMembers', conversationId, activityId: subId };
    if (leaf !== undefined) return { op: 'unknown' };
    if (method === 'POST') return { op: 'reply', conversationId, activityId: subId };
    if (method === 'PUT') return { op: 'update', conversationId, activityId: subId };
    if (method === 'DELETE') return { op: 'delete', conversationId, activityId: subId };
    return { op: 'unknown' };
  }
  if (leaf !== undefined) return { op: 'unknown' };
  if (sub === 'members') {
    if (subId === undefined) return method === 'GET' ? { op: 'listMembers', conversationId } : { op: 'unknown' };
    if (method === 'GET') return { op: 'getMember', conversationId, memberId: subId };
    if (method === 'DELETE') return { op: 'deleteMember', conversationId, memberId: subId };
    return { op: 'unknown' };
  }
  if (sub === 'pagedmembers' && subId === undefined && method === 'GET') return { op: 'pagedMembers', conversationId };
  if (sub === 'attachments' && subId === undefined && method === 'POST') return { op: 'uploadAttachment', conversationId };
  return { op: 'unknown' };
}

/** The operation family a route belongs to, for scoping faults and limits. */
export function operationOf(route: Route): Operation | undefined {
  switch (route.op) {
    case 'createConversation':
    case 'send':
    case 'reply':
    case 'update':
    case 'delete':
    case 'history':
      return route.op;
    case 'listMembers':
    case 'pagedMembers':
    case 'getMember':
    case 'deleteMember':
    case 'activityMembers':
      return 'members';
    case 'teamChannels':
    case 'teamDetails':
      return 'teams';
    case 'uploadAttachment':
      return 'attachments';
    default:
      return undefined;
  }
}

export function conversationOf(route: Route): string | undefined {
  return 'conversationId' in route ? route.conversationId : 'teamId' in route ? route.teamId : undefined;
}
