import type { Scheduler, TimerHandle } from './scheduler.js';

interface PendingTimer {
  at: number;
  callback: () => void;
}

/** A scheduler for tests: time moves only when the test fires the next timer or advances it. */
export class ManualScheduler implements Scheduler {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, PendingTimer>();

  constructor(start = Date.UTC(2026, 11, 1, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number);
  }

  /** Moves the clock to the earliest timer due by `until` and fires it; false when there is none. */
  fireNext(until: number): boolean {
    let earliest: [number, PendingTimer] | undefined;
    for (const entry of this.#timers) {
      if (entry[1].at <= until && (earliest === undefined || entry[1].at < earliest[1].at)) earliest = entry;
    }
    if (earliest === undefined) return false;
    this.#timers.delete(earliest[0]);
    this.#now = Math.max(this.#now, earliest[1].at);
    earliest[1].callback();
    return true;
  }

  /** Moves the clock forward without firing anything (call `fireNext` first). */
  advanceTo(time: number): void {
    this.#now = Math.max(this.#now, time);
  }
}
