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

/**
 * One Redis message: a single event (`t`, `p`), or the events one instance published in one turn
 * (`b`: topic and payload pairs, in order). Both shapes are read; a lone event is still sent in
 * the first, which instances of earlier versions read too.
 */
interface WireMessage {
  /** Instance that published it: it already delivered locally and ignores its own echo. */
  o: string;
  t?: string;
  p?: unknown;
  b?: Array<[string, unknown]>;
}

/**
 * Events bundled into one Redis message at most. A group commit of the refresher publishes two
 * events per refreshed authorization (its cache invalidation and its new state): one PUBLISH per
 * event cost both instances together about 16 µs an event, a bundle a fraction of that.
 */
const MAX_BUNDLE = 256;

export interface RedisEventBusOptions {
  redisUrl: string;
  logger: Logger;
  /** One Redis channel carries every topic. Default `grantkeeper:events`. */
  channel?: string;
}

/**
 * Cross-instance bus over Redis pub/sub with two connections (a subscribed connection cannot
 * publish). An event is delivered locally at once and published to Redis for the others when the
 * turn ends, together with the other events published in it (one message instead of one each).
 */
export class RedisEventBus implements EventBus {
  private readonly local = new InProcessEventBus();
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly logger: Logger;
  private readonly subscribed: Promise<void>;
  /** How this instance's own messages begin (`{"o":"<instanceId>"`): their echo is dropped unparsed. */
  private readonly ownPrefix: string;
  /** Events published this turn, sent together when it ends. */
  private outbox: Array<[string, unknown]> = [];
  private sending: Promise<void> | null = null;

  constructor(options: RedisEventBusOptions) {
    this.channel = options.channel ?? 'grantkeeper:events';
    this.logger = options.logger;
    this.ownPrefix = JSON.stringify({ o: this.instanceId }).slice(0, -1);
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
    if (message.startsWith(this.ownPrefix)) return;
    let parsed: WireMessage;
    try {
      parsed = JSON.parse(message, reviveDates) as WireMessage;
    } catch {
      this.logger.warn('redis event bus: dropped a malformed message');
      return;
    }
    const events = Array.isArray(parsed.b) ? parsed.b : [[parsed.t, parsed.p]];
    for (const event of events) {
      if (Array.isArray(event) && typeof event[0] === 'string') this.local.deliver(event[0] as Topic, event[1] as TopicMap[Topic]);
    }
  }

  /**
   * Delivered here at once; sent to the other instances when this turn ends, with the other
   * events published in it (in order, {@link MAX_BUNDLE} to a message). Never rejects: a failed
   * send is logged, and the others' caches fall back on their TTL.
   */
  publish<T extends Topic>(topic: T, payload: TopicMap[T]): Promise<void> {
    this.local.deliver(topic, payload);
    this.outbox.push([topic, payload]);
    this.sending ??= Promise.resolve().then(() => this.send());
    return this.sending;
  }

  private async send(): Promise<void> {
    const events = this.outbox;
    this.outbox = [];
    this.sending = null;
    const bundles: Array<Array<[string, unknown]>> = [];
    for (let i = 0; i < events.length; i += MAX_BUNDLE) bundles.push(events.slice(i, i + MAX_BUNDLE));
    // One connection: ioredis sends the bundles in this order, and Redis relays them in it.
    await Promise.all(
      bundles.map(async (bundle) => {
        const [[topic, payload]] = bundle as [[string, unknown]];
        const wire: WireMessage = bundle.length === 1 ? { o: this.instanceId, t: topic, p: payload } : { o: this.instanceId, b: bundle };
        try {
          await this.pub.publish(this.channel, JSON.stringify(wire));
        } catch (error) {
          const topics = [...new Set(bundle.map(([name]) => name))];
          this.logger.warn({ topics, events: bundle.length, err: error }, 'redis publish failed');
        }
      }),
    );
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
