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
 * At most `ratePerSecond` takes a second, spaced evenly (a bucket of one token): the connector
 * counts sends in a sliding window, so bursts would be answered with 429 however the average looks.
 */
export class TokenBucket {
  private nextAt = 0;
  private readonly intervalMs: number;

  constructor(
    ratePerSecond: number,
    private readonly pacer: Pacer,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  async take(): Promise<void> {
    const now = this.pacer.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await this.pacer.sleep(at - now);
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

  constructor(
    private readonly limits: readonly WindowLimit[],
    private readonly pacer: Pacer,
  ) {
    this.longest = limits.reduce((m, [, ms]) => Math.max(m, ms), 0);
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

  async acquire(conversationId: string): Promise<void> {
    for (;;) {
      const now = this.pacer.now();
      const wait = this.waitFor(conversationId, now);
      if (wait <= 0) {
        const times = this.sent.get(conversationId) ?? [];
        times.push(now);
        this.sent.set(conversationId, times);
        return;
      }
      await this.pacer.sleep(wait);
    }
  }
}

/** Exponential backoff with jitter: between half and all of base·2^(attempt-1), capped at `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
