import type { Clock, Scheduler } from '@grantkeeper/oauth-core';

interface PendingTimer {
  at: number;
  callback: () => void;
}

/**
 * oauth-core's Clock and Scheduler for tests: time moves only when the test fires the next
 * timer (`fireNext`) or moves the clock (`advanceTo`), so nothing depends on how busy the
 * machine is.
 */
export class ManualScheduler implements Clock, Scheduler {
  #now: number;
  readonly #timers = new Set<PendingTimer>();

  constructor(start = Date.UTC(2026, 11, 1, 12, 0, 0)) {
    this.#now = start;
  }

  now(): Date {
    return new Date(this.#now);
  }

  elapsedMs(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.schedule(resolve, ms);
    });
  }

  schedule(callback: () => void, ms: number): () => void {
    const timer = { at: this.#now + Math.max(0, ms), callback };
    this.#timers.add(timer);
    return () => {
      this.#timers.delete(timer);
    };
  }

  /** Moves the clock to the earliest timer due by `until` and fires it; false when there is none. */
  fireNext(until: number): boolean {
    let earliest: PendingTimer | undefined;
    for (const timer of this.#timers) {
      if (timer.at <= until && (earliest === undefined || timer.at < earliest.at)) earliest = timer;
    }
    if (earliest === undefined) return false;
    this.#timers.delete(earliest);
    this.#now = Math.max(this.#now, earliest.at);
    earliest.callback();
    return true;
  }

  /** Moves the clock forward without firing anything (call `fireNext` first). */
  advanceTo(time: number): void {
    this.#now = Math.max(this.#now, time);
  }
}
