/**
 * The automatic refresh loop, running in every instance. Its first pass runs as soon as it
 * starts; then it sleeps until the earliest due time of the rows it could take (at most
 * `intervalMs`, so rows changed elsewhere without an event are still seen). A pass picks due
 * authorizations — AUTHORIZED, `nextRefreshAt <= now`, not leased, not backing off — batch after
 * batch while batches come back full, up to `concurrency` (REFRESHER_CONCURRENCY) refreshes at a
 * time, and refreshes each through the same single-flight path as the refreshToken mutation
 * (lease + version check across instances). A provider answering 429 is paused for its
 * `Retry-After` (ProviderThrottle); its due rows wait meanwhile while other providers' rows go
 * on. Every change of an authorization publishes `refresher/due` with its next due time: a
 * refresher sleeping past it (here, or in another instance through Redis) wakes then instead.
 * Outcomes are audited and published by the AuthorizationService. Idle refresh tokens are kept alive by oauth-core's
 * `computeRefreshDueAt` policy (it schedules a refresh even when the access token lives long).
 *
 * `stop()` prevents new work and waits for the refreshes in flight: each ends with its lease
 * released and its token set either fully written (compare-and-swap) or not at all.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
import { systemClock, systemScheduler, type Clock, type Scheduler } from '@grantkeeper/oauth-core';
import type { Logger } from 'pino';
import type { EventBus, Unsubscribe } from '../events/index.js';
import type { ScheduledRefreshOutcome } from '../services/index.js';
import type { DueRefresh, RefreshSource } from './due-source.js';
import { ProviderThrottle } from './provider-throttle.js';
import { RefreshSlots } from './slots.js';

export interface RefresherOptions {
  source: RefreshSource;
  /** Carries `refresher/due` (earlier due times) from this instance and the others. */
  bus: EventBus;
  logger: Logger;
  /** REFRESHER_INTERVAL_MS: the longest sleep. */
  intervalMs: number;
  /** Rows per due query. Default 100 (at least 2 x concurrency). */
  batchSize?: number;
  /** REFRESHER_CONCURRENCY: refresh grants this instance has in flight at providers. Default 64. */
  concurrency?: number;
  /**
   * Answered refreshes that may wait for their outcome's write, per slot of `concurrency`. They
   * hold a new token set and a lease, not a provider's attention, so a slot is free for the next
   * request as soon as the provider has answered; beyond this many waiting the refresher sends no
   * more (a slow database slows the requests too). 0 (the default): a slot is held until the
   * outcome is written, which suits an in-process database (SQLite), whose writes run on this
   * thread anyway; a database server (PostgreSQL) takes 4, so its commit latency does not idle
   * the slots.
   */
  writesPerSlot?: number;
  /** Wall-clock time, compared with the stored due times. */
  clock?: Clock;
  /** The wake-up timer. */
  scheduler?: Scheduler;
  /** Uniform in [0, 1) for the jitter of the longest sleep; defaults to `Math.random`. */
  random?: () => number;
}

export interface RefresherStats {
  ticks: number;
  refreshed: number;
  reauthorizationRequired: number;
  failed: number;
  skipped: number;
  /** The most refreshes this instance ever had in flight at once. */
  peakInFlight: number;
}

export const DEFAULT_REFRESHER_CONCURRENCY = 64;

export class Refresher {
  readonly stats: RefresherStats = { ticks: 0, refreshed: 0, reauthorizationRequired: 0, failed: 0, skipped: 0, peakInFlight: 0 };
  readonly #options: Required<Omit<RefresherOptions, 'clock' | 'scheduler' | 'random' | 'writesPerSlot'>>;
  readonly #slots: RefreshSlots;
  readonly #clock: Clock;
  readonly #scheduler: Scheduler;
  readonly #random: () => number;
  #cancelWake: (() => void) | undefined;
  #wakeAt: number | null = null;
  /** From a wake-up until the next one is planned: due times heard meanwhile wait in `#heard`. */
  #busy = false;
  #heard: number | null = null;
  #cycle: Promise<void> = Promise.resolve();
  #running: Promise<void> | null = null;
  /** When the pass `#running` (or the last one) started. */
  #passStartedAt = 0;
  #stopped = true;
  #unsubscribe: Unsubscribe | undefined;
  readonly #throttle = new ProviderThrottle();

