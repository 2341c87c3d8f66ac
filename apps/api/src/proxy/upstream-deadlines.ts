/**
 * PROXY_TIMEOUT_MS for /proxy's exchanges without a per-request timer. undici's own
 * headersTimeout/bodyTimeout cost each request a FastTimer that stays in undici's timer list for
 * up to a second after the exchange (it is only dropped on the list's next half-second tick), so
 * it outlives a scavenge and is promoted: garbage that the old generation collects later, and a
 * longer scavenge that every request arriving meanwhile waits out. Here each exchange in flight
 * is in one set with the tick at which it last heard from the upstream, and one interval per
 * timeout (running only while exchanges are in flight) aborts those that stayed silent for longer
 * than the timeout: the same errors as undici's (HeadersTimeoutError before the answer's headers,
 * BodyTimeoutError between its chunks), so the same 504 or cut-off answer.
 */
import { errors as undiciErrors } from 'undici';

/** An exchange in flight, as the sweep sees it. */
export interface Watched {
  /** The tick at which the upstream was last heard from (or the exchange was sent). */
  since: number;
  /** True while the caller's socket is full: the upstream was paused by us, which is no silence of its own. */
  readonly paused: boolean;
  /** Whether the answer's headers have arrived: which error a timeout is. */
  readonly answered: boolean;
  timedOut(error: Error): void;
}

/** The sweep's resolution: a timeout fires between `timeoutMs` and `timeoutMs` plus three ticks after the last sign of life. */
function tickMs(timeoutMs: number): number {
  return Math.min(500, Math.max(10, Math.floor(timeoutMs / 10)));
}

export class Deadlines {
  readonly #watched = new Set<Watched>();
  readonly #tickMs: number;
  /** Silent for this many ticks means at least `timeoutMs` of silence (`tick` may be one behind when read). */
  readonly #ticks: number;
  readonly #origin = performance.now();
  #timer: NodeJS.Timeout | null = null;
  /** Ticks since this object was made: a small integer, so storing it costs an exchange no allocation. */
  tick = 0;

  constructor(readonly timeoutMs: number) {
    this.#tickMs = tickMs(timeoutMs);
    this.#ticks = Math.ceil(timeoutMs / this.#tickMs) + 2;
  }

  /** Starts watching `exchange` from now. */
  watch(exchange: Watched): void {
    if (this.#timer === null) {
      this.#timer = setInterval(() => this.#sweep(), this.#tickMs).unref();
      this.#now();
    }
    exchange.since = this.tick;
    this.#watched.add(exchange);
  }

  forget(exchange: Watched): void {
    this.#watched.delete(exchange);
  }

  #now(): void {
    this.tick = Math.floor((performance.now() - this.#origin) / this.#tickMs);
  }

  #sweep(): void {
    this.#now();
    if (this.#watched.size === 0) {
      clearInterval(this.#timer!);
      this.#timer = null;
      return;
    }
    for (const exchange of this.#watched) {
      if (exchange.paused) exchange.since = this.tick;
      else if (this.tick - exchange.since >= this.#ticks) {
        this.#watched.delete(exchange);
        exchange.timedOut(exchange.answered ? new undiciErrors.BodyTimeoutError() : new undiciErrors.HeadersTimeoutError());
      }
    }
  }
}

const byTimeout = new Map<number, Deadlines>();

/** The shared deadlines for one timeout (one per server configuration, so in practice one). */
export function deadlinesFor(timeoutMs: number): Deadlines {
  let deadlines = byTimeout.get(timeoutMs);
  if (!deadlines) byTimeout.set(timeoutMs, (deadlines = new Deadlines(timeoutMs)));
  return deadlines;
}
