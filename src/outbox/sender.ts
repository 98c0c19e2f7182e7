/**
 * The sender: drains one plan's due queue through a Transport. It keeps to the plan's send
 * rate (token bucket) and Teams' per-conversation windows, sends to different conversations
 * concurrently, retries throttling (429, honouring Retry-After) and transient errors (412, 5xx,
 * no answer) with exponential backoff and jitter, dead-letters a message after a bounded number
 * of attempts, and marks a person unreachable on 403 without retrying. A personal chat that is
 * gone (404 ConversationNotFound, after the person removed its history) is opened again, the app
 * reinstalled first when Teams needs it, and the message sent once more.
 *
 * Delivery is at least once with a window of one message: the sent-mark is written right after
 * the connector accepts a message, and the process hands nothing else over until that write has
 * landed (the send slot), so a process killed at any instant leaves at most one message accepted
 * but unmarked, which the next drain sends again. Many messages are claimed, paced and retried
 * at once; only the hand-over and the mark are one at a time. Everything else survives a kill:
 * the message stays queued until it is marked.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock';
import type { ConversationRef } from '../domain/model';
import { ConflictError } from '../storage/errors';
import type { Identity } from '../storage/identityRepository';
import type { Store } from '../storage/store';
import type { SendBacklog } from './backlog';
import type { OutboxMessage } from './model';
import type { QueuedMessage } from '../storage/outboxRepository';
import { ConversationWindows, TEAMS_CONVERSATION_LIMITS, RateWindow, backoffMs, realPacer, type Pacer, type WindowLimit } from './pacing';
import { SendError, classifyMailError, classifySendError, type MailTransport, type OutgoingMail, type Transport } from './transport';
import { causeOfConnectorCode } from '../reach/reachability';
import { processSendSlot, type SendSlot } from './sendSlot';

export interface SenderOptions {
  /** Most sends a second for this plan (PLANPULSE_SEND_RATE). */
  ratePerSecond: number;
  /** Sends in flight at once; defaults to four times the rate. */
  concurrency?: number;
  /** Attempts before a message is dead-lettered. */
  maxAttempts?: number;
  /**
   * When no answer comes at all (connection refused, reset, timed out: the network or the
   * connector is down), a message is retried for at least this long before it is given up,
   * however many attempts that takes. Default 6 hours.
   */
  connectionRetryMs?: number;
  /** The longest wait between attempts while the connection is down. Default 15 minutes. */
  maxConnectionBackoffMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** A retry due within this long waits inside the drain; a later one is left to a later tick. */
  maxInlineWaitMs?: number;
  /** How long a drain run owns a message it claimed (a crashed run's claims lapse after this). */
  claimTtlMs?: number;
  /** When a recipient has no conversation yet, look again after this long. */
  noConversationRetryMs?: number;
  /** Real milliseconds after which the drain starts nothing new (the timer's next tick takes over). */
  budgetMs?: number;
  conversationLimits?: readonly WindowLimit[];
  /** Extra milliseconds on every pacing window, for requests' own travel time. */
  pacingMarginMs?: number;
  /** Monotonic time for pacing; tests may speed retries up through `sleep`. */
  pacer?: Pacer;
  /** How retry delays are waited out; inject a faster one in tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Where to open a personal chat with someone the bot has not heard from (serviceUrl and tenant). */
  proactive?: { serviceUrl?: string; tenantId?: string };
  /**
   * Installs the app for a person again (Microsoft Graph), so a chat that is gone can be opened
   * again; resolves false when it could not. Without it only chats whose app is still installed
   * are reopened.
   */
  reinstall?: (aadObjectId: string) => Promise<boolean>;
  /** Stops the drain starting anything new (shutdown, or a lost lease). */
  signal?: AbortSignal;
  /** While this is pending, more messages may still be queued: keep following the queue. */
  until?: Promise<unknown>;
  /** Told of every message the drain is done with, and closed when the drain stops. */
  backlog?: SendBacklog;
  /** Only these messages (by key), if they are queued and due, instead of following the due queue. */
  keys?: readonly string[];
  /** How email messages are sent; without it they are dead-lettered with a reason. */
  mail?: MailDelivery;
  /** The slot held from hand-over to sent-mark; by default the one every drain in this process shares. */
  sendSlot?: SendSlot;
}

