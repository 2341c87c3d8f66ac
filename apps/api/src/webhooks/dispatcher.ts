/**
 * The webhook dispatcher, running in every instance. Each pass claims due deliveries with a
 * lease (see DeliveryStore: each delivery is claimed by exactly one instance, and only the
 * oldest PENDING one of a (webhook, connection) pair, so those go out in event order), sends
 * them, records the outcome and the next attempt (RetrySchedule), then sleeps until the next
 * attempt is due, at most `pollIntervalMs`, or until `webhooks/pending` says something new
 * was committed (here or, with Redis, in another instance).
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '@grantkeeper/oauth-core';
import type { Logger } from 'pino';
import type { EventBus, Unsubscribe } from '../events/index.js';
import type { ClaimedDelivery, DeliveryStore } from './delivery-store.js';
import { retryDelayMs, type RetrySchedule } from './retry-schedule.js';
import type { WebhookSender } from './sender.js';

export type DeliveryResult = 'succeeded' | 'retrying' | 'failed';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface DispatcherOptions {
  store: DeliveryStore;
  send: WebhookSender;
  /** The URL and signing secret of a webhook; null when it is gone. */
  target: (webhookId: string) => Promise<WebhookTarget | null>;
  bus: EventBus;
  logger: Logger;
  schedule: RetrySchedule;
  clock?: Clock;
  random?: () => number;
  ownerId?: string;
  /** The longest sleep between passes (deliveries staged elsewhere without an event). */
  pollIntervalMs?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** How long a claim holds: longer than one attempt (10 s). */
  leaseMs?: number;
  onResult?: (result: DeliveryResult) => void;
}

export class WebhookDispatcher {
  readonly ownerId: string;
  readonly #o: Required<Omit<DispatcherOptions, 'onResult' | 'ownerId'>> & Pick<DispatcherOptions, 'onResult'>;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | null = null;
  #kicked = false;
  #wake: (() => void) | null = null;
  #unsubscribe: Unsubscribe | null = null;

  constructor(options: DispatcherOptions) {
    this.ownerId = options.ownerId ?? `webhooks-${randomUUID()}`;
    this.#o = {
      clock: systemClock,
      random: Math.random,
      pollIntervalMs: 5_000,
      concurrency: 16,
      leaseMs: 60_000,
      ...options,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.#o.bus.on('webhooks/pending', () => this.kick());
    this.#loop = this.#run().catch((err: unknown) => this.#o.logger.error({ err }, 'The webhook dispatcher stopped'));
  }

  /** Run a pass now (something was staged or finished). */
  kick(): void {
    this.#kicked = true;
    this.#wake?.();
  }

  /** No new claims; the attempts in flight finish and are recorded, then every lease is released. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unsubscribe?.();
    this.kick();
    await this.#loop;
    await Promise.all(this.#inFlight);
    await this.#o.store.releaseAll(this.ownerId).catch(() => 0);
  }

  async #run(): Promise<void> {
    // Claims are made in batches: a pass runs when at least half of the slots are free.
    const refillAt = Math.max(1, Math.floor(this.#o.concurrency / 2));
    while (this.#running) {
      this.#kicked = false;
      const free = this.#o.concurrency - this.#inFlight.size;
      if (free < refillAt) {
        await this.#sleep(this.#o.pollIntervalMs); // a finished attempt kicks
        continue;
      }
      let claimed: ClaimedDelivery[] = [];
      try {
        claimed = await this.#o.store.claim(this.ownerId, this.#o.clock.now(), this.#o.leaseMs, free);
      } catch (err) {
        this.#o.logger.warn({ err }, 'Could not claim webhook deliveries');
      }
      for (const delivery of claimed) this.#track(this.#attempt(delivery));
      if (claimed.length > 0 && claimed.length === free) continue;
      await this.#sleep(await this.#sleepMs());
    }
  }

  #track(attempt: Promise<void>): void {
    const tracked = attempt.finally(() => {
      this.#inFlight.delete(tracked);
      this.kick();
    });
    this.#inFlight.add(tracked);
  }

  async #sleepMs(): Promise<number> {
    const next = await this.#o.store.nextAttemptAt().catch(() => null);
    const untilNext = next === null ? Infinity : next.getTime() - this.#o.clock.now().getTime();
    return Math.max(0, Math.min(this.#o.pollIntervalMs, untilNext));
  }

  #sleep(ms: number): Promise<void> {
    if (this.#kicked || !this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  async #attempt(delivery: ClaimedDelivery): Promise<void> {
    try {
      const target = await this.#o.target(delivery.webhookId);
      const now = this.#o.clock.now();
      const result = target
        ? await this.#o.send({ ...target, id: delivery.id, payload: delivery.payload, timestampSeconds: Math.floor(now.getTime() / 1000) })
        : ({ ok: false, statusCode: null, error: 'The webhook no longer exists.' } as const);
      const attempts = delivery.attempts + 1;
      const after = this.#o.clock.now();
      const delay = result.ok || attempts >= delivery.maxAttempts ? null : retryDelayMs(this.#o.schedule, attempts, this.#o.random);
      const recorded = await this.#o.store.record(
        delivery.id,
        this.ownerId,
        after,
        attempts,
        result.ok
          ? { kind: 'succeeded', statusCode: result.statusCode }
          : {
              kind: 'failed',
              statusCode: result.statusCode,
              error: result.error,
              retryAt: delay === null ? null : new Date(after.getTime() + delay),
            },
      );
      if (recorded) this.#o.onResult?.(result.ok ? 'succeeded' : delay === null ? 'failed' : 'retrying');
    } catch (err) {
      this.#o.logger.warn({ err, deliveryId: delivery.id }, 'A webhook delivery attempt could not be recorded');
    }
  }
}
