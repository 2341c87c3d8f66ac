import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { notAuthorizedView } from '../views/authorization-view.js';
import { createEventBus, authorizationTopic, type EventBus } from './index.js';

const logger = pino({ level: 'silent' });
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function event(workspaceId: string, code: string) {
  return {
    workspaceId,
    connectionCode: code,
    authorization: {
      ...notAuthorizedView(code),
      lastAuthorizedAt: new Date('2026-11-28T04:30:00.000Z'),
    },
  };
}

describe('redis event bus', () => {
  const make = () => {
    const channel = `gk-test-${Math.random().toString(36).slice(2)}`;
    return [
      createEventBus({ logger, redisUrl: REDIS_URL, channel }),
      createEventBus({ logger, redisUrl: REDIS_URL, channel }),
    ];
  };
  let buses: EventBus[] = [];
  afterEach(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    buses = [];
  });

  it('delivers a published event to a subscriber of the same topic only', async () => {
    buses = make();
    const [a] = buses as [EventBus];
    await a.ready();
    const mine = a.subscribe(authorizationTopic('w1'));
    const other = a.subscribe(authorizationTopic('w2'));
    await a.publish(authorizationTopic('w1'), event('w1', 'A'));
    await a.publish(authorizationTopic('w2'), event('w2', 'B'));
    const got = await mine.next();
    expect(got.value?.connectionCode).toBe('A');
    expect(got.value?.authorization.lastAuthorizedAt).toEqual(new Date('2026-11-28T04:30:00.000Z'));
    // Events arrive in order: had w1's event leaked to the w2 subscriber, it would come first.
    expect((await other.next()).value?.connectionCode).toBe('B');
    await mine.return?.();
    await other.return?.();
  });

  it('filters, and stops delivering after return()', async () => {
    buses = make();
    const [a] = buses as [EventBus];
    await a.ready();
    const onlyB = a.subscribe(authorizationTopic('w1'), (e) => e.connectionCode === 'B');
    await a.publish(authorizationTopic('w1'), event('w1', 'A'));
    await a.publish(authorizationTopic('w1'), event('w1', 'B'));
    expect((await onlyB.next()).value?.connectionCode).toBe('B');
    await onlyB.return?.();
    expect((await onlyB.next()).done).toBe(true);
  });
});

describe('redis event bus across instances', () => {
  let buses: EventBus[] = [];
  afterEach(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    buses = [];
  });

  it('carries events from one instance to another (dates revived)', async () => {
    const channel = `gk-test-${Math.random().toString(36).slice(2)}`;
    buses = [
      createEventBus({ logger, redisUrl: REDIS_URL, channel }),
      createEventBus({ logger, redisUrl: REDIS_URL, channel }),
    ];
    const [a, b] = buses as [EventBus, EventBus];
    await Promise.all([a.ready(), b.ready()]);
    const onB = b.subscribe(authorizationTopic('w9'));
    const invalidations: unknown[] = [];
    b.on('cache/invalidate', (e) => invalidations.push(e));
    await a.publish(authorizationTopic('w9'), event('w9', 'X'));
    await a.publish('cache/invalidate', { cache: 'authorization', key: 'w9:X' });
    const got = await onB.next();
    expect(got.value?.connectionCode).toBe('X');
    expect(got.value?.authorization.lastAuthorizedAt).toBeInstanceOf(Date);
    await expect.poll(() => invalidations.length).toBe(1);
    expect(invalidations[0]).toEqual({ cache: 'authorization', key: 'w9:X' });
    await onB.return?.();
  });
});
