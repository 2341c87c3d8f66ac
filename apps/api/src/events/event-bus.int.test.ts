import { pino } from 'pino';
import { eventBusContract } from '../testing/event-bus-contract.js';
import { RedisEventBus } from './redis-bus.js';

const logger = pino({ level: 'silent' });
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Two instances on one channel: every case crosses Redis (an instance ignores its own echo).
eventBusContract('redis', () => {
  const channel = `gk-test-bus-${Math.random().toString(36).slice(2)}`;
  return [new RedisEventBus({ logger, redisUrl: REDIS_URL, channel }), new RedisEventBus({ logger, redisUrl: REDIS_URL, channel })];
});