export interface DrainResult {
  sent: number;
  /** Attempts that failed and were retried (now or on a later tick). */
  retried: number;
  /** Dead-lettered, unreachable or refused for good. */
  failed: number;
  /** Left pending for a later tick: no conversation yet, or a long Retry-After. */
  deferred: number;
  unreachable: number;
  dead: number;
  expired: number;
  /** Messages skipped because another drain run holds them. */
  skipped: number;
}

/** Email delivery, when the deployment has it (SMTP_URL, or the embedded store's capture). */
export interface MailDelivery {
  transport: MailTransport;
  /** The domain part of Message-IDs (the public URL's host). */
  domain: string;
  /** The mail as it goes out: its response link minted and put in place. */
  prepare(message: OutboxMessage): Promise<OutgoingMail>;
}

/** The outbox key as a Message-ID: the same message always carries the same id. */
export function messageIdOf(key: string, domain: string): string {
  return `<${Buffer.from(key).toString('base64url')}@${domain}>`;
}

export interface DrainDeps {
  store: Store;
  transport: Transport;
  clock: Clock;
  planId: string;
  options: SenderOptions;
  logger?: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

const emptyResult = (): DrainResult => ({ sent: 0, retried: 0, failed: 0, deferred: 0, unreachable: 0, dead: 0, expired: 0, skipped: 0 });

function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  return new SendError(`The send did not complete: ${err instanceof Error ? err.message : String(err)}`, undefined);
}

function tenantOf(ref: ConversationRef): string | undefined {
  const conv = ref.conversation as { tenantId?: unknown };
  return ref.tenantId ?? (typeof conv.tenantId === 'string' ? conv.tenantId : undefined);
}

/**
 * Sends the named messages of a plan now, from inside a bot turn: the drain's own path (pacing,
 * verdicts, dead letters), without waiting in the turn: a retry is left to the next drain.
 */
export async function deliverNow(deps: Omit<DrainDeps, 'options'> & { options?: Partial<SenderOptions> }, keys: readonly string[]): Promise<DrainResult> {
  return drainOutbox({ ...deps, options: { ratePerSecond: 1, maxInlineWaitMs: 0, ...deps.options, keys } });
}

