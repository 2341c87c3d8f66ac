/**
 * The Prometheus metrics of one instance (prom-client, a registry per app). Labels are small
 * fixed sets (outcome, status, result, code class): never a connection code, user or token.
 * The gauges are read from the database at scrape time: `grantkeeper_authorizations` counts
 * every workspace's rows by status, `grantkeeper_refresh_backlog` is the refresher's due query
 * counted (due, not leased, not backing off).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Authorization } from '../persistence/entities/index.js';
import type { Orm } from '../persistence/orm.js';
import { countDue } from '../refresher/index.js';
import type { AuditEntry } from '../services/audit-service.js';
import { ProxyMetrics } from './proxy-metrics.js';

export type RefreshOutcome = 'success' | 'failure' | 'reauthorization_required';

const STATUSES = ['AUTHORIZED', 'NOT_AUTHORIZED', 'REAUTHORIZATION_REQUIRED'] as const;

/** The gauges read from the database at scrape time (the same on every instance). */
function registerStateGauges(registry: Registry, orm: Orm): void {
  new Gauge({
    name: 'grantkeeper_authorizations',
    help: 'Authorizations of every workspace, by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const em = orm.em.fork();
      for (const status of STATUSES) this.set({ status }, await em.count(Authorization, { status }));
    },
  });
  new Gauge({
    name: 'grantkeeper_refresh_backlog',
    help: 'Authorizations whose refresh is due and not yet taken by a refresher.',
    registers: [registry],
    async collect() {
      this.set(await countDue(orm, new Date()));
    },
  });
}

export function createMetrics(orm: Orm) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const refreshes = new Counter({
    name: 'grantkeeper_refreshes_total',
    help: 'Token refreshes performed (manual and automatic), by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const refreshDuration = new Histogram({
    name: 'grantkeeper_refresh_duration_seconds',
    help: 'Time from the start of a refresh to its recorded outcome.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  registerStateGauges(registry, orm);
  const proxy = new ProxyMetrics();
  proxy.register(registry);
  const webhookDeliveries = new Counter({
    name: 'grantkeeper_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by result (succeeded, retrying, failed).',
    labelNames: ['result'] as const,
    registers: [registry],
  });

  /** Counts refreshes from the audit log (TOKEN_REFRESHED / TOKEN_REFRESH_FAILED). */
  const observeAudit = (entry: Pick<AuditEntry, 'type' | 'details'>, at: Date): void => {
    if (entry.type !== 'TOKEN_REFRESHED' && entry.type !== 'TOKEN_REFRESH_FAILED') return;
    const reason = entry.details?.reason;
    const outcome: RefreshOutcome =
      entry.type === 'TOKEN_REFRESHED' ? 'success' : reason === 'REAUTHORIZATION_REQUIRED' ? 'reauthorization_required' : 'failure';
    refreshes.inc({ outcome });
    const startedAt = typeof entry.details?.startedAt === 'string' ? Date.parse(entry.details.startedAt) : NaN;
    if (Number.isFinite(startedAt)) refreshDuration.observe(Math.max(0, (at.getTime() - startedAt) / 1000));
  };

  return { registry, refreshes, refreshDuration, webhookDeliveries, observeAudit, observeProxy: proxy.observe };
}

export type Metrics = ReturnType<typeof createMetrics>;
