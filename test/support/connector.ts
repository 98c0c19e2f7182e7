/**
 * A local Bot Connector stand-in: a real HTTP server on loopback that the bot's botbuilder adapter
 * talks to as its `serviceUrl`, because Teams itself cannot be reached from tests. It implements the
 * Bot Connector REST routes botbuilder's ConnectorClient calls (conversations, activities, members,
 * teams), records every request, answers the member API from a registry, and can answer like Teams
 * does under pressure: 429 with Retry-After, 403 with Teams' roster codes, 404, 412/5xx, slowness,
 * dropped connections, and Teams' documented per-conversation and per-app rate limits.
 *
 * What botbuilder 4.23 (its ConnectorClient on @azure/core-rest-pipeline 1.24, inside a teams-ai
 * TeamsAdapter) does with these answers, as seen against this stand-in (test/connector/*.test.ts):
 * - In a proactive turn (continueConversationAsync) the turn's activity gets a random id, so
 *   `ctx.sendActivity` arrives as a reply: POST /v3/conversations/{id}/activities/{that id}.
 * - 429 with Retry-After: retried up to 3 more times, waiting Retry-After seconds each time, then a
 *   RestError with `statusCode` 429 (4 requests in all). Retry-After 0 retries at once.
 * - 429 without Retry-After: not retried; RestError 429 on the first answer.
 * - 503 with Retry-After is retried like 429. 500/502/503/504 without it, and dropped connections,
 *   are retried up to 3 more times with exponential backoff (waits of about 0.5-1 s, 1-2 s, 2-4 s),
 *   so an exhausted 5xx surfaces after about 4-7 s.
 * - 403, 404, 412: not retried; RestError with that `statusCode`. Teams asks for 412 to be retried:
 *   the caller has to do it.
 * - Teams' error code arrives as `err.code` (e.g. 'ConversationBlockedByUser') and the parsed body
 *   as `err.details` (`{ error: { code, message } }`).
 * - A connection dropped after Teams accepted the send is retried by botbuilder itself and the
 *   message is delivered twice: duplicates can arise below the caller's own retry logic.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, Attachment } from 'botbuilder';
import { errorAnswer, faultAnswer, WRITE_OPERATIONS, type ErrorAnswer, type Fault, type Operation, type RosterCode } from './connector/faults';
import { groupConversationId, personalConversationId } from './connector/ids';
import { installationUpdate, membersAdded, postActivity } from './activities';
import { MemberRegistry, toTeamsChannelAccount, type MemberInput, type TeamInput, type TeamsChannelAccountJson } from './connector/members';
import { seededRandom, type Random } from './connector/prng';
import { conversationOf, matchRoute, operationOf, type Route } from './connector/routes';
import { SlidingWindows, type WindowLimit } from './connector/slidingWindows';

export type { Fault, Operation, RosterCode } from './connector/faults';
export type { MemberInput, TeamInput, TeamsChannelAccountJson } from './connector/members';
export type { WindowLimit } from './connector/slidingWindows';
export { aadObjectIdFor, groupConversationId, personalConversationId, teamsUserId } from './connector/ids';

export type ActivityJson = Partial<Activity> & Record<string, unknown>;

/** One write request the bot made (send, reply, update, delete, create conversation, history), accepted or not. */
export interface SentRecord {
  /** Order of arrival across all requests, from 1. */
  seq: number;
  method: string;
  operation: Operation;
  conversationId: string | undefined;
  /** For a send or reply the id the stand-in assigned (when accepted); for update/delete the target. */
  activityId: string | undefined;
  /** For a reply, the activity replied to. */
  replyToId?: string;
  /** The activity as the bot sent it (for createConversation, the conversation parameters' activity). */
  activity: ActivityJson | undefined;
  /** For createConversation, the parameters as sent. */
  parameters?: Record<string, unknown>;
  receivedAt: Date;
  status: number;
  /** Teams' error code when rejected. */
  errorCode?: string;
  /**
   * Set when a reset fault dropped the connection: 'beforeAccept' (status 0, nothing delivered) or
   * 'afterAccept' (status is what Teams would have answered, the message is delivered, the sender never hears).
   */
  reset?: 'beforeAccept' | 'afterAccept';
  /** Which Teams limit rejected it, e.g. 'perConversation 7/1000ms'. */
  limit?: string;
  authorization: string | undefined;
}

