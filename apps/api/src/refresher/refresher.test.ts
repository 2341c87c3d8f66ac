/**
 * The refresher's wake-up with a manual scheduler and an in-memory source: it sleeps until the
 * earliest due time (at most one interval), wakes earlier when `refresher/due` announces an
 * earlier one, and refreshes each due row once.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus, type EventBus } from '../events/index.js';
import type { ScheduledRefreshResult } from '../services/index.js';
import type { DueRefresh, RefreshSource } from './due-source.js';
import { ManualScheduler } from './manual-scheduler.js';
import { Refresher } from './refresher.js';

const logger = pino({ level: 'silent' });
const SECOND = 1_000;
const INTERVAL_MS = 15 * SECOND;

/** Rows by id with their due time; a refresh reschedules the row one token lifetime later. */
class MemorySource implements RefreshSource {
  readonly rows = new Map<string, number>();
  readonly refreshes: { id: string; at: number }[] = [];

  constructor(
    private readonly scheduler: ManualScheduler,
    private readonly nextDueInMs = 22 * SECOND,
  ) {}

  /** Due queries made, with how many rows each returned. */
  readonly queries: number[] = [];

  due(now: Date, limit: number): Promise<DueRefresh[]> {
    const due = [...this.rows]
      .filter(([, at]) => at <= now.getTime())
      .sort(([, x], [, y]) => x - y)
      .slice(0, limit)
      .map(([connectionId]) => ({ connectionId, provider: 'https://idp.example.com/token' }));
    this.queries.push(due.length);
    return Promise.resolve(due);
  }

  defer(ids: string[], until: Date): Promise<void> {
    for (const id of ids) this.rows.set(id, until.getTime());
    return Promise.resolve();
  }

  nextDueAfter(after: Date): Promise<Date | null> {
    const later = [...this.rows.values()].filter((at) => at > after.getTime());
    return Promise.resolve(later.length === 0 ? null : new Date(Math.min(...later)));
  }

  /** Rows returned by `due` and handed back unrefreshed. */
  readonly released: string[] = [];

  release(ids: string[]): Promise<void> {
    this.released.push(...ids);
    return Promise.resolve();
  }

  releaseAll(): Promise<void> {
    return Promise.resolve();
  }

  /** Answered at once: the new due time is set, and the (instant) write follows. */
  refresh({ connectionId: id }: DueRefresh, answered?: () => void): Promise<ScheduledRefreshResult> {
    const at = this.scheduler.now().getTime();
    this.refreshes.push({ id, at });
    this.rows.set(id, at + this.nextDueInMs);
    answered?.();
    return Promise.resolve({ outcome: 'refreshed' });
  }
}

