/**
 * Failed sign-in counting per account and per client address: after `maxFailures` failures
 * within `windowMs`, further attempts for that key are refused until the oldest failure ages
 * out. In memory, per process (each instance limits on its own), bounded in size.
 */
export interface RateLimiterOptions {
  maxFailures: number;
  windowMs: number;
  /** Keys tracked at most (oldest dropped first), so a flood cannot exhaust memory. */
  maxKeys?: number;
  now?: () => number;
}

export class LoginRateLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;

  constructor(opts: RateLimiterOptions) {
    this.#max = opts.maxFailures;
    this.#windowMs = opts.windowMs;
    this.#maxKeys = opts.maxKeys ?? 10_000;
    this.#now = opts.now ?? Date.now;
  }

  #recent(key: string, now: number): number[] {
    const list = (this.#failures.get(key) ?? []).filter((t) => now - t < this.#windowMs);
    if (list.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, list);
    return list;
  }

  /** Milliseconds until the first blocked key may try again; 0 when none is blocked. */
  retryAfterMs(keys: readonly string[]): number {
    const now = this.#now();
    let wait = 0;
    for (const key of keys) {
      const list = this.#recent(key, now);
      if (list.length >= this.#max) {
        const oldest = list[list.length - this.#max] as number;
        wait = Math.max(wait, oldest + this.#windowMs - now);
      }
    }
    return wait;
  }

  recordFailure(keys: readonly string[]): void {
    const now = this.#now();
    for (const key of keys) {
      const list = this.#recent(key, now);
      list.push(now);
      this.#failures.delete(key); // re-insert: Map order = least recently failed first
      this.#failures.set(key, list.slice(-this.#max));
    }
    while (this.#failures.size > this.#maxKeys) {
      const oldest = this.#failures.keys().next().value as string;
      this.#failures.delete(oldest);
    }
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }
}