/** Every request, including member and team lookups. */
export interface RequestRecord {
  seq: number;
  method: string;
  path: string;
  route: Route['op'];
  conversationId: string | undefined;
  status: number;
  receivedAt: Date;
}

export interface CreatedConversation {
  id: string;
  tenantId: string;
  isGroup: boolean;
  memberIds: string[];
  parameters: Record<string, unknown>;
  receivedAt: Date;
}

export interface TranscriptEntry {
  activityId: string;
  /** The latest content: the original send, replaced by each accepted update. */
  activity: ActivityJson;
  updates: number;
  deleted: boolean;
}

export interface FailureScope {
  conversationId?: string;
  /** Defaults to the write operations: createConversation, send, reply, update, delete, history. */
  operations?: readonly Operation[];
}

export interface RandomFailures {
  /** Share of eligible requests that fail, 0..1. */
  rate: number;
  /** The status answered; with a list, one is drawn per failure from the same seeded generator. */
  status: 429 | 412 | 500 | 502 | 503 | 504 | readonly (429 | 412 | 500 | 502 | 503 | 504)[];
  /** Retry-After on 429 answers; 1 second unless told. */
  retryAfterSeconds?: number;
  /** Defaults to sends and replies. */
  operations?: readonly Operation[];
}

export interface TeamsLimits {
  perConversation?: readonly WindowLimit[];
  perApp?: readonly WindowLimit[];
  /** Which operations count against and are held to the limits; defaults to send, reply, update. */
  operations?: readonly Operation[];
}

/** Teams' documented limits for a bot: per conversation and per app (per tenant). */
export const TEAMS_LIMITS: Required<Omit<TeamsLimits, 'operations'>> = {
  perConversation: [
    [7, 1000],
    [8, 2000],
    [60, 30_000],
    [1800, 3_600_000],
  ],
  perApp: [[50, 1000]],
};

export interface ConversationStats {
  accepted: number;
  activities: ActivityJson[];
}

export interface ConnectorStats {
  requests: number;
  /** Messages delivered: accepted sends, replies, history posts and activities carried by createConversation. */
  accepted: number;
  acceptedByOperation: Partial<Record<Operation, number>>;
  rejectedByStatus: Record<number, number>;
  rejected: number;
  /** Connections dropped by a reset fault. */
  resets: number;
  perConversation: Record<string, ConversationStats>;
  /** Delivered messages whose duplicate key (see ConnectorOptions.duplicateKey) was seen before. */
  duplicates: number;
  duplicateKeys: string[];
}

export interface ConnectorOptions {
  /** Activities larger than this are answered 413 MessageSizeTooBig (Teams rejects messages over about 100 KB). */
  maxActivityBytes?: number;
  /**
   * How two deliveries are recognised as the same message. By default: same conversation, same text,
   * summary and attachments. Two deliberately identical messages to one person count as a duplicate.
   */
  duplicateKey?: (activity: ActivityJson, conversationId: string) => string;
}

export interface Connector {
  /** e.g. http://127.0.0.1:PORT/ */
  readonly serviceUrl: string;
  /** Write requests in arrival order, accepted and rejected. */
  readonly sent: readonly SentRecord[];
  /** Every request in arrival order. */
  readonly requests: readonly RequestRecord[];
  readonly conversations: readonly CreatedConversation[];
  /** The Authorization header of the latest request that carried one. */
  readonly lastAuthorization: string | undefined;

