/**
 * Teams' send limits as sliding windows: per key, the timestamps of accepted sends, oldest first,
 * trimmed from the front to the longest window. A check costs a binary search per window, so a
 * benchmark sending thousands of messages does not slow the stand-in down.
 */

/** One limit: at most `count` accepted sends within `windowMs` milliseconds. */
export type WindowLimit = readonly [count: number, windowMs: number];

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; limit: WindowLimit };

class TimestampQueue {
  private items: number[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  at(index: number): number {
    const t = this.items[this.head + index];
    if (t === undefined) throw new RangeError(`no timestamp at ${index} of ${this.length}`);
    return t;
  }

  push(t: number): void {
    this.items.push(t);
  }

  /** Drops timestamps at or before `cutoff`; compacts once the dead prefix dominates. */
  trimUpTo(cutoff: number): void {
    while (this.head < this.items.length && this.items[this.head]! <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Index of the first timestamp strictly after `t` (timestamps are non-decreasing). */
  firstAfter(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export class SlidingWindows {
  private readonly queues = new Map<string, TimestampQueue>();
  private readonly longestMs: number;

  constructor(private readonly limits: readonly WindowLimit[]) {
    this.longestMs = limits.reduce((max, [, ms]) => Math.max(max, ms), 0);
  }

  /** Whether one more send under `key` at `now` stays within every limit. */
  check(key: string, now: number): LimitVerdict {
    const queue = this.queues.get(key);
    if (!queue || this.limits.length === 0) return { allowed: true };
    queue.trimUpTo(now - this.longestMs);
    let worst: LimitVerdict = { allowed: true };
    for (const limit of this.limits) {
      const [count, windowMs] = limit;
      const start = queue.firstAfter(now - windowMs);
      const inWindow = queue.length - start;
      if (inWindow < count) continue;
      // The window frees a slot when the send that put it at its limit ages out.
      const freeingIndex = start + (inWindow - count);
      const retryAfterMs = Math.max(1, queue.at(freeingIndex) + windowMs - now);
      if (!worst.allowed && worst.retryAfterMs >= retryAfterMs) continue;
      worst = { allowed: false, retryAfterMs, limit };
    }
    return worst;
  }

  record(key: string, now: number): void {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new TimestampQueue();
      this.queues.set(key, queue);
    }
    queue.push(now);
  }
}
