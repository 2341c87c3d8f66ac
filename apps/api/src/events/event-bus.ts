import type { Topic, TopicMap } from './topics.js';

/** A handle that stops a `subscribe` callback. */
export type Unsubscribe = () => void;

/**
 * Publish/subscribe across every API instance: in-process by default, Redis pub/sub when
 * REDIS_URL is set. Delivery is at-most-once and unordered across instances.
 */
export interface EventBus {
  publish<T extends Topic>(topic: T, payload: TopicMap[T]): Promise<void>;
  /** Calls `handler` for each event on `topic` (in this instance and, with Redis, in others). */
  on<T extends Topic>(topic: T, handler: (payload: TopicMap[T]) => void): Unsubscribe;
  /** Async iterator over the events of `topic` (for GraphQL subscriptions); `return()` unsubscribes. */
  subscribe<T extends Topic>(topic: T, filter?: (payload: TopicMap[T]) => boolean): AsyncIterableIterator<TopicMap[T]>;
  /**
   * Resolves once at least `count` `subscribe` iterators are open on this instance: a GraphQL
   * subscription is in place (what a test waits for before it causes an event).
   */
  whenSubscriptions(count: number): Promise<void>;
  /** The `subscribe` iterators open on this instance now. */
  subscriptionCount(): number;
  /** Resolves once the bus can deliver events from other instances (Redis subscription active). */
  ready(): Promise<void>;
  /** For /readyz: null when events can cross instances now, else why not. */
  unavailable(): Promise<string | null>;
  close(): Promise<void>;
}
