import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { notAuthorizedView } from '../views/authorization-view.js';
import { createEventBus, authorizationTopic, RedisEventBus, type EventBus } from './index.js';

const logger = pino({ level: 'silent' });

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

describe('in-process event bus', () => {
  const make = () => [createEventBus({ logger })];
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

describe('redis event bus without Redis', () => {
  it('fails ready() with a clear error instead of hanging, and closes', async () => {
    const bus = new RedisEventBus({ redisUrl: 'redis://127.0.0.1:1', logger });
    await expect(bus.ready(300)).rejects.toThrow(/Redis did not answer/);
    await bus.close();
  });
});
