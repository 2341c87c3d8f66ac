/**
 * Client contexts reused across operations. Building one (validating the provider
 * configuration, an openid-client `Configuration`, its client authentication and quirks fetch)
 * costs more than the rest of a refresh's own work, and the same provider settings are used
 * over and over. A context is held by one operation at a time, so its
 * {@link TokenEndpointObservation} stays that operation's own even when many run at once on the
 * same settings; when the operation ends the context goes back for the next one.
 *
 * Contexts are keyed by the whole provider configuration (every field, the client secret
 * included, in memory only): changed settings are a different key and never meet a context
 * built for the old ones, which ages out. Bounded: {@link MAX_POOLED_PROVIDERS} settings (least
 * recently used dropped first), {@link MAX_IDLE_PER_PROVIDER} idle contexts each.
 */
import type { HttpFetch } from '../ports.js';
import type { ProviderConfig } from '../types.js';
import { createClientContext, type ClientContext } from './config.js';

export const MAX_POOLED_PROVIDERS = 256;
export const MAX_IDLE_PER_PROVIDER = 64;

/** The idle contexts of each provider configuration, least recently used first. */
type Pool = Map<string, ClientContext[]>;

/** One pool per injected fetch (a context calls the fetch it was built with). */
const pools = new WeakMap<HttpFetch, Pool>();
const defaultFetchPool: Pool = new Map();

function keyOf(provider: ProviderConfig): string {
  return JSON.stringify(provider);
}

function take(pool: Pool, key: string): ClientContext | undefined {
  const idle = pool.get(key);
  if (idle === undefined) return undefined;
  // Most recently used last: re-insert.
  pool.delete(key);
  pool.set(key, idle);
  const context = idle.pop();
  if (context !== undefined) {
    context.observation.status = undefined;
    context.observation.retryAfter = null;
  }
  return context;
}

function give(pool: Pool, key: string, context: ClientContext): void {
  let idle = pool.get(key);
  if (idle === undefined) {
    idle = [];
    pool.set(key, idle);
    if (pool.size > MAX_POOLED_PROVIDERS) pool.delete(pool.keys().next().value as string);
  }
  if (idle.length < MAX_IDLE_PER_PROVIDER) idle.push(context);
}

/**
 * Run `operation` with a client context of `provider` held for it alone: an idle one built
 * earlier for exactly these settings and this fetch, or a new one (validating the settings:
 * throws `ConfigurationError` like {@link createClientContext}).
 */
export async function withClientContext<T>(
  provider: ProviderConfig,
  fetchImpl: HttpFetch | undefined,
  operation: (context: ClientContext) => Promise<T>,
): Promise<T> {
  let pool = fetchImpl === undefined ? defaultFetchPool : pools.get(fetchImpl);
  if (pool === undefined) {
    pool = new Map();
    pools.set(fetchImpl!, pool);
  }
  const key = keyOf(provider);
  const context = take(pool, key) ?? createClientContext(provider, fetchImpl);
  try {
    return await operation(context);
  } finally {
    give(pool, key, context);
  }
}
