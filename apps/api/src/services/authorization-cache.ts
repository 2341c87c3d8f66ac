import type { EventBus, Unsubscribe } from '../events/index.js';
import type { AuthorizationView } from './authorization-view.js';

export interface AuthorizationCacheOptions {
  bus: EventBus;
  /** Safety net when an invalidation is lost (e.g. Redis down). Default 60 s. */
  ttlMs?: number;
  /** Entries kept at most (oldest dropped first). Default 10 000. */
  maxEntries?: number;
}

interface Entry {
  view: AuthorizationView;
  expiresAt: number;
}

/**
 * Read cache of `authorization(connectionCode)` views, so other apps can poll it without a
 * database round trip per request. Every change invalidates the key in every instance through
 * the event bus (`cache/invalidate`, cache `authorization`); a per-key generation makes sure a
 * load that raced with an invalidation is not stored.
 */
export class AuthorizationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  private readonly loading = new Map<string, Promise<AuthorizationView>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly bus: EventBus;
  private readonly unsubscribe: Unsubscribe;

  constructor(options: AuthorizationCacheOptions) {
    this.bus = options.bus;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.unsubscribe = this.bus.on('cache/invalidate', (event) => {
      if (event.cache !== 'authorization') return;
      if (event.key === null) this.clear();
      else this.drop(event.key);
    });
  }

  static key(workspaceId: string, connectionCode: string): string {
    return `${workspaceId}:${connectionCode}`;
  }

  /** The workspace id of a key made by {@link AuthorizationCache.key}. */
  static workspaceOf(key: string): string {
    return key.slice(0, key.indexOf(':'));
  }

  /** The cached view, or `load()` (shared by concurrent readers) stored unless invalidated meanwhile. */
  get(key: string, load: () => Promise<AuthorizationView>): Promise<AuthorizationView> {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expiresAt > Date.now()) return Promise.resolve(entry.view);
    const pending = this.loading.get(key);
    if (pending !== undefined) return pending;
    const generation = this.generations.get(key) ?? 0;
    const promise = load()
      .then((view) => {
        if ((this.generations.get(key) ?? 0) === generation) this.set(key, view);
        return view;
      })
      .finally(() => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
      });
    this.loading.set(key, promise);
    return promise;
  }

  /** Store a view this instance just wrote (after invalidating the key everywhere). */
  set(key: string, view: AuthorizationView): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { view, expiresAt: Date.now() + this.ttlMs });
  }

  /** Drop the key here and in every other instance, then (optionally) store the new view here. */
  async invalidate(key: string, view?: AuthorizationView): Promise<void> {
    await this.bus.publish('cache/invalidate', { cache: 'authorization', key });
    // The local delivery above already dropped the key; the new view is now the truth here.
    if (view !== undefined) this.set(key, view);
  }

  private drop(key: string): void {
    this.entries.delete(key);
    this.loading.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  private clear(): void {
    for (const key of [...this.entries.keys(), ...this.loading.keys()]) this.drop(key);
  }

  close(): void {
    this.unsubscribe();
    this.entries.clear();
    this.loading.clear();
  }
}
