/**
 * The send slot: between the moment a transport hands a message over and the moment its
 * sent-mark is stored, a process holds one message at most. A process killed at any instant
 * therefore leaves at most one message accepted but unmarked, and the next drain sends only
 * that one a second time. Claims, pacing waits, retries and storage reads happen outside the
 * slot, so messages for other conversations keep moving while one waits for its window.
 */
export class SendSlot {
  private tail: Promise<void> = Promise.resolve();

  /** Waits for the slot (in order of asking); resolves with the function that gives it back. */
  acquire(): Promise<() => void> {
    let give!: () => void;
    const freed = new Promise<void>((resolve) => (give = resolve));
    const turn = this.tail.then(() => {
      let given = false;
      return () => {
        if (given) return;
        given = true;
        give();
      };
    });
    this.tail = this.tail.then(() => freed);
    return turn;
  }
}

/** The slot every drain in this process shares, so the window is one message per process. */
export const processSendSlot = new SendSlot();
