/**
 * The automatic refresh loop, running in every instance. Every `intervalMs` (with jitter) it
 * picks due authorizations — AUTHORIZED, `nextRefreshAt <= now`, not leased, not backing off —
 * with an indexed query in batches, and refreshes each through the same single-flight path as
 * the refreshToken mutation (lease + version check across instances). Outcomes (refreshed,
 * REAUTHORIZATION_REQUIRED on `invalid_grant`, backoff with `computeRetryDelayMs` on transient
 * failures) are audited and published by the AuthorizationService. Idle refresh tokens are kept
 * alive by oauth-core's `computeRefreshDueAt` policy (it schedules a refresh even when the
 * access token lives long).
 *
 * `stop()` prevents new work and waits for the refreshes in flight: each ends with its lease
 * released and its token set either fully written (compare-and-swap) or not at all.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { Authorization } from '../persistence/entities/index.js';
import type { Orm } from '../persistence/orm.js';
import type { AuthorizationService, ScheduledRefreshOutcome } from '../services/index.js';

export interface RefresherOptions {
  orm: Orm;
  authorizations: AuthorizationService;
  logger: Logger;
  /** REFRESHER_INTERVAL_MS. */
  intervalMs: number;
  /** Rows per due query. Default 50. */
  batchSize?: number;
  /** Refreshes run at the same time by this instance. Default 4. */
  concurrency?: number;
}

export interface RefresherStats {
  ticks: number;
  refreshed: number;
  reauthorizationRequired: number;
  failed: number;
  skipped: number;
}

export class Refresher {
  private readonly orm: Orm;
  private readonly authorizations: AuthorizationService;
  private readonly logger: Logger;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;
  private stopped = true;
  readonly stats: RefresherStats = { ticks: 0, refreshed: 0, reauthorizationRequired: 0, failed: 0, skipped: 0 };

  constructor(options: RefresherOptions) {
    this.orm = options.orm;
    this.authorizations = options.authorizations;
    this.logger = options.logger;
    this.intervalMs = options.intervalMs;
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(Math.random() * Math.min(this.intervalMs, 1_000));
  }

  /** Stops the loop and waits for the refreshes in flight to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs one pass now (also used by tests); resolves when its refreshes are done. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().finally(() => {
        // ±10 % jitter keeps instances from querying in lockstep.
        this.schedule(this.intervalMs * (0.9 + Math.random() * 0.2));
      });
    }, delayMs);
    this.timer.unref?.();
  }

  private async pass(): Promise<void> {
    this.stats.ticks += 1;
    try {
      // Batches until nothing is due (or a batch made no progress), stopping early on stop().
      for (let batch = 0; batch < 20 && !this.stopped; batch += 1) {
        const due = await this.dueConnectionIds(this.orm.em.fork());
        if (due.length === 0) return;
        const skippedBefore = this.stats.skipped;
        await this.runAll(due);
        // A short batch was the last; a batch of nothing but skips would only repeat itself.
        if (due.length < this.batchSize || this.stats.skipped - skippedBefore === due.length) return;
      }
    } catch (error) {
      this.logger.error({ err: { type: (error as Error)?.name, message: (error as Error)?.message } }, 'refresher pass failed');
    }
  }

  /** The indexed due query (`nextRefreshAt`), skipping leased rows and rows backing off. */
  private async dueConnectionIds(em: EntityManager): Promise<string[]> {
    const now = new Date();
    const rows = await em.find(
      Authorization,
      {
        nextRefreshAt: { $lte: now },
        status: 'AUTHORIZED',
        $and: [
          { $or: [{ leaseExpiresAt: null }, { leaseExpiresAt: { $lt: now } }] },
          { $or: [{ nextRetryAt: null }, { nextRetryAt: { $lte: now } }] },
        ],
      },
      { fields: ['connectionId'], orderBy: { nextRefreshAt: 'asc' }, limit: this.batchSize },
    );
    return rows.map((row) => row.connectionId);
  }

  private async runAll(connectionIds: string[]): Promise<void> {
    const queue = [...connectionIds];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined && !this.stopped; id = queue.shift()) {
        this.count(await this.authorizations.refreshScheduled(this.orm.em.fork(), id));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
  }

  private count(outcome: ScheduledRefreshOutcome): void {
    if (outcome === 'refreshed') this.stats.refreshed += 1;
    else if (outcome === 'reauthorization_required') this.stats.reauthorizationRequired += 1;
    else if (outcome === 'failed') this.stats.failed += 1;
    else this.stats.skipped += 1;
  }
}
