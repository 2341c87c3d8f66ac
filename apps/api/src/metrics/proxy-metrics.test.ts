import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ProxyMetrics } from './proxy-metrics.js';

/** The same observations through prom-client's own Counter and Histogram (what /metrics printed before). */
async function promClientText(observations: [number, number][]): Promise<string> {
  const registry = new Registry();
  const requests = new Counter({
    name: 'grantkeeper_proxy_requests_total',
    help: 'Requests through /proxy, by response status class (2xx, 4xx, ...).',
    labelNames: ['code_class'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'grantkeeper_proxy_duration_seconds',
    help: 'Time to answer a /proxy request (response headers).',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  for (const [status, seconds] of observations) {
    requests.inc({ code_class: `${Math.floor(status / 100)}xx` });
    duration.observe(seconds);
  }
  return registry.metrics();
}

async function plainText(observations: [number, number][]): Promise<string> {
  const registry = new Registry();
  const metrics = new ProxyMetrics();
  metrics.register(registry);
  for (const [status, seconds] of observations) metrics.observe(status, seconds);
  return registry.metrics();
}

describe('ProxyMetrics', () => {
  it('prints what prom-client printed for the same requests', async () => {
    const observations: [number, number][] = [
      [200, 0.002],
      [204, 0.01],
      [302, 0.07],
      [401, 0.5],
      [404, 31],
      [502, 2.5],
      [200, 0.3],
    ];
    expect(await plainText([])).toBe(await promClientText([]));
    expect(await plainText(observations)).toBe(await promClientText(observations));
  });

  it('starts again from zero when the registry is reset', async () => {
    const registry = new Registry();
    const metrics = new ProxyMetrics();
    metrics.register(registry);
    metrics.observe(200, 0.1);
    registry.resetMetrics();
    expect(await registry.metrics()).toBe(await promClientText([]));
  });
});
