import type { Logger } from 'pino';
import type { EventBus } from './event-bus.js';
import { InProcessEventBus } from './in-process-bus.js';

export type { EventBus, Unsubscribe } from './event-bus.js';
export * from './topics.js';
export { InProcessEventBus } from './in-process-bus.js';

export interface CreateEventBusOptions {
  /** When set, events cross instances through Redis pub/sub. */
  redisUrl?: string | undefined;
  logger: Logger;
  /** Redis channel (tests isolate themselves with their own). */
  channel?: string;
}

/**
 * In-process by default; Redis pub/sub when `redisUrl` is set. The Redis client (ioredis) is
 * loaded only then: an instance without Redis does not pay for it at start.
 */
export async function createEventBus(options: CreateEventBusOptions): Promise<EventBus> {
  if (options.redisUrl) {
    const { RedisEventBus } = await import('./redis-bus.js');
    return new RedisEventBus({
      redisUrl: options.redisUrl,
      logger: options.logger,
      ...(options.channel ? { channel: options.channel } : {}),
    });
  }
  return new InProcessEventBus();
}
