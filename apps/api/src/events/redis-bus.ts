import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventBus, Unsubscribe } from './event-bus.js';
import { InProcessEventBus } from './in-process-bus.js';
import type { Topic, TopicMap } from './topics.js';

/** ioredis states in which a socket exists (disconnect() then ends with an 'end' event). */
const OPEN_STATES = new Set(['connecting', 'connect', 'ready']);

/** ISO-8601 UTC timestamps as `Date#toJSON` writes them: revived to `Date` on receipt. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function reviveDates(_key: string, value: unknown): unknown {
  return typeof value === 'string' && ISO_DATE.test(value) ? new Date(value) : value;
}

interface WireMessage {
  /** Instance that published it: it already delivered locally and ignores its own echo. */
  o: string;
  t: string;
  p: unknown;
}

export interface RedisEventBusOptions {
  redisUrl: string;
  logger: Logger;
  /** One Redis channel carries every topic. Default `grantkeeper:events`. */
  channel?: string;
}

/**
 * Cross-instance bus over Redis pub/sub with two connections (a subscribed connection cannot
 * publish). An event is delivered locally at once and published to Redis for the others.
 */
export class RedisEventBus implements EventBus {
  private readonly local = new InProcessEventBus();
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly logger: Logger;
  private readonly subscribed: Promise<void>;

  constructor(options: RedisEventBusOptions) {
    this.channel = options.channel ?? 'grantkeeper:events';
    this.logger = options.logger;
    this.pub = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.sub = new Redis(options.redisUrl, { lazyConnect: false });
    for (const [name, connection] of [
      ['pub', this.pub],
      ['sub', this.sub],
    ] as const) {
      connection.on('error', (error: Error) => {
        this.logger.warn({ connection: name, err: error }, 'redis event bus error');
      });
    }
    this.sub.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.receive(message);
    });
    this.subscribed = this.sub.subscribe(this.channel).then(() => undefined);
    // Avoid an unhandled rejection before anyone awaits ready().
    this.subscribed.catch(() => undefined);
  }

  private receive(message: string): void {
    let parsed: WireMessage;
    try {
      parsed = JSON.parse(message, reviveDates) as WireMessage;
    } catch {
      this.logger.warn('redis event bus: dropped a malformed message');
      return;
    }
    if (parsed.o === this.instanceId) return;
    this.local.deliver(parsed.t as Topic, parsed.p as TopicMap[Topic]);
  }

  async publish<T extends Topic>(topic: T, payload: TopicMap[T]): Promise<void> {
    this.local.deliver(topic, payload);
    const wire: WireMessage = { o: this.instanceId, t: topic, p: payload };
    try {
      await this.pub.publish(this.channel, JSON.stringify(wire));
    } catch (error) {
      this.logger.warn({ topic, err: error }, 'redis publish failed');
    }
  }

  on<T extends Topic>(topic: T, handler: (payload: TopicMap[T]) => void): Unsubscribe {
    return this.local.on(topic, handler);
  }

  subscribe<T extends Topic>(topic: T, filter?: (payload: TopicMap[T]) => boolean): AsyncIterableIterator<TopicMap[T]> {
    return this.local.subscribe(topic, filter);
  }

  whenSubscriptions(count: number): Promise<void> {
    return this.local.whenSubscriptions(count);
  }

  subscriptionCount(): number {
    return this.local.subscriptionCount();
  }

  /** Resolves when the subscription is active; rejects after `timeoutMs` (Redis unreachable). */
  ready(timeoutMs = 10_000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${timeoutMs} ms (REDIS_URL); events cannot cross instances.`)),
        timeoutMs,
      );
    });
    return Promise.race([this.subscribed, timeout]).finally(() => clearTimeout(timer));
  }

  /** Both connections ready and a PING answered within `timeoutMs`. */
  async unavailable(timeoutMs = 2_000): Promise<string | null> {
    const down = 'Redis is not reachable (REDIS_URL): events cannot cross instances.';
    if (this.pub.status !== 'ready' || this.sub.status !== 'ready') return down;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const ping = this.pub.ping().then(
      () => true,
      () => false,
    );
    try {
      return (await Promise.race([ping, timeout])) ? null : down;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.local.close();
    // disconnect(), not quit(): quit would wait forever for an unreachable Redis. Resolves once
    // every open socket is gone, so a closed bus leaves no open handle behind (a connection
    // waiting to reconnect has no socket, and disconnect() only cancels its timer).
    const ended = (connection: Redis) =>
      OPEN_STATES.has(connection.status) ? new Promise<void>((resolve) => connection.once('end', () => resolve())) : undefined;
    const closed = Promise.all([ended(this.sub), ended(this.pub)]);
    this.sub.disconnect();
    this.pub.disconnect();
    await closed;
  }
}