/** Sends what is due in one plan's outbox. Safe to run concurrently with another drain: claims are ETag-guarded. */
export async function drainOutbox(deps: DrainDeps): Promise<DrainResult> {
  const { store, transport, clock, planId, options, logger } = deps;
  const pacer = options.pacer ?? realPacer;
  const sleep = options.sleep ?? pacer.sleep;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseBackoff = options.baseBackoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const connectionRetry = options.connectionRetryMs ?? 6 * 60 * 60_000;
  const maxConnectionBackoff = options.maxConnectionBackoffMs ?? 15 * 60_000;
  const maxInlineWait = options.maxInlineWaitMs ?? 30_000;
  const claimTtl = options.claimTtlMs ?? 120_000;
  const noConversationRetry = options.noConversationRetryMs ?? 5 * 60_000;
  const concurrency = options.concurrency ?? Math.max(4, options.ratePerSecond * 4);
  const startedAt = pacer.now();
  const outOfTime = () => options.signal?.aborted === true || (options.budgetMs !== undefined && pacer.now() - startedAt > options.budgetMs);

  const runId = randomUUID();
  const rate = new RateWindow(options.ratePerSecond, pacer, options.pacingMarginMs);
  const windows = new ConversationWindows(options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS, pacer, options.pacingMarginMs);
  const slot = options.sendSlot ?? processSendSlot;
  const result = emptyResult();
  const identities = new Map<string, Promise<Identity | undefined>>();
  const proactive = { ...options.proactive };

  const identityOf = (email: string) => {
    let found = identities.get(email);
    if (!found) {
      found = store.identities.get(email);
      identities.set(email, found);
    }
    return found;
  };

  /** The conversation to send to, or why there is none. */
  const resolveConversation = async (
    message: OutboxMessage,
  ): Promise<{ ref: ConversationRef } | { unreachable: string } | { none: true }> => {
    if (message.conversation) return { ref: message.conversation };
    const identity = await identityOf(message.recipientId);
    if (identity && identity.reachable === false) {
      return { unreachable: identity.unreachableReason ?? 'The bot cannot reach this person.' };
    }
    if (identity?.conversation) {
      proactive.serviceUrl ??= identity.conversation.serviceUrl;
      proactive.tenantId ??= tenantOf(identity.conversation);
      return { ref: identity.conversation };
    }
    const aadObjectId = identity?.aadObjectId ?? (await store.plans.getPerson(planId, message.recipientId))?.value.aadObjectId;
    if (aadObjectId && proactive.serviceUrl && proactive.tenantId) {
      const ref = await transport.createPersonalConversation({ serviceUrl: proactive.serviceUrl, tenantId: proactive.tenantId, aadObjectId });
      const merged = await store.identities.merge(message.recipientId, { conversation: ref, aadObjectId, reachable: true });
      identities.set(message.recipientId, Promise.resolve(merged));
      return { ref };
    }
    return { none: true };
  };

  /**
   * Opens a personal chat that is gone once more (reinstalling the app if Teams refuses for want
   * of it). Resolves with the new reference, with the refusal that means the person cannot be
   * reached, or with undefined when nothing is known to open it with.
   */
  const reopen = async (recipientId: string, lost: ConversationRef): Promise<ConversationRef | SendError | undefined> => {
    const identity = await identityOf(recipientId);
    const aadObjectId = identity?.aadObjectId ?? (await store.plans.getPerson(planId, recipientId))?.value.aadObjectId;
    const tenantId = tenantOf(lost) ?? proactive.tenantId;
    const forgotten = await store.identities.merge(recipientId, { conversation: undefined });
    identities.set(recipientId, Promise.resolve(forgotten));
    if (!aadObjectId || !tenantId) return undefined;
    const open = () => transport.createPersonalConversation({ serviceUrl: lost.serviceUrl, tenantId, aadObjectId });
    let ref: ConversationRef;
    try {
      ref = await open();
    } catch (err) {
      const refused = toSendError(err);
      if (refused.status !== 403 || !options.reinstall || refused.code === 'ConversationBlockedByUser' || refused.code === 'BotDisabledByAdmin') return refused;
      if (!(await options.reinstall(aadObjectId))) return refused;
      try {
        ref = await open();
      } catch (again) {
        return toSendError(again);
      }
    }
    const merged = await store.identities.merge(recipientId, { conversation: ref, aadObjectId, reachable: true, unreachableReason: undefined, unreachableCause: undefined });
    identities.set(recipientId, Promise.resolve(merged));
    return ref;
  };

  const markUnreachable = async (row: QueuedMessage, reason: string, err?: SendError) => {
    const message = row.value;
    // A refused edit says the posted message is gone, not that its reader is out of reach; only a
    // fresh refusal is recorded, so a person already known unreachable keeps the cause on record.
    if (!message.conversation && !message.updateOf && err) {
      const cause = causeOfConnectorCode(err.code);
      const merged = await store.identities.merge(message.recipientId, { reachable: false, unreachableReason: reason, ...(cause ? { unreachableCause: cause } : {}) });
      identities.set(message.recipientId, Promise.resolve(merged));
    }
    await store.outbox.finish(row, 'unreachable', clock.now(), { status: err?.status, code: err?.code, message: reason });
    result.unreachable++;
    result.failed++;
  };

  const processOne = async (row: QueuedMessage): Promise<void> => {
    const now = clock.now();
    if (row.value.claim && row.value.claim.by !== runId && new Date(row.value.claim.until) > now) {
      result.skipped++;
      return;
    }
    if (row.value.expiresAt && new Date(row.value.expiresAt) <= now) {
      await store.outbox.finish(row, 'expired', now);
      result.expired++;
      return;
    }
    let claimed: QueuedMessage;
    try {
      claimed = await store.outbox.claim(row, runId, new Date(now.getTime() + claimTtl));
    } catch (err) {
      if (err instanceof ConflictError) {
        result.skipped++;
        return;
      }
      throw err;
    }
    const message = () => claimed.value;
    if (message().mail) {
      await processMail(claimed);
      return;
    }

    let target: Awaited<ReturnType<typeof resolveConversation>>;
    try {
      target = await resolveConversation(message());
    } catch (err) {
      const sendError = toSendError(err);
      // Blocked or disabled is the person's or tenant's answer; a bare 403 means the app is not
      // installed for them yet, which reaching them (or their opening the app) changes.
      if (classifySendError(sendError) === 'unreachable' && (sendError.status !== 403 || causeOfConnectorCode(sendError.code))) {
        await markUnreachable(claimed, `Teams refused to open a chat: ${sendError.code ?? sendError.status}.`, sendError);
        return;
      }
      await store.outbox.reschedule(claimed, new Date(clock.now().getTime() + noConversationRetry), {
        lastError: { status: sendError.status, code: sendError.code, message: sendError.message },
      });
      result.deferred++;
      return;
    }
    if ('unreachable' in target) {
      await markUnreachable(claimed, target.unreachable);
      return;
    }
    if ('none' in target) {
      await store.outbox.reschedule(claimed, new Date(clock.now().getTime() + noConversationRetry), { deferredReason: 'noConversation' });
      result.deferred++;
      return;
    }
    let ref = target.ref;
    const teams: Channel = {
      windowKey: ref.conversation.id,
      send: async (beforeSend) => {
        const edit = message().updateOf;
        if (edit) {
          await transport.update(ref, edit.activityId, message().activity, { beforeSend });
          return { activityId: edit.activityId, conversationId: ref.conversation.id };
        }
        return { activityId: (await transport.send(ref, message().activity, { beforeSend })).activityId, conversationId: ref.conversation.id };
      },
      classify: classifySendError,
      unreachable: (row, err) => markUnreachable(row, `Teams answered ${err.status ?? ''} ${err.code ?? ''}`.trim() + '.', err),
      // A personal chat that is gone is opened again, once; an edit or a channel post is not.
      reopen:
        message().conversation || message().updateOf
          ? undefined
          : async (row) => {
              const again = await reopen(row.value.recipientId, ref);
              if (again instanceof SendError) {
                await markUnreachable(row, `Teams refused to open the chat again: ${again.code ?? again.status}.`, again);
                return false;
              }
              if (!again) {
                await store.outbox.reschedule(row, new Date(clock.now().getTime() + noConversationRetry), { deferredReason: 'noConversation', lastError: row.value.lastError });
                result.deferred++;
                return false;
              }
              ref = again;
              teams.windowKey = ref.conversation.id;
              return true;
            },
    };
    await deliver(claimed, teams);
  };

  /** An email: sent through the mail transport, paced and retried like a Teams message. */
  const processMail = async (claimed: QueuedMessage): Promise<void> => {
    const message = claimed.value;
    const mail = message.mail!;
    if (!options.mail) {
      await store.outbox.finish(claimed, 'dead', clock.now(), { message: 'No email delivery is configured (set SMTP_URL).' });
      result.dead++;
      result.failed++;
      return;
    }
    const identity = await identityOf(message.recipientId);
    if (identity?.emailUnreachable) {
      await store.outbox.finish(claimed, 'unreachable', clock.now(), { message: identity.emailUnreachable });
      result.unreachable++;
      result.failed++;
      return;
    }
    const mailer = options.mail;
    const address = `mail:${mail.to.toLowerCase()}`;
    await deliver(claimed, {
      windowKey: address,
      send: async (beforeSend) => {
        const ready = await mailer.prepare(claimed.value);
        const sent = await mailer.transport.sendMail({ ...ready, messageId: messageIdOf(message.key, mailer.domain) }, { beforeSend });
        return { activityId: sent.messageId, conversationId: address };
      },
      classify: classifyMailError,
      unreachable: async (row, err) => {
        const reason = `The mail server refused ${mail.to}: ${err.status} ${err.message}`.slice(0, 300);
        const merged = await store.identities.merge(message.recipientId, { emailUnreachable: reason });
        identities.set(message.recipientId, Promise.resolve(merged));
        await store.outbox.finish(row, 'unreachable', clock.now(), { status: err.status, code: err.code, message: reason });
        result.unreachable++;
        result.failed++;
      },
    });
  };

  interface Channel {
    /** Pacing windows are kept per conversation (Teams) or per address (mail). */
    windowKey: string;
    send(beforeSend: () => Promise<void>): Promise<{ activityId: string; conversationId: string }>;
    classify(err: SendError): ReturnType<typeof classifySendError>;
    unreachable(row: QueuedMessage, err: SendError): Promise<void>;
    /** Opens the conversation again after Teams no longer finds it; false when the message was settled otherwise. */
    reopen?(row: QueuedMessage): Promise<boolean>;
  }

  /** Sends one claimed message, retrying in place or later, until it is sent, dead or unreachable. */
  const deliver = async (start: QueuedMessage, channel: Channel): Promise<void> => {
    let claimed = start;
    let reopened = false;
    const message = () => claimed.value;
    for (;;) {
      let delivered: { activityId: string; conversationId: string };
      let tickets: { conversation: number; rate: number } | undefined;
      let free: (() => void) | undefined;
      const letGo = () => {
        free?.();
        free = undefined;
      };
      // Right before the request: take the process's send slot, wait for the conversation's
      // window without holding it (others keep sending), then the plan's rate inside it.
      const pace = async () => {
        for (;;) {
          free ??= await slot.acquire();
          const wait = windows.waitFor(channel.windowKey, pacer.now());
          if (wait <= 0) break;
          letGo();
          await pacer.sleep(wait);
        }
        const rateTicket = await rate.acquire();
        tickets = { conversation: await windows.acquire(channel.windowKey), rate: rateTicket };
      };
      try {
        delivered = await channel.send(pace);
        // A transport that ignored beforeSend still gets the next send paced.
        if (!tickets) await pace();
      } catch (err) {
        letGo();
        const sendError = toSendError(err);
        if ((sendError.status === 429 || sendError.status === 421) && tickets) {
          rate.release(tickets.rate);
          windows.release(channel.windowKey, tickets.conversation);
        }
        const lastError = { status: sendError.status, code: sendError.code, message: sendError.message };
        const verdict = channel.classify(sendError);
        if (verdict === 'recreate' && channel.reopen && !reopened) {
          // Sent once more into the new chat; a second "not found" is taken as it comes.
          reopened = true;
          if (await channel.reopen({ ...claimed, value: { ...claimed.value, lastError } })) continue;
          return;
        }
        if (verdict === 'unreachable' || verdict === 'recreate') {
          await channel.unreachable(claimed, sendError);
          return;
        }
        // No answer at all: an outage, not the message. Back off for hours before giving up.
        const noAnswer = sendError.status === undefined;
        const failingSince = noAnswer ? (message().failingSince ?? clock.now().toISOString()) : undefined;
        const outageOutlasted = !noAnswer || clock.now().getTime() - Date.parse(failingSince!) >= connectionRetry;
        if (verdict === 'permanent' || (message().attempts >= maxAttempts && outageOutlasted)) {
          await store.outbox.finish(claimed, 'dead', clock.now(), lastError);
          result.dead++;
          result.failed++;
          logger?.warn({ planId, key: message().key, attempts: message().attempts, lastError }, 'outbox message dead-lettered');
          return;
        }
        result.retried++;
        const delay = sendError.retryAfterMs ?? backoffMs(message().attempts, baseBackoff, noAnswer ? maxConnectionBackoff : maxBackoff, random);
        if (delay > maxInlineWait || outOfTime()) {
          await store.outbox.reschedule(claimed, new Date(clock.now().getTime() + delay), { lastError, failingSince });
          result.deferred++;
          return;
        }
        await sleep(delay);
        try {
          claimed = await store.outbox.claim({ ...claimed, value: { ...claimed.value, lastError, failingSince } }, runId, new Date(clock.now().getTime() + claimTtl));
        } catch (claimErr) {
          // Our claim lapsed while we waited and another run took the message over.
          if (claimErr instanceof ConflictError) {
            result.skipped++;
            return;
          }
          throw claimErr;
        }
        continue;
      }
      // The at-least-once window: from the transport's acceptance until this write lands. The
      // slot is held across it, so no other message of this process is handed over meanwhile.
      try {
        await store.outbox.markSent(claimed, delivered, clock.now());
      } finally {
        letGo();
      }
      result.sent++;
      return;
    }
  };

  // Workers pull from a local queue that one lister at a time refills, following the due queue
  // with a cursor; while `until` is pending (the step that queues is still running) an empty
  // queue is polled again, and at the end one pass from the start picks up anything queued
  // behind the cursor (by another process).
  const local: QueuedMessage[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  let producing = options.until !== undefined;
  void options.until?.then(
    () => (producing = false),
    () => (producing = false),
  );
  let finalPass = false;
  let refilling: Promise<number> | undefined;
  /** Takes the next rows off the due queue, after the cursor; answers how many were new (0 when the queue is empty). */
  const listDue = async (): Promise<number> => {
    const rows = await store.outbox.listDue(planId, clock.now(), { after: cursor });
    if (rows.length > 0) cursor = rows[rows.length - 1]!.rowKey;
    const fresh = rows.filter((r) => !seen.has(r.rowKey));
    for (const r of fresh) {
      seen.add(r.rowKey);
      local.push(r);
    }
    return rows.length === 0 ? 0 : Math.max(fresh.length, 1);
  };
  /** With `keys`: those messages, once, if they are queued and due. */
  const listKeys = async (keys: readonly string[]): Promise<number> => {
    const now = clock.now();
    const fresh = keys.filter((key) => !seen.has(key));
    for (const key of fresh) seen.add(key);
    const rows = await Promise.all(fresh.map((key) => store.outbox.getQueued(planId, key)));
    const due = rows.filter((r): r is QueuedMessage => r !== undefined && new Date(r.value.notBefore) <= now);
    local.push(...due);
    return due.length;
  };
  const refill = () =>
    (refilling ??= (options.keys ? listKeys(options.keys) : listDue()).finally(() => {
      refilling = undefined;
    }));

  const worker = async () => {
    while (!outOfTime()) {
      const row = local.shift();
      if (row) {
        try {
          await processOne(row);
        } catch (err) {
          // Storage trouble with one message must not strand the rest; it stays queued for the next tick.
          logger?.error({ planId, key: row.value.key, err: err instanceof Error ? err.message : String(err) }, 'outbox message not processed');
          result.deferred++;
        } finally {
          options.backlog?.settle();
        }
        continue;
      }
      if ((await refill()) > 0) continue;
      if (producing) {
        await pacer.sleep(20);
        continue;
      }
      if (!finalPass) {
        finalPass = true;
        cursor = undefined;
        continue;
      }
      if (local.length === 0) return;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    options.backlog?.close();
  }
  return result;
}
