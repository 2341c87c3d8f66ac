/**
 * The one module that knows the read caches of the API: their names (as carried by
 * `cache/invalidate` events) and how their keys are made. A service that changes cached data
 * publishes the invalidation; every instance's cache of that name drops the key.
 *
 * | cache           | key                               | invalidated by (event key)    |
 * |-----------------|-----------------------------------|-------------------------------|
 * | `authorization` | {@link authorizationKey}          | the same key                  |
 * | `connection`    | {@link connectionKey}             | the same key                  |
 * | `apiKey`        | SHA-256 of the raw key            | the API key's id              |
 * | `session`       | SHA-256 of the session token      | the session's id              |
 * | `workspace`     | the slug                          | the slug                      |
 * | `clientCredentialsToken` | the connection id        | the same key                  |
 *
 * The GraphQL response cache holds answers built from `authorization` views: it drops the
 * answers of a workspace when one of its authorization keys is invalidated. The access tokens
 * the proxy adds (services/outbound-credentials.ts) are an `authorization` cache as well: every
 * change of an authorization drops them with its view. The shared tokens of
 * OAUTH2_CLIENT_CREDENTIALS connections (services/client-credentials-tokens.ts) are cached in
 * front of their row as `clientCredentialsToken`, dropped when a new token is stored or removed.
 */
import type { EventBus, Unsubscribe } from '../events/index.js';

export type CacheName = 'authorization' | 'connection' | 'apiKey' | 'session' | 'workspace' | 'clientCredentialsToken';

/** Key of the `authorization` cache: one connection's authorization view. */
export function authorizationKey(workspaceId: string, connectionCode: string): string {
  return `${workspaceId}:${connectionCode}`;
}

/**
 * Key of the `connection` cache: one connection's row as the proxy uses it (with its decrypted
 * BASIC / API_KEY credentials). Invalidated by every update or deletion of the connection.
 */
export function connectionKey(workspaceId: string, connectionCode: string): string {
  return `${workspaceId}:${connectionCode}`;
}

/** The workspace id of a key made by {@link authorizationKey}. */
export function workspaceOfAuthorizationKey(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

/** Drop `key` (every key when null) from the cache `name` in every instance, this one included. */
export function publishInvalidation(bus: EventBus, cache: CacheName, key: string | null): Promise<void> {
  return bus.publish('cache/invalidate', { cache, key });
}

/** Calls `drop` for each invalidation of the cache `name` (from this instance or another). */
export function onInvalidation(bus: EventBus, cache: CacheName, drop: (key: string | null) => void): Unsubscribe {
  return bus.on('cache/invalidate', (event) => {
    if (event.cache === cache) drop(event.key);
  });
}
