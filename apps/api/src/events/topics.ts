/**
 * The typed topic map of the event bus: publish and subscribe agree on payloads at compile time.
 *
 * - `workspace/<workspaceId>/authorization`: an authorization changed (authorized, refreshed,
 *   refresh failed, revoked, connection deleted); carries the new public view.
 * - `cache/invalidate`: drop entries of a named read cache in every instance.
 */
import type { AuthorizationView } from '../services/authorization-view.js';

export interface AuthorizationChangedEvent {
  workspaceId: string;
  connectionCode: string;
  authorization: AuthorizationView;
}

/** `key: null` drops every entry of that cache. */
export interface CacheInvalidationEvent {
  cache: 'authorization' | 'apiKey' | 'session' | (string & {});
  key: string | null;
}

export type AuthorizationTopic = `workspace/${string}/authorization`;

export interface TopicMap {
  [topic: AuthorizationTopic]: AuthorizationChangedEvent;
  'cache/invalidate': CacheInvalidationEvent;
}

export type Topic = keyof TopicMap & string;

export function authorizationTopic(workspaceId: string): AuthorizationTopic {
  return `workspace/${workspaceId}/authorization`;
}
