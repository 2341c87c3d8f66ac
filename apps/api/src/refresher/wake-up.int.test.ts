/**
 * Across instances through Redis: a refresher learns of an earlier due time announced by
 * another instance (another Redis connection on the same channel) and wakes for it.
 */
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../events/index.js';
import { RedisEventBus } from '../events/redis-bus.js';
import type { RefreshSource } from './due-source.js';
import { ManualScheduler } from './manual-scheduler.js';
import { Refresher } from './refresher.js';

const logger = pino({ level: 'silent' });
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('refresher wake-up over Redis', () => {
  const channel = `gk-test-${Math.random().toString(36).slice(2)}`;
  const busA: EventBus = new RedisEventBus({ logger, redisUrl: REDIS_URL, channel });
  const busB: EventBus = new RedisEventBus({ logger, redisUrl: REDIS_URL, channel });
  const scheduler = new ManualScheduler();
  const refreshed: string[] = [];
  let dueAt: number | null = null;
  const source: RefreshSource = {
    due: (now) => Promise.resolve(dueAt !== null && dueAt <= now.getTime() ? [{ connectionId: 'x', provider: 'p' }] : []),
    nextDueAfter: (after) => Promise.resolve(dueAt !== null && dueAt > after.getTime() ? new Date(dueAt) : null),
    refresh: ({ connectionId }) => {
      refreshed.push(connectionId);
      dueAt = null;
      return Promise.resolve({ outcome: 'refreshed' as const });
    },
    defer: () => Promise.resolve(),
    release: () => Promise.resolve(),
    releaseAll: () => Promise.resolve(),
  };
  const b = new Refresher({ source, bus: busB, logger, intervalMs: 15_000, clock: scheduler, scheduler, random: () => 0.5 });

  afterAll(async () => {
    await b.stop();
    await Promise.all([busA.close(), busB.close()]);
  });

  it('instance B wakes at the due time instance A announced', async () => {
    await Promise.all([busA.ready(), busB.ready()]);
    const t0 = scheduler.now().getTime();
    b.start();
    while (scheduler.fireNext(t0 + 2_000)) await b.settled();
    expect(b.nextWakeAt! - t0).toBeGreaterThan(10_000);

    // B's handler was registered first, so it has run when this one sees the event.
    const arrived = new Promise<void>((resolve) => {
      const off = busB.on('refresher/due', () => {
        off();
        resolve();
      });
    });
    dueAt = t0 + 5_000;
    await busA.publish('refresher/due', { dueAt: new Date(dueAt) });
    await arrived;
    expect(b.nextWakeAt).toBe(t0 + 5_000);
    while (scheduler.fireNext(t0 + 6_000)) await b.settled();
    expect(refreshed).toEqual(['x']);
  });
});
