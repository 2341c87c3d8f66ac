/**
 * The /proxy metrics, counted in plain numbers on the request path and handed to prom-client
 * only when scraped: a prom-client `inc` or `observe` builds a label object and hashes it on
 * every call, which showed in the proxy's profile. Exported as prom-client's own Counter and
 * Histogram print them (same names, labels, buckets and cumulative `le` counts).
 */
import type { Registry } from 'prom-client';

const REQUESTS = 'grantkeeper_proxy_requests_total';
const DURATION = 'grantkeeper_proxy_duration_seconds';
const BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Value {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
}

/** A metric as the registry reads it (`get`), printed like prom-client's. */
function plainMetric(name: string, help: string, type: 'counter' | 'histogram', values: () => Value[], reset: () => void) {
  const get = () => Promise.resolve({ name, help, type, values: values(), aggregator: 'sum' as const });
  return { name, help, type, aggregator: 'sum' as const, get, reset };
}

export class ProxyMetrics {
  /** Requests by status class (index 1 = 1xx … 5xx). */
  readonly #classes = new Float64Array(6);
  /** Observations by bucket (not cumulative); the last one is +Inf. */
  readonly #buckets = new Float64Array(BUCKETS.length + 1);
  #sum = 0;
  #count = 0;

  /** One answered /proxy request: its status class (never its connection) and the seconds to its headers. */
  readonly observe = (status: number, seconds: number): void => {
    const statusClass = Math.floor(status / 100);
    if (statusClass >= 1 && statusClass <= 5) this.#classes[statusClass]! += 1;
    if (!Number.isFinite(seconds)) return;
    let bucket = 0;
    while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]!) bucket += 1;
    this.#buckets[bucket]! += 1;
    this.#sum += seconds;
    this.#count += 1;
  };

  register(registry: Registry): void {
    const requests = plainMetric(
      REQUESTS,
      'Requests through /proxy, by response status class (2xx, 4xx, ...).',
      'counter',
      () => this.#requestValues(),
      () => this.#classes.fill(0),
    );
    const duration = plainMetric(
      DURATION,
      'Time to answer a /proxy request (response headers).',
      'histogram',
      () => this.#durationValues(),
      () => {
        this.#buckets.fill(0);
        this.#sum = 0;
        this.#count = 0;
      },
    );
    // The registry reads any object with a name and `get` (prom-client's own metrics are no more).
    registry.registerMetric(requests as unknown as Parameters<Registry['registerMetric']>[0]);
    registry.registerMetric(duration as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  #requestValues(): Value[] {
    const values: Value[] = [];
    for (let statusClass = 1; statusClass <= 5; statusClass += 1) {
      const value = this.#classes[statusClass]!;
      if (value > 0) values.push({ labels: { code_class: `${statusClass}xx` }, value });
    }
    return values;
  }

  #durationValues(): Value[] {
    const values: Value[] = [];
    let cumulative = 0;
    for (const [i, count] of this.#buckets.entries()) {
      cumulative += count;
      values.push({ metricName: `${DURATION}_bucket`, labels: { le: i < BUCKETS.length ? BUCKETS[i]! : '+Inf' }, value: cumulative });
    }
    values.push({ metricName: `${DURATION}_sum`, labels: {}, value: this.#sum });
    values.push({ metricName: `${DURATION}_count`, labels: {}, value: this.#count });
    return values;
  }
}