describe('Refresher wake-up', () => {
  const refreshers: Refresher[] = [];
  afterEach(async () => {
    await Promise.all(refreshers.splice(0).map((r) => r.stop()));
  });

  function setUp(bus: EventBus = new InProcessEventBus(), scheduler = new ManualScheduler(), batchSize?: number, random = () => 0.5) {
    const source = new MemorySource(scheduler);
    const refresher = new Refresher({
      source,
      bus,
      logger,
      intervalMs: INTERVAL_MS,
      clock: scheduler,
      scheduler,
      random,
      ...(batchSize ? { batchSize } : {}),
    });
    refreshers.push(refresher);
    const t0 = scheduler.now().getTime();
    /** Fires every timer due by t0 + `ms`, letting each wake-up finish before the next. */
    const runUntil = async (ms: number) => {
      while (scheduler.fireNext(t0 + ms)) await refresher.settled();
      scheduler.advanceTo(t0 + ms);
    };
    return { source, refresher, scheduler, bus, t0, runUntil };
  }

  it('starts its first pass at once: a backlog due at start waits for no jitter', async () => {
    // The largest draw of the jitter: a start spread would put the first pass about a second away.
    const { source, refresher, scheduler, t0 } = setUp(undefined, undefined, undefined, () => 0.999);
    for (let i = 0; i < 5; i += 1) source.rows.set(`s${i}`, t0 - i);
    refresher.start();
    expect(refresher.nextWakeAt).toBe(t0);
    expect(scheduler.fireNext(t0)).toBe(true);
    await refresher.settled();
    expect(source.refreshes.map((r) => r.at)).toEqual([t0, t0, t0, t0, t0]);
  });

  it('refreshes a row due at t+22 s by t+23 s with a 15 s interval, and never sleeps longer than the interval', async () => {
    const { source, refresher, t0, runUntil } = setUp();
    source.rows.set('a', t0 + 22 * SECOND);
    refresher.start();
    await runUntil(2 * SECOND);
    expect(source.refreshes).toEqual([]);
    expect(refresher.nextWakeAt! - t0).toBeLessThanOrEqual(INTERVAL_MS + SECOND);
    await runUntil(23 * SECOND);
    expect(source.refreshes).toHaveLength(1);
    expect(source.refreshes[0]!.at - t0).toBeGreaterThanOrEqual(22 * SECOND);
    expect(source.refreshes[0]!.at - t0).toBeLessThanOrEqual(23 * SECOND);
    // Then the next one, 22 s later; no extra refresh from the wake-ups in between.
    await runUntil(66 * SECOND + 500);
    expect(source.refreshes.map((r) => r.at - t0)).toEqual([22, 44, 66].map((s) => s * SECOND));
  });

  it('wakes at once for a row stored while it sleeps when that row is due before its wake-up', async () => {
    const { source, refresher, bus, t0, runUntil } = setUp();
    refresher.start();
    await runUntil(2 * SECOND);
    expect(refresher.nextWakeAt! - t0).toBeGreaterThan(10 * SECOND);
    source.rows.set('b', t0 + 5 * SECOND);
    await bus.publish('refresher/due', { dueAt: new Date(t0 + 5 * SECOND) });
    expect(refresher.nextWakeAt).toBe(t0 + 5 * SECOND);
    await runUntil(6 * SECOND);
    expect(source.refreshes).toEqual([{ id: 'b', at: t0 + 5 * SECOND }]);
  });

  it('keeps a due time announced during a pass for planning its next wake-up', async () => {
    const { source, refresher, bus, t0, runUntil } = setUp();
    source.rows.set('a', t0 + 3 * SECOND);
    const refresh = source.refresh.bind(source);
    // While refreshing 'a', another writer announces a row the due query cannot see yet (leased).
    source.refresh = async (id) => {
      await bus.publish('refresher/due', { dueAt: new Date(t0 + 7 * SECOND) });
      return refresh(id);
    };
    refresher.start();
    await runUntil(3 * SECOND);
    expect(source.refreshes).toEqual([{ id: 'a', at: t0 + 3 * SECOND }]);
    expect(refresher.nextWakeAt).toBe(t0 + 7 * SECOND);
  });

  it('ignores an announced due time later than its wake-up', async () => {
    const { refresher, bus, runUntil } = setUp();
    refresher.start();
    await runUntil(2 * SECOND);
    const planned = refresher.nextWakeAt!;
    await bus.publish('refresher/due', { dueAt: new Date(planned + 60 * SECOND) });
    expect(refresher.nextWakeAt).toBe(planned);
  });

  it('a second instance on the same bus learns of an earlier due time', async () => {
    const bus = new InProcessEventBus();
    const a = setUp(bus);
    const b = setUp(bus);
    a.refresher.start();
    b.refresher.start();
    await a.runUntil(2 * SECOND);
    await b.runUntil(2 * SECOND);
    // Instance A stores an authorization due at t+5 s (both read the same database) and announces it.
    a.source.rows.set('d', a.t0 + 5 * SECOND);
    b.source.rows.set('d', b.t0 + 5 * SECOND);
    await bus.publish('refresher/due', { dueAt: new Date(a.t0 + 5 * SECOND) });
    expect(b.refresher.nextWakeAt).toBe(b.t0 + 5 * SECOND);
    await b.runUntil(6 * SECOND);
    expect(b.source.refreshes).toEqual([{ id: 'd', at: b.t0 + 5 * SECOND }]);
  });

  it('stop() cancels the wake-up and stops listening', async () => {
    const { source, refresher, bus, t0, runUntil } = setUp();
    refresher.start();
    await runUntil(2 * SECOND);
    await refresher.stop();
    source.rows.set('c', t0 + 3 * SECOND);
    await bus.publish('refresher/due', { dueAt: new Date(t0 + 3 * SECOND) });
    expect(refresher.nextWakeAt).toBeNull();
    await runUntil(60 * SECOND);
    expect(source.refreshes).toEqual([]);
  });

  it('pulls a backlog larger than many batches in one wake-up, each next batch at once (no wait for the interval)', async () => {
    const { source, refresher, scheduler, t0, runUntil } = setUp(undefined, undefined, 10);
    for (let i = 0; i < 1_000; i += 1) source.rows.set(`r${i}`, t0 - 60 * SECOND + i);
    refresher.start();
    // The first wake-up only: no timer fires after it, the clock does not move during it.
    expect(scheduler.fireNext(t0 + SECOND)).toBe(true);
    await refresher.settled();
    const wokeAt = source.refreshes[0]!.at;
    expect(source.refreshes).toHaveLength(1_000);
    expect(new Set(source.refreshes.map((r) => r.id)).size).toBe(1_000);
    expect(source.refreshes.every((r) => r.at === wokeAt)).toBe(true);
    // 100 full batches, then one empty query ended the pass; the next wake-up is planned, not due.
    expect(source.queries.slice(0, 100).every((n) => n === 10)).toBe(true);
    expect(source.queries.at(-1)).toBe(0);
    expect(refresher.stats.ticks).toBe(1);
    expect(refresher.nextWakeAt! - wokeAt).toBeGreaterThan(10 * SECOND);
    await runUntil(2 * SECOND);
    expect(source.refreshes).toHaveLength(1_000);
  });

  it('rows that become due while a pass runs are pulled by that pass', async () => {
    const { source, refresher, scheduler, t0 } = setUp(undefined, undefined, 5);
    for (let i = 0; i < 5; i += 1) source.rows.set(`early${i}`, t0);
    const refresh = source.refresh.bind(source);
    let added = false;
    // While the first batch refreshes, time moves on and a steady stream of rows comes due.
    source.refresh = (id) => {
      if (!added) {
        added = true;
        scheduler.advanceTo(scheduler.now().getTime() + 2 * SECOND);
        for (let i = 0; i < 12; i += 1) source.rows.set(`late${i}`, scheduler.now().getTime() - 1);
      }
      return refresh(id);
    };
    refresher.start();
    expect(scheduler.fireNext(t0 + SECOND)).toBe(true);
    await refresher.settled();
    expect(source.refreshes.map((r) => r.id).sort()).toEqual(
      [...Array.from({ length: 5 }, (_, i) => `early${i}`), ...Array.from({ length: 12 }, (_, i) => `late${i}`)].sort(),
    );
    expect(refresher.stats.ticks).toBe(1);
  });
});

