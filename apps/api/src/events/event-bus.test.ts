import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { eventBusContract } from '../testing/event-bus-contract.js';
import { createEventBus, InProcessEventBus } from './index.js';
import { RedisEventBus } from './redis-bus.js';

const logger = pino({ level: 'silent' });

eventBusContract('in-process', () => {
  const bus = new InProcessEventBus();
  return [bus, bus];
});

describe('createEventBus', () => {
  it('is in-process without a Redis URL and crosses Redis with one', async () => {
    expect(await createEventBus({ logger })).toBeInstanceOf(InProcessEventBus);
    const redis = await createEventBus({ logger, redisUrl: 'redis://127.0.0.1:1' });
    expect(redis).toBeInstanceOf(RedisEventBus);
    await redis.close();
  });
});

describe('redis event bus without Redis', () => {
  it('fails ready() with a clear error instead of hanging, and closes', async () => {
    const bus = new RedisEventBus({ redisUrl: 'redis://127.0.0.1:1', logger });
    await expect(bus.ready(300)).rejects.toThrow(/Redis did not answer/);
    await bus.close();
  });
});