  constructor(options: RefresherOptions) {
    const concurrency = Math.max(1, options.concurrency ?? DEFAULT_REFRESHER_CONCURRENCY);
    this.#options = { ...options, concurrency, batchSize: Math.max(1, options.batchSize ?? Math.max(100, 2 * concurrency)) };
    this.#clock = options.clock ?? systemClock;
    this.#scheduler = options.scheduler ?? systemScheduler;
    this.#random = options.random ?? Math.random;
    this.#slots = new RefreshSlots(concurrency, options.writesPerSlot ?? 0);
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#unsubscribe = this.#options.bus.on('refresher/due', (event) => this.hear(event.dueAt));
    // The first pass starts at once: rows due now (a backlog, tokens about to expire) must not
    // wait. Instances started together need no spread: the due query leases the rows it returns,
    // so they split a backlog instead of refreshing a row twice, and their later sleeps are jittered.
    this.wakeAt(this.#now());
  }

  /** Stops the loop and waits for the refreshes in flight to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#cancelWake?.();
    this.#cancelWake = undefined;
    this.#wakeAt = null;
    await this.#cycle;
    await this.#running;
    await this.#options.source.releaseAll().catch((error: unknown) => {
      this.#options.logger.warn({ err: error }, 'refresher could not release its leases');
    });
  }

  /** When the loop wakes next (ms since the epoch); null while it works or when stopped. */
  get nextWakeAt(): number | null {
    return this.#wakeAt;
  }

  /** Resolves when the current wake-up (its pass and the planning of the next) is over. */
  settled(): Promise<void> {
    return this.#cycle;
  }

  /** Runs one pass now (also used by tests); resolves when its refreshes are done. */
  tick(): Promise<void> {
    if (this.#running === null) {
      this.#passStartedAt = this.#now();
      this.#running = this.pass().finally(() => {
        this.#running = null;
      });
    }
    return this.#running;
  }

  /** A due time from `refresher/due`: wake earlier if it falls before the planned wake-up. */
  private hear(dueAt: Date): void {
    if (this.#stopped) return;
    const at = dueAt.getTime();
    if (this.#busy) this.#heard = Math.min(this.#heard ?? at, at);
    else if (this.#wakeAt === null || at < this.#wakeAt) this.wakeAt(at);
  }

  private wakeAt(at: number): void {
    if (this.#stopped) return;
    this.#cancelWake?.();
    const now = this.#now();
    this.#wakeAt = Math.max(at, now);
    this.#cancelWake = this.#scheduler.schedule(() => this.wake(), this.#wakeAt - now);
  }

  private wake(): void {
    this.#cancelWake = undefined;
    this.#wakeAt = null;
    this.#busy = true;
    this.#cycle = this.cycle();
  }

  private async cycle(): Promise<void> {
    const pass = this.tick();
    // The start of the pass this wake-up ran or joined (a tick() may have started it earlier):
    // the retry times of the rows it failed and released fall after it.
    const passStartedAt = this.#passStartedAt;
    await pass;
    let next: number;
    try {
      next = await this.planNext(passStartedAt);
    } catch (error) {
      this.#options.logger.error({ err: error }, 'refresher could not read the next due time');
      next = this.#now() + this.#options.intervalMs;
    }
    this.#busy = false;
    this.wakeAt(next);
  }

  /**
   * The next wake-up: the earliest due time not yet tried, or one heard during this wake-up,
   * and at the latest one interval from now (with up to 10 % jitter below it, so instances do
   * not query in lockstep).
   */
  private async planNext(passStartedAt: number): Promise<number> {
    const now = this.#now();
    const latest = now + this.#options.intervalMs * (0.9 + this.#random() * 0.1);
    const due = await this.#options.source.nextDueAfter(new Date(passStartedAt), new Date(now));
    const heard = this.#heard;
    this.#heard = null;
    return Math.min(latest, due?.getTime() ?? Infinity, heard ?? Infinity);
  }

  #now(): number {
    return this.#clock.now().getTime();
  }

  /**
   * Pulls due rows batch after batch while a batch comes back full, refreshing up to
   * `concurrency` at a time: the next batch is read while the last refreshes of the previous one
   * run, so a backlog never waits for the next wake-up. Ends on a short batch, on a batch of
   * nothing new (rows this pass already tried and left due: their leases go back), or on stop().
   */
  private async pass(): Promise<void> {
    this.stats.ticks += 1;
    const { batchSize, source } = this.#options;
    const tried = new Set<string>();
    try {
      while (!this.#stopped) {
        const due = await source.due(new Date(this.#now()), batchSize);
        const fresh = due.filter((row) => !tried.has(row.connectionId));
        // A row this pass tried is due again (failed early, its backoff over): the due query leased
        // it, and kept, the lease would be renewed while nobody refreshes the row. It goes back at
        // once, to another instance or the next wake-up (its retry time falls after this pass's start).
        const again = due.filter((row) => tried.has(row.connectionId)).map((row) => row.connectionId);
        for (const row of fresh) tried.add(row.connectionId);
        if (again.length > 0) await source.release(again);
        await this.startAll(fresh);
        if (due.length < batchSize || fresh.length === 0) break;
      }
    } catch (error) {
      this.#options.logger.error({ err: error }, 'refresher pass failed');
    } finally {
      await this.#slots.drained();
    }
  }

  /**
   * Starts a refresh per row as slots free up; rows of a paused provider are deferred instead,
   * and rows not started (stop) are released.
   */
  private async startAll(rows: DueRefresh[]): Promise<void> {
    const deferred = new Map<string, string[]>();
    const unstarted: string[] = [];
    for (const row of rows) {
      await this.#slots.free();
      if (this.#stopped) {
        unstarted.push(row.connectionId);
        continue;
      }
      if (this.#throttle.pausedUntil(row.provider, this.#now()) !== null) {
        deferred.set(row.provider, [...(deferred.get(row.provider) ?? []), row.connectionId]);
        continue;
      }
      void this.refreshOne(row);
    }
    for (const [provider, ids] of deferred) {
      const until = this.#throttle.pausedUntil(provider, this.#now());
      if (until !== null) await this.#options.source.defer(ids, new Date(until), new Date(this.#now()));
      else unstarted.push(...ids);
    }
    if (unstarted.length > 0) await this.#options.source.release(unstarted);
  }

  /** One refresh in a slot (left early once answered, see `writesPerSlot`); never rejects. */
  private async refreshOne(row: DueRefresh): Promise<void> {
    const slot = this.#slots.take();
    this.stats.peakInFlight = Math.max(this.stats.peakInFlight, this.#slots.inFlight);
    try {
      const result = await this.#options.source.refresh(row, slot.answered);
      this.count(result.outcome);
      if (result.providerBusy) this.#throttle.busy(row.provider, this.#now(), result.providerBusy.retryAfterMs);
      else if (result.outcome === 'refreshed') this.#throttle.ok(row.provider, this.#now());
    } catch (error) {
      this.stats.failed += 1;
      this.#options.logger.error({ err: error, connectionId: row.connectionId }, 'scheduled refresh failed');
    } finally {
      slot.end();
    }
  }

  private count(outcome: ScheduledRefreshOutcome): void {
    if (outcome === 'refreshed') this.stats.refreshed += 1;
    else if (outcome === 'reauthorization_required') this.stats.reauthorizationRequired += 1;
    else if (outcome === 'failed') this.stats.failed += 1;
    else this.stats.skipped += 1;
  }
}
