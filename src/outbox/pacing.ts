/**
 * Pacing for the sender: a token bucket for the plan's send rate and sliding windows for
 * Teams' per-conversation limits. They measure elapsed time with a monotonic pacer, not the
 * injected wall clock: a tick run "as of" a fixed instant still has to space real requests
 * out in real time.
 */
import { performance } from 'node:perf_hooks';

export interface Pacer {
  /** Monotonic milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realPacer: Pacer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * Requests reach the connector a little out of step with when they were paced (each travels
 * for its own few milliseconds), so windows are kept this much longer than the limit's own.
 */
export const DEFAULT_PACING_MARGIN_MS = 20;

/**
 * The plan's send rate as the connector counts it: at most `ratePerSecond` sends in any second
 * (plus the margin), where a send answered 429 gives its place back (Teams does not count a
 * throttled request, so without this every throttled try would lower the real rate). Sends are
 * also spaced at least half an interval apart, so the rate is reached smoothly and a freed place
 * never turns into a burst. Waiters are served in order.
 */
export class RateWindow {
  private stamps: number[] = [];
  private nextAt = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly windowMs: number;
  private readonly spacingMs: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly pacer: Pacer,
    marginMs = DEFAULT_PACING_MARGIN_MS,
  ) {
    this.windowMs = 1000 + marginMs;
    this.spacingMs = 1000 / ratePerSecond / 2;
  }

  /** Waits for a place; returns the ticket to give back with `release` when the send was refused. */
  acquire(): Promise<number> {
    const turn = this.queue.then(() => this.waitForPlace());
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async waitForPlace(): Promise<number> {
    for (;;) {
      const now = this.pacer.now();
      while (this.stamps.length > 0 && this.stamps[0]! <= now - this.windowMs) this.stamps.shift();
      let wait = Math.max(0, this.nextAt - now);
      if (this.stamps.length >= this.ratePerSecond) {
        wait = Math.max(wait, this.stamps[this.stamps.length - this.ratePerSecond]! + this.windowMs - now + 1);
      }
      if (wait <= 0) {
        this.stamps.push(now);
        this.nextAt = now + this.spacingMs;
        return now;
      }
      await this.pacer.sleep(wait);
    }
  }

  /** Gives a place back: the send it was taken for was refused with 429 and not counted. */
  release(ticket: number): void {
    const i = this.stamps.indexOf(ticket);
    if (i >= 0) this.stamps.splice(i, 1);
  }
}

export type WindowLimit = readonly [count: number, windowMs: number];

/** Teams: per bot per conversation 7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 an hour. */
export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  [7, 1000],
  [8, 2000],
  [60, 30_000],
  [1800, 3_600_000],
];

/** Sliding windows per conversation; `acquire` waits until one more send fits every window. */
export class ConversationWindows {
  private readonly sent = new Map<string, number[]>();
  private readonly longest: number;

  private readonly limits: readonly WindowLimit[];

  constructor(
    limits: readonly WindowLimit[],
    private readonly pacer: Pacer,
    marginMs = DEFAULT_PACING_MARGIN_MS,
  ) {
    this.limits = limits.map(([count, ms]) => [count, ms + marginMs] as const);
    this.longest = this.limits.reduce((m, [, ms]) => Math.max(m, ms), 0);
  }

  /** Milliseconds until one more send to `conversationId` fits; 0 when it fits now. */
  waitFor(conversationId: string, now: number): number {
    const times = this.sent.get(conversationId);
    if (!times) return 0;
    while (times.length > 0 && times[0]! <= now - this.longest) times.shift();
    let wait = 0;
    for (const [count, windowMs] of this.limits) {
      const inWindow = times.filter((t) => t > now - windowMs);
      if (inWindow.length >= count) wait = Math.max(wait, inWindow[inWindow.length - count]! + windowMs - now + 1);
    }
    return wait;
  }

  async acquire(conversationId: string): Promise<number> {
    for (;;) {
      const now = this.pacer.now();
      const wait = this.waitFor(conversationId, now);
      if (wait <= 0) {
        const times = this.sent.get(conversationId) ?? [];
        times.push(now);
        this.sent.set(conversationId, times);
        return now;
      }
      await this.pacer.sleep(wait);
    }
  }

  /** Gives a place back after a 429 (a throttled send is not counted). */
  release(conversationId: string, ticket: number): void {
    const times = this.sent.get(conversationId);
    const i = times?.indexOf(ticket) ?? -1;
    if (times && i >= 0) times.splice(i, 1);
  }
}

/** Exponential backoff with jitter: between half and all of base·2^(attempt-1), capped at `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
