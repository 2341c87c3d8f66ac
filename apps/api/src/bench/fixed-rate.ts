/**
 * An open-loop load at a fixed offered rate, for latency that is not queueing: requests are sent
 * on a schedule (`rate` per second, spread evenly) whatever the answers do, over a pool of
 * keep-alive connections, and each latency is counted from the request's scheduled time (so a
 * stall is charged to every request it delayed: no coordinated omission). autocannon's
 * `overallRate` is no substitute: it sends each connection's quota for a second in a burst at
 * the start of that second, which queues again.
 */
import { Pool, type Dispatcher } from 'undici';

export interface FixedRateOptions {
  url: string;
  headers?: Record<string, string>;
  /** Requests per second offered. */
  rate: number;
  durationS: number;
  /** Keep-alive connections the requests are spread over (more are never opened). */
  connections: number;
}

export interface FixedRateResult {
  /** Requests answered per second (below `rate` when the target fell behind). */
  achieved: number;
  /** Latency percentiles in ms, from each request's scheduled time to its last byte. */
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  failed: number;
  /** Every answered request's latency (ms), sorted: to pool the rounds of one target. */
  latencies: Float64Array;
}

/** The `q` quantile of sorted values. */
export function quantile(sorted: Float64Array, q: number): number {
  return sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number);
}

/** A response read to its end and dropped; only its status and finish time count. */
class Timed implements Dispatcher.DispatchHandler {
  #status = 0;

  constructor(
    private readonly scheduled: number,
    private readonly done: (latency: number, ok: boolean) => void,
  ) {}

  onConnect(): void {}

  onHeaders(statusCode: number): boolean {
    this.#status = statusCode;
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    this.done(performance.now() - this.scheduled, this.#status >= 200 && this.#status < 300);
  }

  onError(): void {
    this.done(performance.now() - this.scheduled, false);
  }
}

export async function fixedRate(options: FixedRateOptions): Promise<FixedRateResult> {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.connections, pipelining: 1 });
  const request: Dispatcher.DispatchOptions = { path: `${url.pathname}${url.search}`, method: 'GET', headers: options.headers ?? {} };
  const total = Math.round(options.rate * options.durationS);
  const latencies = new Float64Array(total);
  let answered = 0;
  let failed = 0;
  let sent = 0;
  const interval = 1000 / options.rate;
  const start = performance.now();
  try {
    await new Promise<void>((resolve) => {
      const done = (latency: number, ok: boolean) => {
        if (ok) latencies[answered - failed] = latency;
        else failed += 1;
        answered += 1;
        if (answered === total) resolve();
      };
      const tick = () => {
        const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
        for (; sent < due; sent += 1) pool.dispatch(request, new Timed(start + sent * interval, done));
        if (sent < total) setTimeout(tick, 1);
      };
      tick();
    });
  } finally {
    await pool.close();
  }
  const elapsedS = (performance.now() - start) / 1000;
  const ok = latencies.subarray(0, answered - failed).sort();
  return {
    achieved: answered / elapsedS,
    p50: quantile(ok, 0.5),
    p90: quantile(ok, 0.9),
    p99: quantile(ok, 0.99),
    p999: quantile(ok, 0.999),
    max: quantile(ok, 1),
    failed,
    latencies: ok,
  };
}
