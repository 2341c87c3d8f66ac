/**
 * The webhook dispatcher, running in every instance. Each pass claims due deliveries with a
 * lease (see DeliveryStore: each delivery is claimed by exactly one instance, and only the
 * oldest PENDING one of a (webhook, connection) pair, so those go out in event order), sends
 * them, records the outcome and the next attempt (RetrySchedule). After a claim that found fewer
 * than it asked for, it claims again only when kicked (an outcome written here, Redeliver, or
 * `webhooks/pending`: something new committed here or, with Redis, in another instance), when the
 * next attempt due later comes, or after `pollIntervalMs` (leases left by a dead instance): a due
 * delivery that was not claimable waits for its pair's head, and every claim walks the backlog.
 *
 * Pipelined, so the database's latency does not idle the senders: a pass claims up to four times
 * `concurrency` deliveries (the ones not yet sent wait in a queue; a claim on PostgreSQL takes a
 * few ms, the sends to a fast receiver outrun two rounds of it), a finished exchange frees
 * its slot at once for the next queued one, and its outcome joins the store's next batched
 * write; the next delivery of the same pair becomes claimable when that write commits, so the
 * write takes the next claim along in its transaction (DeliveryStore.setClaimAlong), or kicks a
 * pass when there is no room to claim into. A queued delivery whose lease would run out before its exchange could
 * finish is not sent (its lease is left to expire, another pass takes it again).
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '@grantkeeper/oauth-core';
import type { Logger } from 'pino';
import type { EventBus, Unsubscribe } from '../events/index.js';
import type { ClaimAlong, ClaimedDelivery, DeliveryStore } from './delivery-store.js';
import { attemptOutcome, type DeliveryResult, type RetrySchedule } from './retry-schedule.js';
import type { SendResult, WebhookSender, WebhookTarget } from './sender.js';

export type { DeliveryResult } from './retry-schedule.js';
export type { WebhookTarget } from './sender.js';

export interface DispatcherOptions {
  store: DeliveryStore;
  send: WebhookSender;
  /** The URL and signing secret of a webhook; null when it is gone (a cached one as a value, not a promise). */
  target: (webhookId: string) => WebhookTarget | null | Promise<WebhookTarget | null>;
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
  /** How long a claim holds: more than twice one attempt (10 s); a claimed delivery is sent only in the first half. */
  leaseMs?: number;
  onResult?: (result: DeliveryResult) => void;
}

/** Deliveries claimed and sent or queued at most, as a multiple of `concurrency`. */
const CLAIM_AHEAD = 4;
/** Claims under way at once (each a round trip and a commit on PostgreSQL). */
const PARALLEL_CLAIMS = 2;

const GONE: SendResult = { ok: false, statusCode: null, error: 'The webhook no longer exists.' };

