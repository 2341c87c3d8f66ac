import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { eventBusContract } from '../testing/event-bus-contract.js';
import { createEventBus, RedisEventBus } from './index.js';

const logger = pino({ level: 'silent' });

eventBusContract('in-process', () => {
  const bus = createEventBus({ logger });
  return [bus, bus];
});

describe('redis event bus without Redis', () => {
  it('fails ready() with a clear error instead of hanging, and closes', async () => {
    const bus = new RedisEventBus({ redisUrl: 'redis://127.0.0.1:1', logger });
    await expect(bus.ready(300)).rejects.toThrow(/Redis did not answer/);
    await bus.close();
  });
});
