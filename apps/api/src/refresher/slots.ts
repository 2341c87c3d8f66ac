/**
 * The refresher's slots: at most `concurrency` (REFRESHER_CONCURRENCY) refresh grants in flight
 * at providers. With `writesPerSlot`, a refresh answered with new tokens may leave its slot and
 * wait for its write apart, while fewer than `writesPerSlot` x `concurrency` wait so; beyond that
 * it keeps its slot until written, so a slow database slows the requests too. One waiter at a
 * time (the refresher's pass).
 */
export class RefreshSlots {
  /** Refreshes holding a slot. */
  #inFlight = 0;
  /** Refreshes answered, out of their slot, waiting for their write. */
  #writing = 0;
  readonly #maxWriting: number;
  /** Woken when a refresh leaves its slot or ends. */
  #waiter: (() => void) | null = null;

  constructor(
    readonly concurrency: number,
    writesPerSlot: number,
  ) {
    this.#maxWriting = Math.max(0, writesPerSlot) * concurrency;
  }

  /** Refreshes holding a slot now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves once a slot is free (at once when one is). */
  async free(): Promise<void> {
    while (this.#inFlight >= this.concurrency) await this.#changed();
  }

  /** Resolves once no refresh holds a slot or waits for its write. */
  async drained(): Promise<void> {
    while (this.#inFlight + this.#writing > 0) await this.#changed();
  }

  /**
   * Takes a slot for one refresh: `answered` leaves it early when writes may wait apart (called
   * when the provider has answered with new tokens), `end` gives back whatever the refresh holds.
   */
  take(): { answered: () => void; end: () => void } {
    this.#inFlight += 1;
    let outOfSlot = false;
    return {
      answered: () => {
        if (outOfSlot || this.#writing >= this.#maxWriting) return;
        outOfSlot = true;
        this.#inFlight -= 1;
        this.#writing += 1;
        this.#wake();
      },
      end: () => {
        if (outOfSlot) this.#writing -= 1;
        else this.#inFlight -= 1;
        this.#wake();
      },
    };
  }

  #changed(): Promise<void> {
    return new Promise((resolve) => (this.#waiter = resolve));
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.();
  }
}