describe('Refresher slots', () => {
  /**
   * Ten due rows whose refreshes are answered at once and then wait for their write until the
   * test lets them (`write()`); counts the requests sent meanwhile.
   */
  async function sentBeforeWrites(options: { concurrency: number; writesPerSlot?: number; answer?: boolean }) {
    const scheduler = new ManualScheduler();
    const source = new MemorySource(scheduler);
    const t0 = scheduler.now().getTime();
    for (let i = 0; i < 10; i += 1) source.rows.set(`r${i}`, t0 - i);
    let write!: () => void;
    const written = new Promise<void>((resolve) => (write = resolve));
    const refresh = source.refresh.bind(source);
    source.refresh = async (row, answered) => {
      const result = await refresh(row);
      if (options.answer !== false) answered?.();
      await written;
      return result;
    };
    const refresher = new Refresher({
      source,
      bus: new InProcessEventBus(),
      logger,
      intervalMs: INTERVAL_MS,
      clock: scheduler,
      scheduler,
      ...options,
    });
    refresher.start();
    expect(scheduler.fireNext(t0)).toBe(true);
    // Every turn of the pass's promises, then what it has sent.
    for (let i = 0; i < 50; i += 1) await Promise.resolve();
    const sent = source.refreshes.length;
    write();
    await refresher.settled();
    await refresher.stop();
    return { sent, refreshed: source.refreshes.length, peakInFlight: refresher.stats.peakInFlight };
  }

  it('holds a slot until the outcome is written by default (an in-process database)', async () => {
    await expect(sentBeforeWrites({ concurrency: 2 })).resolves.toEqual({ sent: 2, refreshed: 10, peakInFlight: 2 });
  });

  it('with writesPerSlot, frees a slot once its provider has answered, and stops sending when that many writes wait', async () => {
    // Two answered and waiting for their write (1 x 2 slots) leave their slots to two more
    // requests; those, answered too, keep their slots while the writes are full: four sent.
    await expect(sentBeforeWrites({ concurrency: 2, writesPerSlot: 1 })).resolves.toEqual({ sent: 4, refreshed: 10, peakInFlight: 2 });
    await expect(sentBeforeWrites({ concurrency: 2, writesPerSlot: 3 })).resolves.toEqual({ sent: 8, refreshed: 10, peakInFlight: 2 });
  });

  it('keeps the slot of a refresh its provider has not answered with tokens (a failure, a 429)', async () => {
    await expect(sentBeforeWrites({ concurrency: 2, writesPerSlot: 4, answer: false })).resolves.toEqual({
      sent: 2,
      refreshed: 10,
      peakInFlight: 2,
    });
  });
});