  /** Activities delivered to a conversation (sends, replies), optionally followed by accepted updates. */
  activitiesTo(conversationId: string, options?: { includeUpdates?: boolean }): ActivityJson[];
  /** The Adaptive Card contents among activitiesTo(conversationId, options). */
  cardsTo(conversationId: string, options?: { includeUpdates?: boolean }): Record<string, unknown>[];
  /** The conversation as a user would see it: each delivered message in its latest state. */
  transcript(conversationId: string): TranscriptEntry[];
  /** Resolves with the first record (already received or arriving) matching; rejects after timeoutMs listing what arrived. */
  waitFor(predicate: (record: SentRecord) => boolean, timeoutMs?: number): Promise<SentRecord>;
  /** Resolves once `count` messages were delivered (optionally to one conversation). */
  waitForDelivered(count: number, options?: { conversationId?: string; timeoutMs?: number }): Promise<SentRecord[]>;
  /** Forgets what was received (records, stats, rate-limit windows); keeps members, faults and settings. */
  clear(): void;
  /** clear(), and also drops members, teams, faults, blocks, latency and limits. */
  reset(): void;

  /** Registers a member for one conversation (or team id), or for every conversation with '*'. */
  addMember(conversationId: string, member: MemberInput): TeamsChannelAccountJson;
  removeMember(conversationId: string, memberId: string): boolean;
  addTeam(team: TeamInput): void;

  /** The next n requests matching the scope (a conversation id or a scope object) get this fault. */
  failNext(n: number, fault: Fault, scope?: string | FailureScope): void;
  /** Fails a share of requests, drawn from a generator seeded with `seed`; null turns it off. */
  setRandomFailures(spec: RandomFailures | null, seed?: number): void;
  /** Every write to the conversation gets 403 with the code (or 404 ConversationNotFound) until unblocked. */
  blockConversation(conversationId: string, code: RosterCode | 'ConversationNotFound'): void;
  unblockConversation(conversationId: string): void;
  /** Delay before every answer. */
  setLatency(ms: number): void;
  /** Applies Teams' rate limits (TEAMS_LIMITS when called without limits); null turns them off. */
  enforceLimits(limits?: TeamsLimits | null): void;

  /** Where Teams posts activities to the bot (its /api/messages lives below this URL). */
  connectBot(botUrl: string | undefined): void;
  /**
   * What Teams does when the app is installed for a user in personal scope: records the
   * installation and, with a bot connected, posts the installationUpdate (add) and the
   * conversationUpdate with the bot in membersAdded to it, in the user's personal chat.
   */
  deliverInstall(member: { id: string; aadObjectId: string; name: string; tenantId: string }): Promise<void>;
  /** With this on, a personal chat can be created only with a user who has the app installed (403 otherwise), as in Teams. */
  requireInstallation(required: boolean): void;
  setInstalled(aadObjectId: string, installed: boolean): void;
  /** The personal chat id Teams gives a user (by Teams user id) in a tenant. */
  personalConversationIdOf(tenantId: string, userId: string): string;

