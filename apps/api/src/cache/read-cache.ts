import { LRUCache } from 'lru-cache';
import type { EventBus, Unsubscribe } from '../events/index.js';
import { onInvalidation, publishInvalidation, type CacheName } from './keys.js';

export interface ReadCacheOptions<V> {
  /** The name its invalidation events carry (see keys.ts). */
  name: CacheName;
  bus: EventBus;
  /** Entries kept at most; the least recently used one leaves first. */
  max: number;
  /** An entry older than this is gone: the safety net when an invalidation is lost (Redis down). */
  ttlMs: number;
  /** The clock, in milliseconds (tests inject one). */
  now?: () => number;
  /**
   * The invalidation key of a value when it is not the cache key (an API key is looked up by
   * its hash and invalidated by its id).
   */
  invalidationKey?: (value: V) => string;
}

interface Flight<V> {
  promise: Promise<V | null>;
  dropped: boolean;
}

/**
 * A bounded (LRU) read cache with a TTL, invalidated through the event bus in every instance.
 * Concurrent loads of one key share one call; a load that raced with an invalidation of its
 * key is returned to its callers but not stored.
 */
export class ReadCache<V extends object> {
  readonly #entries: LRUCache<string, V>;
  readonly #loading = new Map<string, Flight<V>>();
  readonly #options: ReadCacheOptions<V>;
  readonly #unsubscribe: Unsubscribe;

  constructor(options: ReadCacheOptions<V>) {
    this.#options = options;
    const clock = options.now;
    this.#entries = new LRUCache<string, V>({
      max: options.max,
      ttl: options.ttlMs,
      ...(clock ? { perf: { now: clock }, ttlResolution: 0 } : {}),
    });
    this.#unsubscribe = onInvalidation(options.bus, options.name, (key) => this.#drop(key));
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Whether a live value is cached under `key` (its recency untouched). */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Store a value this instance just wrote (after invalidating its key everywhere). */
  set(key: string, value: V): void {
    this.#entries.set(key, value);
  }

  /** The cached value, else `load()` (shared by concurrent callers); `null` is not stored. */
  load(key: string, load: () => Promise<V>): Promise<V>;
  load(key: string, load: () => Promise<V | null>): Promise<V | null>;
  load(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const cached = this.#entries.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.#loading.get(key);
    if (pending !== undefined) return pending.promise;
    const flight: Flight<V> = { promise: load(), dropped: false };
    flight.promise = flight.promise
      .then((value) => {
        if (value !== null && !flight.dropped) this.#entries.set(key, value);
        return value;
      })
      .finally(() => {
        if (this.#loading.get(key) === flight) this.#loading.delete(key);
      });
    this.#loading.set(key, flight);
    return flight.promise;
  }

  /** Drop `key` (every entry when null) here and in every other instance. */
  invalidate(key: string | null): Promise<void> {
    return publishInvalidation(this.#options.bus, this.#options.name, key);
  }

  #drop(key: string | null): void {
    const byValue = this.#options.invalidationKey;
    // A load in flight cannot be matched by value yet: with an invalidation key, drop them all.
    for (const [loading, flight] of this.#loading) {
      if (key === null || byValue !== undefined || loading === key) {
        flight.dropped = true;
        this.#loading.delete(loading);
      }
    }
    if (key === null) {
      this.#entries.clear();
      return;
    }
    this.#entries.delete(key);
    if (byValue === undefined) return;
    const matching: string[] = [];
    for (const [cacheKey, value] of this.#entries.entries()) if (byValue(value) === key) matching.push(cacheKey);
    for (const cacheKey of matching) this.#entries.delete(cacheKey);
  }

  close(): void {
    this.#unsubscribe();
    this.#entries.clear();
    this.#loading.clear();
  }
}