export class WebhookDispatcher {
  readonly ownerId: string;
  readonly #o: Required<Omit<DispatcherOptions, 'onResult' | 'ownerId'>> & Pick<DispatcherOptions, 'onResult'>;
  /** Attempts under way, and what `stop` waits on until there are none. */
  #inFlight = 0;
  #idle: (() => void) | null = null;
  /** Claimed, not yet sent, with the end of their lease (ms). */
  #queue: { delivery: ClaimedDelivery; leaseUntil: number }[] = [];
  /** Claims under way, and the rows they may add to the queue. */
  readonly #claims = new Set<Promise<void>>();
  #claimingRows = 0;
  /** The last claim found fewer deliveries than it asked for, and nothing was kicked since. */
  #drained = false;
  /** Kicks so far: a claim that began before the last kick may have missed what it announced. */
  #kicks = 0;
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
    this.#o.store.setClaimAlong(() => this.#claimAlong());
    this.#loop = this.#run().catch((err: unknown) => this.#o.logger.error({ err }, 'The webhook dispatcher stopped'));
  }

  /** Run a pass now (something was staged, or an outcome written: the pair's next delivery is claimable). */
  kick(): void {
    this.#kicks += 1;
    this.#drained = false;
    this.#kicked = true;
    this.#wake?.();
  }

  /** No new claims or sends; the attempts in flight finish and are recorded, then every lease is released. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unsubscribe?.();
    this.kick();
    await this.#loop;
    await Promise.all(this.#claims);
    this.#queue = [];
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    this.#idle = null;
    await this.#o.store.releaseAll(this.ownerId).catch(() => 0);
  }

  async #run(): Promise<void> {
    // Claims are made in batches: a pass claims when at least `concurrency` can be queued (fewer,
    // larger claims: each one re-reads the leased rows ahead of the claimable ones).
    const refillAt = this.#o.concurrency;
    while (this.#running) {
      this.#kicked = false;
      const room = this.#room();
      if (this.#mayClaim(room)) {
        this.#claim(room);
        continue;
      }
      // A finished attempt, a recorded outcome or a claim's end wakes the loop; after a claim that
      // found fewer than it asked for, only a kick or the next attempt due later does (see #nudge).
      if (!this.#drained || this.#claims.size > 0 || room < refillAt) {
        await this.#sleep(this.#o.pollIntervalMs);
        continue;
      }
      // Timed out: the next attempt is due, claim again (a kick clears #drained itself; a claim
      // taken along with a write that wakes the loop leaves it as that claim found it).
      if (await this.#sleep(await this.#sleepMs())) this.#drained = false;
    }
  }

  /**
   * Whether a pass would claim now: `room` for at least `concurrency` (fewer, larger claims), a
   * claim slot free, the last claim not short, and no outcome write under way (it takes the
   * claim along: it sees the pairs its outcomes release).
   */
  #mayClaim(room: number): boolean {
    return room >= this.#o.concurrency && this.#claims.size < PARALLEL_CLAIMS && !this.#drained && !this.#o.store.writing;
  }

  /** Deliveries that may still be claimed (claimed ones wait in the queue or are in flight). */
  #room(): number {
    return CLAIM_AHEAD * this.#o.concurrency - this.#inFlight - this.#queue.length - this.#claimingRows;
  }

  /** Claims up to `limit` deliveries in the background (claims overlap: a round trip is not a pause). */
  #claim(limit: number): void {
    const now = this.#o.clock.now();
    const done = this.#claiming(now, limit);
    const claiming: Promise<void> = this.#o.store
      .claim(this.ownerId, now, this.#o.leaseMs, limit)
      .catch((err: unknown) => {
        this.#o.logger.warn({ err }, 'Could not claim webhook deliveries');
        return [];
      })
      .then((claimed) => {
        this.#claims.delete(claiming);
        done(claimed);
      });
    this.#claims.add(claiming);
  }

  /** The claim an outcome write takes along: whatever room there is (null: none, the write kicks a pass instead). */
  #claimAlong(): ClaimAlong | null {
    const limit = this.#room();
    if (!this.#running || limit <= 0) return null;
    const now = this.#o.clock.now();
    return { owner: this.ownerId, now, leaseMs: this.#o.leaseMs, limit, done: this.#claiming(now, limit) };
  }

  /** Counts a claim of up to `limit` made at `now` as under way; the returned function queues what it claimed. */
  #claiming(now: Date, limit: number): (claimed: ClaimedDelivery[]) => void {
    this.#claimingRows += limit;
    const kicks = this.#kicks;
    return (claimed) => {
      this.#claimingRows -= limit;
      const leaseUntil = now.getTime() + this.#o.leaseMs;
      for (const delivery of claimed) this.#queue.push({ delivery, leaseUntil });
      this.#sendQueued();
      if (claimed.length < limit && this.#kicks === kicks) this.#drained = true;
      this.#kicked = true;
      this.#wake?.();
    };
  }

  /** Starts queued deliveries while a slot is free. */
  #sendQueued(): void {
    while (this.#running && this.#inFlight < this.#o.concurrency) {
      const next = this.#queue.shift();
      if (!next) return;
      // The exchange (at most DELIVERY_TIMEOUT_MS) must end well before the lease does.
      if (next.leaseUntil - this.#o.clock.now().getTime() < this.#o.leaseMs / 2) continue;
      this.#inFlight += 1;
      this.#attempt(next.delivery);
    }
  }

  /**
   * A slot is free: wake the loop if it would claim now (#mayClaim), else let it sleep: what
   * changes that (a claim's end, an outcome write's end, a kick) wakes it itself. After a short
   * claim, only a kick or the next attempt due can make a delivery claimable (a finished
   * attempt's pair waits for its outcome's write), so claiming again would walk the whole
   * backlog for nothing. Waking it for nothing cost a promise and a timer per delivery.
   */
  #nudge(): void {
    if (!this.#mayClaim(this.#room())) return;
    this.#kicked = true;
    this.#wake?.();
  }

  /** Until the next attempt due later than now (the due ones wait for their pair's head), at most the poll interval. */
  async #sleepMs(): Promise<number> {
    const next = await this.#o.store.nextAttemptAfter(this.#o.clock.now()).catch(() => null);
    const untilNext = next === null ? Infinity : next.getTime() - this.#o.clock.now().getTime();
    return Math.max(0, Math.min(this.#o.pollIntervalMs, untilNext));
  }

  /** Until `ms` have passed (true) or the loop is woken (false). */
  #sleep(ms: number): Promise<boolean> {
    if (this.#kicked || !this.#running) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (timedOut: boolean) => {
        clearTimeout(timer);
        this.#wake = null;
        resolve(timedOut);
      };
      const timer = setTimeout(() => done(true), ms);
      this.#wake = () => done(false);
    });
  }

  /**
   * Sends one delivery; its outcome is written in the background (the slot is free meanwhile).
   * Callbacks, not an async function: with an AsyncLocalStorage active (MikroORM's), every
   * promise and every await pays for async hooks; this path makes none when the target is cached.
   */
  #attempt(delivery: ClaimedDelivery): void {
    let over = false;
    const end = (result: SendResult | null, failure?: unknown) => {
      if (over) return;
      over = true;
      try {
        if (!result) throw failure;
        this.#record(delivery, result);
      } catch (err) {
        this.#o.logger.warn({ err, deliveryId: delivery.id }, 'A webhook delivery attempt failed');
      }
      this.#finished();
    };
    const send = (target: WebhookTarget | null) => {
      try {
        if (!target) return end(GONE);
        const timestampSeconds = Math.floor(this.#o.clock.now().getTime() / 1000);
        this.#o.send({ ...target, id: delivery.id, payload: delivery.payload, timestampSeconds }, end);
      } catch (err) {
        end(null, err);
      }
    };
    let target: ReturnType<DispatcherOptions['target']>;
    try {
      target = this.#o.target(delivery.webhookId);
    } catch (err) {
      return end(null, err);
    }
    if (target instanceof Promise) target.then(send, (err: unknown) => end(null, err));
    else send(target);
  }

  /** An attempt is over (its outcome handed to the store): its slot takes the next queued delivery. */
  #finished(): void {
    this.#inFlight -= 1;
    if (this.#inFlight === 0) this.#idle?.();
    this.#sendQueued();
    this.#nudge();
  }

  #record(delivery: ClaimedDelivery, result: SendResult): void {
    const attempts = delivery.attempts + 1;
    const after = this.#o.clock.now();
    const { outcome, deliveryResult } = attemptOutcome(result, attempts, delivery.maxAttempts, after, this.#o.schedule, this.#o.random);
    this.#o.store.record(delivery.id, this.ownerId, after, attempts, outcome, (err, recorded) => {
      if (!recorded) return this.#o.logger.warn({ err, deliveryId: delivery.id }, 'A webhook delivery attempt could not be recorded');
      if (recorded.held) this.#o.onResult?.(deliveryResult);
      if (!recorded.claimedAlong) this.kick(); // the pair's next delivery is claimable now
    });
  }
}
