import { EventEmitter } from 'node:events';
import { createAsyncQueue } from './async-queue.js';
import type { EventBus, Unsubscribe } from './event-bus.js';
import type { Topic, TopicMap } from './topics.js';

/**
 * Local fan-out on an EventEmitter. Used alone in a single instance, and by the Redis bus to
 * deliver what arrives from Redis to this instance's subscribers.
 */
export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();
  private openSubscriptions = 0;
  private readonly subscriptionWaiters = new Set<{ count: number; resolve: () => void }>();

  constructor() {
    // Every GraphQL subscription adds a listener; the default warning at 10 is noise here.
    this.emitter.setMaxListeners(0);
  }

  /** Delivers to this instance's subscribers only. */
  deliver<T extends Topic>(topic: T, payload: TopicMap[T]): void {
    this.emitter.emit(topic, payload);
  }

  publish<T extends Topic>(topic: T, payload: TopicMap[T]): Promise<void> {
    this.deliver(topic, payload);
    return Promise.resolve();
  }

  on<T extends Topic>(topic: T, handler: (payload: TopicMap[T]) => void): Unsubscribe {
    const listener = (payload: TopicMap[T]): void => {
      handler(payload);
    };
    this.emitter.on(topic, listener);
    return () => {
      this.emitter.off(topic, listener);
    };
  }

  subscribe<T extends Topic>(topic: T, filter?: (payload: TopicMap[T]) => boolean): AsyncIterableIterator<TopicMap[T]> {
    return createAsyncQueue<TopicMap[T]>((push) => {
      const off = this.on(topic, (payload) => {
        if (!filter || filter(payload)) push(payload);
      });
      this.countSubscriptions(+1);
      return () => {
        off();
        this.countSubscriptions(-1);
      };
    });
  }

  private countSubscriptions(delta: number): void {
    this.openSubscriptions += delta;
    for (const waiter of this.subscriptionWaiters) {
      if (this.openSubscriptions >= waiter.count) {
        this.subscriptionWaiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  subscriptionCount(): number {
    return this.openSubscriptions;
  }

  whenSubscriptions(count: number): Promise<void> {
    if (this.openSubscriptions >= count) return Promise.resolve();
    return new Promise((resolve) => this.subscriptionWaiters.add({ count, resolve }));
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  unavailable(): Promise<string | null> {
    return Promise.resolve(null);
  }

  close(): Promise<void> {
    this.emitter.removeAllListeners();
    return Promise.resolve();
  }
}
