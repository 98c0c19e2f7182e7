/**
 * Back-pressure between the steps of a tick that queue messages and the drain that sends them
 * alongside. Queueing is far quicker than sending at the plan's rate, so a step opening a cycle
 * for thousands of leads would otherwise render and store every card at once, taking the CPU
 * and the storage account from the drain just as it starts. With a backlog the step queues
 * only while fewer than `highWater` of its messages are waiting to be sent, and so keeps a
 * steady few seconds ahead of the drain.
 */
export class SendBacklog {
  private queued = 0;
  private settled = 0;
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(readonly highWater: number) {
    if (!(highWater > 0)) throw new RangeError(`A send backlog needs a positive high-water mark, got ${highWater}.`);
  }

  /** Messages queued and not yet settled by the drain. */
  get pending(): number {
    return Math.max(0, this.queued - this.settled);
  }

  /** A step queued `count` new messages. */
  added(count: number): void {
    this.queued += count;
  }

  /** The drain is done with one message: sent, deferred, or given up. */
  settle(): void {
    this.settled++;
    if (this.pending < this.highWater) this.wake();
  }

  /** The drain stopped: nothing will settle any more, so nobody waits for it. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Resolves when there is room to queue more (at once below the high-water mark, or once closed). */
  async room(): Promise<void> {
    while (!this.closed && this.pending >= this.highWater) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}
