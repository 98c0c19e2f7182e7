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

export type WindowLimit = readonly [count: number, windowMs: number];

/** Teams: per bot per conversation 7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 an hour. */
export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  [7, 1000],
  [8, 2000],
  [60, 30_000],
  [1800, 3_600_000],
];

/**
 * The times of sends still inside the longest of some sliding windows. A send's time is
 * also its ticket: given back after a 429, it no longer counts.
 */
class SlidingWindows {
  private readonly times: number[] = [];
  private readonly longest: number;

  /** `limits` already include the pacing margin. */
  constructor(private readonly limits: readonly WindowLimit[]) {
    this.longest = limits.reduce((m, [, ms]) => Math.max(m, ms), 0);
  }

  /** Milliseconds until one more send fits every window; 0 when it fits now. */
  waitAt(now: number): number {
    const times = this.times;
    while (times.length > 0 && times[0]! <= now - this.longest) times.shift();
    let wait = 0;
    for (const [count, windowMs] of this.limits) {
      const inWindow = times.filter((t) => t > now - windowMs);
      if (inWindow.length >= count) wait = Math.max(wait, inWindow[inWindow.length - count]! + windowMs - now + 1);
    }
    return wait;
  }

  add(now: number): void {
    this.times.push(now);
  }

  release(ticket: number): void {
    const i = this.times.indexOf(ticket);
    if (i >= 0) this.times.splice(i, 1);
  }
}

const withMargin = (limits: readonly WindowLimit[], marginMs: number): WindowLimit[] => limits.map(([count, ms]) => [count, ms + marginMs] as const);

/**
 * The plan's send rate as the connector counts it: at most `ratePerSecond` sends in any second
 * (plus the margin), where a send answered 429 gives its place back (Teams does not count a
 * throttled request, so without this every throttled try would lower the real rate). Sends are
 * also spaced at least half an interval apart, so the rate is reached smoothly and a freed place
 * never turns into a burst. Waiters are served in order.
 */
export class RateWindow {
  private readonly window: SlidingWindows;
  private readonly spacingMs: number;
  private nextAt = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    ratePerSecond: number,
    private readonly pacer: Pacer,
    marginMs = DEFAULT_PACING_MARGIN_MS,
  ) {
    this.window = new SlidingWindows(withMargin([[ratePerSecond, 1000]], marginMs));
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
      const wait = Math.max(this.nextAt - now, this.window.waitAt(now));
      if (wait <= 0) {
        this.window.add(now);
        this.nextAt = now + this.spacingMs;
        return now;
      }
      await this.pacer.sleep(wait);
    }
  }

  /** Gives a place back: the send it was taken for was refused with 429 and not counted. */
  release(ticket: number): void {
    this.window.release(ticket);
  }
}

/** Sliding windows per conversation; `acquire` waits until one more send fits every window. */
export class ConversationWindows {
  private readonly sent = new Map<string, SlidingWindows>();
  private readonly limits: readonly WindowLimit[];

  constructor(
    limits: readonly WindowLimit[],
    private readonly pacer: Pacer,
    marginMs = DEFAULT_PACING_MARGIN_MS,
  ) {
    this.limits = withMargin(limits, marginMs);
  }

  /** Milliseconds until one more send to `conversationId` fits; 0 when it fits now. */
  waitFor(conversationId: string, now: number): number {
    return this.sent.get(conversationId)?.waitAt(now) ?? 0;
  }

  async acquire(conversationId: string): Promise<number> {
    for (;;) {
      const now = this.pacer.now();
      const wait = this.waitFor(conversationId, now);
      if (wait <= 0) {
        let windows = this.sent.get(conversationId);
        if (!windows) this.sent.set(conversationId, (windows = new SlidingWindows(this.limits)));
        windows.add(now);
        return now;
      }
      await this.pacer.sleep(wait);
    }
  }

  /** Gives a place back after a 429 (a throttled send is not counted). */
  release(conversationId: string, ticket: number): void {
    this.sent.get(conversationId)?.release(ticket);
  }
}

/** Exponential backoff with jitter: between half and all of base·2^(attempt-1), capped at `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
