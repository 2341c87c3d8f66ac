/**
 * A clock and scheduler a test moves by hand: time passes only in {@link ManualScheduler.advance},
 * so a test that checks what happens "after 45 s" neither waits 45 s nor depends on how busy the
 * machine is.
 */
import type { Clock, Scheduler } from '../ports.js';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

export class ManualScheduler implements Clock, Scheduler {
  private elapsed = 0;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(private readonly origin: Date = new Date('2026-01-01T00:00:00Z')) {}

  now(): Date {
    return new Date(this.origin.getTime() + this.elapsed);
  }

  elapsedMs(): number {
    return this.elapsed;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.schedule(resolve, ms);
    });
  }

  schedule(callback: () => void, ms: number): () => void {
    const timer = { at: this.elapsed + Math.max(0, ms), seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** How many sleeps and scheduled callbacks are waiting for time to pass. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Let every promise chain that can move on without time passing do so. The in-memory ports
   * answer with promises only, so one turn of the event loop runs them all; a few are taken to
   * cover chains that hop through a macrotask.
   */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Move time forward by `ms`, firing each timer at its own time, in order, settling after each. */
  async advance(ms: number): Promise<void> {
    const target = this.elapsed + ms;
    await this.settle();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.elapsed = due.at;
      due.callback();
      await this.settle();
    }
    this.elapsed = target;
  }
}
