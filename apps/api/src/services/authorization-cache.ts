import { ReadCache, authorizationKey } from '../cache/index.js';
import type { EventBus } from '../events/index.js';
import type { AuthorizationView } from './authorization-view.js';

export interface AuthorizationCacheOptions {
  bus: EventBus;
  /** Safety net when an invalidation is lost (e.g. Redis down). Default 60 s. */
  ttlMs?: number;
  /** Entries kept at most (least recently used dropped first). Default 10 000. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Read cache of `authorization(connectionCode)` views, so other apps can poll it without a
 * database round trip per request. Every change invalidates the key in every instance through
 * the event bus (`cache/invalidate`, cache `authorization`).
 */
export class AuthorizationCache {
  readonly #views: ReadCache<AuthorizationView>;

  constructor(options: AuthorizationCacheOptions) {
    this.#views = new ReadCache({
      name: 'authorization',
      bus: options.bus,
      max: options.maxEntries ?? 10_000,
      ttlMs: options.ttlMs ?? 60_000,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  static key(workspaceId: string, connectionCode: string): string {
    return authorizationKey(workspaceId, connectionCode);
  }

  /** The cached view, or `load()` (shared by concurrent readers) stored unless invalidated meanwhile. */
  get(key: string, load: () => Promise<AuthorizationView>): Promise<AuthorizationView> {
    return this.#views.load(key, load);
  }

  /** Drop the key here and in every other instance, then (optionally) store the new view here. */
  async invalidate(key: string, view?: AuthorizationView): Promise<void> {
    await this.#views.invalidate(key);
    // The local delivery above already dropped the key; the new view is now the truth here.
    if (view !== undefined) this.#views.set(key, view);
  }

  /**
   * After a background write (the refresher's): drop the key here and in every other instance,
   * then put `view` in place of the one cached here, if any. A view nobody has read lately is not
   * stored: a backlog of refreshes does not fill the cache (and the old generation) with views of
   * authorizations nobody reads.
   */
  async replace(key: string, view: AuthorizationView): Promise<void> {
    const cached = this.#views.has(key);
    await this.#views.invalidate(key);
    if (cached) this.#views.set(key, view);
  }

  close(): void {
    this.#views.close();
  }
}
