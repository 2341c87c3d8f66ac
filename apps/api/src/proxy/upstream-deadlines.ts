/**
 * PROXY_TIMEOUT_MS for /proxy's exchanges without a per-request timer. undici's own
 * headersTimeout/bodyTimeout cost each request a FastTimer that stays in undici's timer list for
 * up to a second after the exchange (it is only dropped on the list's next half-second tick), so
 * it outlives a scavenge and is promoted: garbage that the old generation collects later, and a
 * longer scavenge that every request arriving meanwhile waits out. Here each exchange in flight
 * is in one list with the tick at which it last heard from the upstream, and one interval per
 * timeout (running only while exchanges are in flight) aborts those that stayed silent for longer
 * than the timeout: the same errors as undici's (HeadersTimeoutError before the answer's headers,
 * BodyTimeoutError between its chunks), so the same 504 or cut-off answer.
 *
 * The list is threaded through the exchanges themselves, not held in a Set: a Set's table is
 * rebuilt as entries come and go, and a rebuilt-away table that had reached the old generation
 * still points at the exchanges in flight when it was replaced; until the next full GC every
 * scavenge took those for live (with their requests and responses) and promoted them, several
 * KB per request.
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
  /** The list's links (set by {@link Deadlines} only; both null once forgotten). */
  newer: Watched | null;
  older: Watched | null;
}

/** The sweep's resolution: a timeout fires between `timeoutMs` and `timeoutMs` plus three ticks after the last sign of life. */
function tickMs(timeoutMs: number): number {
  return Math.min(500, Math.max(10, Math.floor(timeoutMs / 10)));
}

export class Deadlines {
  /** The newest exchange watched, the head of the list. */
  #newest: Watched | null = null;
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
    exchange.newer = null;
    exchange.older = this.#newest;
    if (this.#newest) this.#newest.newer = exchange;
    this.#newest = exchange;
  }

  /** Stops watching `exchange` (nothing when it is not watched). */
  forget(exchange: Watched): void {
    const { newer, older } = exchange;
    if (newer) newer.older = older;
    else if (this.#newest === exchange) this.#newest = older;
    else return;
    if (older) older.newer = newer;
    exchange.newer = null;
    exchange.older = null;
  }

  #now(): void {
    this.tick = Math.floor((performance.now() - this.#origin) / this.#tickMs);
  }

  #sweep(): void {
    this.#now();
    if (this.#newest === null) {
      clearInterval(this.#timer!);
      this.#timer = null;
      return;
    }
    let exchange: Watched | null = this.#newest;
    while (exchange !== null) {
      const older: Watched | null = exchange.older;
      if (exchange.paused) exchange.since = this.tick;
      else if (this.tick - exchange.since >= this.#ticks) {
        this.forget(exchange);
        exchange.timedOut(exchange.answered ? new undiciErrors.BodyTimeoutError() : new undiciErrors.HeadersTimeoutError());
      }
      exchange = older;
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
