import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventBusContract } from '../testing/event-bus-contract.js';
import { RedisEventBus } from './redis-bus.js';

const logger = pino({ level: 'silent' });
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Two instances on one channel: every case crosses Redis (an instance ignores its own echo).
eventBusContract('redis', () => {
  const channel = `gk-test-bus-${Math.random().toString(36).slice(2)}`;
  return [new RedisEventBus({ logger, redisUrl: REDIS_URL, channel }), new RedisEventBus({ logger, redisUrl: REDIS_URL, channel })];
});

describe('the Redis bus on the wire', () => {
  const buses: RedisEventBus[] = [];
  const raw: Redis[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    for (const connection of raw.splice(0)) connection.disconnect();
  });

  async function pair() {
    const channel = `gk-test-bus-${Math.random().toString(36).slice(2)}`;
    const [a, b] = [
      new RedisEventBus({ logger, redisUrl: REDIS_URL, channel }),
      new RedisEventBus({ logger, redisUrl: REDIS_URL, channel }),
    ];
    buses.push(a, b);
    const listener = new Redis(REDIS_URL);
    raw.push(listener);
    const messages: string[] = [];
    listener.on('message', (_channel: string, message: string) => messages.push(message));
    await Promise.all([a.ready(), b.ready(), listener.subscribe(channel)]);
    return { a, b, channel, messages };
  }

  it('sends the events of one turn as few messages, in order, each delivered once on either side', async () => {
    const { a, b, messages } = await pair();
    const seenA: Array<string | null> = [];
    const seenB: Array<string | null> = [];
    a.on('cache/invalidate', (event) => seenA.push(event.key));
    b.on('cache/invalidate', (event) => seenB.push(event.key));
    const keys = Array.from({ length: 600 }, (_, i) => `w:CODE${i}`);
    // As a group commit publishes: every event in one turn, the sends awaited together.
    await Promise.all(keys.map((key) => a.publish('cache/invalidate', { cache: 'authorization', key })));
    await vi.waitFor(() => expect(seenB).toHaveLength(600));
    expect(seenB).toEqual(keys);
    expect(seenA).toEqual(keys); // delivered here once, its echo from Redis dropped
    await vi.waitFor(() => expect(messages).toHaveLength(3)); // 256 + 256 + 88, not 600
    expect(messages.map((message) => (JSON.parse(message) as { b: unknown[] }).b.length)).toEqual([256, 256, 88]);

    // A lone event keeps the one-event shape, which instances of earlier versions read too.
    await a.publish('cache/invalidate', { cache: 'authorization', key: 'w:ALONE' });
    await vi.waitFor(() => expect(seenB.at(-1)).toBe('w:ALONE'));
    expect(JSON.parse(messages.at(-1)!)).toMatchObject({ t: 'cache/invalidate', p: { key: 'w:ALONE' } });
  });

  it('reads both shapes from another instance, dates revived, and drops malformed messages and entries', async () => {
    const { b, channel } = await pair();
    const seen: Array<{ topic: string; at?: unknown }> = [];
    b.on('refresher/due', (event) => seen.push({ topic: 'refresher/due', at: event.dueAt }));
    b.on('cache/invalidate', () => seen.push({ topic: 'cache/invalidate' }));
    const publisher = new Redis(REDIS_URL);
    raw.push(publisher);
    const dueAt = new Date('2026-12-03T08:00:00.000Z');
    await publisher.publish(channel, 'not json');
    await publisher.publish(channel, JSON.stringify({ o: 'other', b: [7, null, [1, 'x']] }));
    await publisher.publish(channel, JSON.stringify({ o: 'earlier-version', t: 'refresher/due', p: { dueAt } }));
    await publisher.publish(
      channel,
      JSON.stringify({
        o: 'other',
        b: [
          ['cache/invalidate', { cache: 'authorization', key: 'w:X' }],
          ['refresher/due', { dueAt }],
        ],
      }),
    );
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen).toEqual([{ topic: 'refresher/due', at: dueAt }, { topic: 'cache/invalidate' }, { topic: 'refresher/due', at: dueAt }]);
  });
});