  stats(): ConnectorStats;
  close(): Promise<void>;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_LIMITED: readonly Operation[] = ['send', 'reply', 'update'];
const DEFAULT_RANDOM: readonly Operation[] = ['send', 'reply'];
const DELIVERING: ReadonlySet<Operation> = new Set<Operation>(['send', 'reply', 'history', 'createConversation']);

interface PendingFault {
  remaining: number;
  fault: Fault;
  conversationId?: string;
  operations: readonly Operation[];
}

interface Waiter {
  predicate: (record: SentRecord) => boolean;
  resolve: (record: SentRecord) => void;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function defaultDuplicateKey(activity: ActivityJson, conversationId: string): string {
  return `${conversationId}\n${JSON.stringify([activity.type, activity.text, activity.summary, activity.attachments])}`;
}

function adaptiveCards(activities: ActivityJson[]): Record<string, unknown>[] {
  return activities.flatMap((a) =>
    ((a.attachments ?? []) as Attachment[])
      .filter((att) => att.contentType === ADAPTIVE_CARD && att.content && typeof att.content === 'object')
      .map((att) => att.content as Record<string, unknown>),
  );
}

function describe(record: SentRecord): string {
  const card = adaptiveCards(record.activity ? [record.activity] : [])[0];
  const firstText = card ? JSON.stringify(card).slice(0, 80) : (record.activity?.text ?? '');
  return `#${record.seq} ${record.method} ${record.operation} ${record.conversationId ?? '-'} → ${record.status}${record.errorCode ? ` ${record.errorCode}` : ''} ${firstText}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'tooLarge'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'tooLarge';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startConnector(options: ConnectorOptions = {}): Promise<Connector> {
  const maxActivityBytes = options.maxActivityBytes ?? 100 * 1024;
  const duplicateKey = options.duplicateKey ?? defaultDuplicateKey;
  const members = new MemberRegistry();

  let sent: SentRecord[] = [];
  /** Write records per conversation, so per-conversation queries stay cheap in large benchmarks. */
  let sentByConversation = new Map<string, SentRecord[]>();
  let requests: RequestRecord[] = [];
  let conversations: CreatedConversation[] = [];
  let transcripts = new Map<string, Map<string, TranscriptEntry>>();
  let lastAuthorization: string | undefined;
  let seq = 0;
  let lastActivityId = 0;
  let lastNow = 0;

  let pendingFaults: PendingFault[] = [];
  let blocked = new Map<string, RosterCode | 'ConversationNotFound'>();
  let latencyMs = 0;
  let random: { spec: RandomFailures; next: Random } | undefined;
  let limits: { perConversation: SlidingWindows; perApp: SlidingWindows; spec: TeamsLimits; operations: readonly Operation[] } | undefined;
  let waiters: Waiter[] = [];
  let botUrl: string | undefined;
  let installationRequired = false;
  const installed = new Set<string>();

  /** Wall-clock milliseconds that never go backwards, so sliding windows stay sorted. */
  const now = (): number => (lastNow = Math.max(lastNow, Date.now()));

  /** Teams message ids are epoch milliseconds; kept strictly increasing so each is unique. */
  const nextActivityId = (): string => {
    lastActivityId = Math.max(lastActivityId + 1, Date.now());
    return String(lastActivityId);
  };

  const notify = (record: SentRecord): void => {
    const remaining: Waiter[] = [];
    for (const waiter of waiters) {
      if (waiter.predicate(record)) waiter.resolve(record);
      else remaining.push(waiter);
    }
    waiters = remaining;
  };

  const keep = (record: SentRecord): void => {
    sent.push(record);
    if (record.conversationId !== undefined) {
      let list = sentByConversation.get(record.conversationId);
      if (!list) {
        list = [];
        sentByConversation.set(record.conversationId, list);
      }
      list.push(record);
    }
    notify(record);
  };

  const transcriptOf = (conversationId: string): Map<string, TranscriptEntry> => {
    let entries = transcripts.get(conversationId);
    if (!entries) {
      entries = new Map();
      transcripts.set(conversationId, entries);
    }
    return entries;
  };

  const takeFault = (operation: Operation, conversationId: string | undefined): Fault | undefined => {
    const index = pendingFaults.findIndex(
      (p) => p.operations.includes(operation) && (p.conversationId === undefined || p.conversationId === conversationId),
    );
    const pending = pendingFaults[index];
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) pendingFaults.splice(index, 1);
    return pending.fault;
  };

  const drawRandomFault = (operation: Operation): Fault | undefined => {
    if (!random || !(random.spec.operations ?? DEFAULT_RANDOM).includes(operation)) return undefined;
    if (random.next() >= random.spec.rate) return undefined;
    const statuses = Array.isArray(random.spec.status) ? random.spec.status : [random.spec.status];
    const status = statuses[Math.floor(random.next() * statuses.length)] as 429 | 412 | 500 | 502 | 503 | 504;
    return status === 429 ? { status, retryAfterSeconds: random.spec.retryAfterSeconds ?? 1 } : { status };
  };

  const checkLimits = (operation: Operation, conversationId: string | undefined, at: number): { answer: ErrorAnswer; limit: string } | undefined => {
    if (!limits || !limits.operations.includes(operation)) return undefined;
    const verdicts = [
      { scope: 'perApp', verdict: limits.perApp.check('app', at) },
      { scope: 'perConversation', verdict: conversationId ? limits.perConversation.check(conversationId, at) : ({ allowed: true } as const) },
    ];
    let worst: { answer: ErrorAnswer; limit: string; ms: number } | undefined;
    for (const { scope, verdict } of verdicts) {
      if (verdict.allowed) continue;
      if (worst && worst.ms >= verdict.retryAfterMs) continue;
      worst = {
        answer: errorAnswer(429, 'Throttled', undefined, Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))),
        limit: `${scope} ${verdict.limit[0]}/${verdict.limit[1]}ms`,
        ms: verdict.retryAfterMs,
      };
    }
    return worst && { answer: worst.answer, limit: worst.limit };
  };

  const countAgainstLimits = (operation: Operation, conversationId: string | undefined, at: number): void => {
    if (!limits || !limits.operations.includes(operation)) return;
    limits.perApp.record('app', at);
    if (conversationId) limits.perConversation.record(conversationId, at);
  };

  /** Performs an accepted operation and says what to answer. */
  const perform = (route: Route, body: Record<string, unknown>, record: SentRecord | undefined, query: URLSearchParams): Answer => {
    switch (route.op) {
      case 'createConversation': {
        const channelData = body.channelData as { tenant?: { id?: string } } | undefined;
        const tenantId = channelData?.tenant?.id ?? (body.tenantId as string | undefined);
        const memberIds = ((body.members as { id?: string }[] | undefined) ?? []).map((m) => m.id).filter((id): id is string => !!id);
        if (!tenantId) return errorAnswer(400, 'BadArgument', 'A tenant id is required in channelData.tenant.id to create a conversation in Teams.');
        if (memberIds.length === 0) return errorAnswer(400, 'BadArgument', 'At least one member is required to create a conversation.');
        const isGroup = body.isGroup === true;
        // Teams accepts a member by AAD object id and answers with the chat it keys by Teams user id.
        const known = isGroup ? undefined : members.findInTenant(memberIds[0]!);
        if (!isGroup && installationRequired && !installed.has((known?.aadObjectId ?? memberIds[0]!).toLowerCase())) {
          return errorAnswer(403, 'Forbidden', 'The bot is not installed for this user: install the app before creating a conversation.');
        }
        const id = isGroup ? groupConversationId(tenantId, memberIds) : personalConversationId(tenantId, known?.id ?? memberIds[0]!);
        const blockedCode = blocked.get(id);
        // A chat whose history was removed is found again by creating it anew.
        if (blockedCode === 'ConversationNotFound') blocked.delete(id);
        else if (blockedCode) return errorAnswer(403, blockedCode);
        if (record) record.conversationId = id;
        conversations.push({ id, tenantId, isGroup, memberIds, parameters: body, receivedAt: record?.receivedAt ?? new Date() });
        const answer: Record<string, unknown> = { id };
        if (record?.activity) {
          record.activityId = nextActivityId();
          transcriptOf(id).set(record.activityId, { activityId: record.activityId, activity: record.activity, updates: 0, deleted: false });
          answer.activityId = record.activityId;
        }
        return { status: 201, body: answer };
      }
      case 'send':
      case 'reply':
      case 'history': {
        const id = nextActivityId();
        if (record) record.activityId = id;
        if (record?.activity) transcriptOf(route.conversationId).set(id, { activityId: id, activity: record.activity, updates: 0, deleted: false });
        return { status: route.op === 'history' ? 200 : 201, body: { id } };
      }
      case 'update': {
        const entry = transcriptOf(route.conversationId).get(route.activityId);
        // Cards sent before this stand-in started (e.g. the one an invoke came from) are updatable too.
        if (entry && record?.activity) {
          entry.activity = record.activity;
          entry.updates += 1;
        } else if (record?.activity) {
          transcriptOf(route.conversationId).set(route.activityId, { activityId: route.activityId, activity: record.activity, updates: 1, deleted: false });
        }
        return { status: 200, body: { id: route.activityId } };
      }
      case 'delete': {
        const entry = transcriptOf(route.conversationId).get(route.activityId);
        if (entry) entry.deleted = true;
        return { status: 200 };
      }
      case 'listConversations':
        return { status: 200, body: { conversations: conversations.map((c) => ({ id: c.id, members: c.memberIds.map((id) => ({ id })) })) } };
      case 'listMembers':
      case 'activityMembers':
        return { status: 200, body: members.list(route.conversationId).map(toTeamsChannelAccount) };
      case 'pagedMembers': {
        const all = members.list(route.conversationId).map(toTeamsChannelAccount);
        const pageSize = Math.max(1, Number(query.get('pageSize') ?? 200) || 200);
        const start = Number(query.get('continuationToken') ?? 0) || 0;
        const page = all.slice(start, start + pageSize);
        const next = start + pageSize < all.length ? String(start + pageSize) : undefined;
        return { status: 200, body: { members: page, continuationToken: next } };
      }
      case 'getMember': {
        const member = members.find(route.conversationId, route.memberId);
        return member ? { status: 200, body: toTeamsChannelAccount(member) } : errorAnswer(404, 'MemberNotFoundInConversation');
      }
      case 'deleteMember':
        return members.remove(route.conversationId, route.memberId) ? { status: 200 } : errorAnswer(404, 'MemberNotFoundInConversation');
      case 'teamChannels': {
        const team = members.team(route.teamId);
        if (!team) return errorAnswer(404, 'ConversationNotFound', 'Team not found.');
        const channels = [{ id: team.id, name: undefined as string | undefined }, ...(team.channels ?? [])];
        return { status: 200, body: { conversations: channels } };
      }
      case 'teamDetails': {
        const team = members.team(route.teamId);
        if (!team) return errorAnswer(404, 'ConversationNotFound', 'Team not found.');
        return {
          status: 200,
          body: {
            id: team.id,
            name: team.name,
            aadGroupId: team.aadGroupId,
            channelCount: 1 + (team.channels?.length ?? 0),
            memberCount: members.list(team.id).length,
            type: 'standard',
          },
        };
      }
      case 'uploadAttachment':
        return { status: 200, body: { id: nextActivityId() } };
      case 'unknown':
        return errorAnswer(404, 'NotFound');
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = new Date();
    const thisSeq = ++seq;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorization = req.headers.authorization;
    if (authorization) lastAuthorization = authorization;

    const route = matchRoute(method, url.pathname);
    const operation = operationOf(route);
    const conversationId = conversationOf(route);
    const requestRecord: RequestRecord = { seq: thisSeq, method, path: url.pathname, route: route.op, conversationId, status: 0, receivedAt };
    requests.push(requestRecord);

    const raw = await readBody(req);
    const answer = (a: Answer): void => {
      requestRecord.status = a.status;
      const payload = a.body === undefined ? '' : JSON.stringify(a.body);
      res.writeHead(a.status, { ...(a.headers ?? {}), ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}) });
      res.end(payload);
    };

    let body: Record<string, unknown> = {};
    if (raw === 'tooLarge') return answer(errorAnswer(413, 'MessageSizeTooBig'));
    if (raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
      } catch {
        return answer(errorAnswer(400, 'BadSyntax'));
      }
    }

    if (latencyMs > 0) await sleep(latencyMs);

    const isWrite = operation !== undefined && WRITE_OPERATIONS.includes(operation);
    const record: SentRecord | undefined = isWrite
      ? {
          seq: thisSeq,
          method,
          operation,
          conversationId,
          activityId: 'activityId' in route ? route.activityId : undefined,
          activity: (operation === 'createConversation' ? (body.activity as ActivityJson | undefined) : body) as ActivityJson | undefined,
          receivedAt,
          status: 0,
          authorization,
        }
      : undefined;
    if (record && route.op === 'reply') {
      record.replyToId = route.activityId;
      record.activityId = undefined;
    }
    if (record && route.op === 'createConversation') record.parameters = body;
    if (record && route.op === 'delete') record.activity = undefined;

    const finish = (a: Answer, extra: { errorCode?: string; limit?: string } = {}): void => {
      if (record) {
        record.status = a.status;
        if (a.status >= 400) record.errorCode = extra.errorCode ?? (a.body as ErrorAnswer['body'] | undefined)?.error?.code;
        if (extra.limit) record.limit = extra.limit;
        keep(record);
      }
      answer(a);
    };

    if (operation === undefined) return finish(perform(route, body, record, url.searchParams));

    const blockedCode = isWrite && conversationId ? blocked.get(conversationId) : undefined;
    if (blockedCode) return finish(blockedCode === 'ConversationNotFound' ? errorAnswer(404, blockedCode) : errorAnswer(403, blockedCode));

    let fault = takeFault(operation, conversationId) ?? drawRandomFault(operation);
    if (fault && 'delayMs' in fault) {
      await sleep(fault.delayMs);
      fault = undefined;
    }
    if (fault && 'reset' in fault) {
      const status = fault.afterAccept ? perform(route, body, record, url.searchParams).status : 0;
      if (fault.afterAccept && status < 300) countAgainstLimits(operation, record?.conversationId ?? conversationId, now());
      requestRecord.status = status;
      if (record) {
        record.status = status;
        record.reset = fault.afterAccept ? 'afterAccept' : 'beforeAccept';
        keep(record);
      }
      req.socket.destroy();
      return;
    }
    if (fault) return finish(faultAnswer(fault));

    if ((operation === 'send' || operation === 'reply' || operation === 'update') && raw.length > maxActivityBytes) {
      return finish(errorAnswer(413, 'MessageSizeTooBig', `The activity is ${raw.length} bytes; Teams accepts at most about ${maxActivityBytes}.`));
    }

    const at = now();
    const limited = checkLimits(operation, conversationId, at);
    if (limited) return finish(limited.answer, { limit: limited.limit });

    const result = perform(route, body, record, url.searchParams);
    if (result.status < 300) countAgainstLimits(operation, record?.conversationId ?? conversationId, at);
    finish(result);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { code: 'StandInFailure', message: `The connector stand-in failed: ${String(err)}` } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const delivered = (record: SentRecord): boolean =>
    record.status >= 200 && record.status < 300 && DELIVERING.has(record.operation) && record.activity !== undefined;

  const clear = (): void => {
    sent = [];
    sentByConversation = new Map();
    requests = [];
    conversations = [];
    transcripts = new Map();
    lastAuthorization = undefined;
    if (limits) limits = { ...limits, perConversation: new SlidingWindows(limits.spec.perConversation ?? []), perApp: new SlidingWindows(limits.spec.perApp ?? []) };
  };

  const connector: Connector = {
    serviceUrl: `http://127.0.0.1:${port}/`,
    get sent() {
      return sent;
    },
    get requests() {
      return requests;
    },
    get conversations() {
      return conversations;
    },
    get lastAuthorization() {
      return lastAuthorization;
    },

    activitiesTo(conversationId, opts = {}) {
      return (sentByConversation.get(conversationId) ?? [])
        .filter((r) => (delivered(r) || (opts.includeUpdates && r.operation === 'update' && r.status === 200)))
        .map((r) => r.activity as ActivityJson);
    },
    cardsTo(conversationId, opts = {}) {
      return adaptiveCards(connector.activitiesTo(conversationId, opts));
    },
    transcript(conversationId) {
      return [...(transcripts.get(conversationId)?.values() ?? [])];
    },

    waitFor(predicate, timeoutMs = 5000) {
      const existing = sent.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<SentRecord>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const received = sent.length === 0 ? '  (nothing)' : sent.slice(-30).map((r) => `  ${describe(r)}`).join('\n');
          reject(new Error(`The connector stand-in received no matching request within ${timeoutMs} ms. It received ${sent.length} write request(s)${sent.length > 30 ? ', the last 30' : ''}:\n${received}`));
        }, timeoutMs);
        const waiter: Waiter = {
          predicate,
          resolve: (record) => {
            clearTimeout(timer);
            resolve(record);
          },
        };
        waiters.push(waiter);
      });
    },
    async waitForDelivered(count, opts = {}) {
      const matching = (): SentRecord[] => sent.filter((r) => delivered(r) && (opts.conversationId === undefined || r.conversationId === opts.conversationId));
      const timeoutMs = opts.timeoutMs ?? 5000;
      if (matching().length < count) {
        await connector
          .waitFor(() => matching().length >= count, timeoutMs)
          .catch((err: Error) => {
            throw new Error(`Expected ${count} delivered message(s)${opts.conversationId ? ` to ${opts.conversationId}` : ''}, saw ${matching().length}. ${err.message}`);
          });
      }
      return matching();
    },
    clear,
    reset() {
      clear();
      members.clear();
      pendingFaults = [];
      blocked = new Map();
      latencyMs = 0;
      random = undefined;
      limits = undefined;
    },

    addMember(conversationId, member) {
      members.add(conversationId, member);
      return toTeamsChannelAccount(member);
    },
    removeMember(conversationId, memberId) {
      return members.remove(conversationId, memberId);
    },
    addTeam(team) {
      members.addTeam(team);
    },

    failNext(n, fault, scope) {
      if (!Number.isInteger(n) || n < 1) throw new Error(`failNext needs a positive whole number of requests, got ${n}.`);
      const resolved: FailureScope = typeof scope === 'string' ? { conversationId: scope } : (scope ?? {});
      pendingFaults.push({ remaining: n, fault, conversationId: resolved.conversationId, operations: resolved.operations ?? WRITE_OPERATIONS });
    },
    setRandomFailures(spec, seed = 1) {
      if (spec && (spec.rate < 0 || spec.rate > 1)) throw new Error(`A random failure rate must be between 0 and 1, got ${spec.rate}.`);
      random = spec ? { spec, next: seededRandom(seed) } : undefined;
    },
    blockConversation(conversationId, code) {
      blocked.set(conversationId, code);
    },
    unblockConversation(conversationId) {
      blocked.delete(conversationId);
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    enforceLimits(spec = TEAMS_LIMITS) {
      limits = spec
        ? {
            spec,
            perConversation: new SlidingWindows(spec.perConversation ?? []),
            perApp: new SlidingWindows(spec.perApp ?? []),
            operations: spec.operations ?? DEFAULT_LIMITED,
          }
        : undefined;
    },

    connectBot(url) {
      botUrl = url;
    },
    async deliverInstall(member) {
      installed.add(member.aadObjectId.toLowerCase());
      if (!botUrl) return;
      const context = {
        user: { id: member.id, aadObjectId: member.aadObjectId, name: member.name },
        serviceUrl: connector.serviceUrl,
        tenantId: member.tenantId,
      };
      for (const activity of [installationUpdate({ ...context, action: 'add' }), membersAdded(context)]) {
        const answer = await postActivity(botUrl, activity);
        if (answer.status >= 300) throw new Error(`The bot answered ${answer.status} to Teams' ${activity.type}.`);
      }
    },
    requireInstallation(required) {
      installationRequired = required;
    },
    setInstalled(aadObjectId, yes) {
      if (yes) installed.add(aadObjectId.toLowerCase());
      else installed.delete(aadObjectId.toLowerCase());
    },
    personalConversationIdOf: personalConversationId,

    stats() {
      const perConversation: Record<string, ConversationStats> = {};
      const acceptedByOperation: Partial<Record<Operation, number>> = {};
      const rejectedByStatus: Record<number, number> = {};
      const seenKeys = new Set<string>();
      const duplicateKeys: string[] = [];
      let accepted = 0;
      let rejected = 0;
      let resets = 0;
      for (const r of sent) {
        if (r.reset) resets += 1;
        if (r.status === 0) continue;
        if (r.status >= 400) {
          rejected += 1;
          rejectedByStatus[r.status] = (rejectedByStatus[r.status] ?? 0) + 1;
          continue;
        }
        acceptedByOperation[r.operation] = (acceptedByOperation[r.operation] ?? 0) + 1;
        if (!DELIVERING.has(r.operation) || !r.activity || !r.conversationId) continue;
        accepted += 1;
        const entry = (perConversation[r.conversationId] ??= { accepted: 0, activities: [] });
        entry.accepted += 1;
        entry.activities.push(r.activity);
        const key = duplicateKey(r.activity, r.conversationId);
        if (seenKeys.has(key)) duplicateKeys.push(key);
        else seenKeys.add(key);
      }
      return {
        requests: requests.length,
        accepted,
        acceptedByOperation,
        rejectedByStatus,
        rejected,
        resets,
        perConversation,
        duplicates: duplicateKeys.length,
        duplicateKeys,
      };
    },

    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return connector;
}
