/**
 * The typed topic map of the event bus: publish and subscribe agree on payloads at compile time.
 *
 * - `workspace/<workspaceId>/authorization`: an authorization changed (authorized, refreshed,
 *   refresh failed, revoked, connection deleted); carries the new public view.
 * - `cache/invalidate`: drop entries of a named read cache in every instance.
 * - `refresher/due`: an authorization's next refresh (or retry) is due at `dueAt`; a refresher
 *   sleeping past that time wakes earlier (in this instance and, with Redis, in the others).
 * - `webhooks/pending`: webhook deliveries were committed; the dispatchers run a pass.
 */
import type { AuthorizationView } from '../views/authorization-view.js';

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

export interface RefreshDueEvent {
  dueAt: Date;
}

export interface WebhooksPendingEvent {
  count: number;
}

export type AuthorizationTopic = `workspace/${string}/authorization`;

export interface TopicMap {
  [topic: AuthorizationTopic]: AuthorizationChangedEvent;
  'cache/invalidate': CacheInvalidationEvent;
  'refresher/due': RefreshDueEvent;
  'webhooks/pending': WebhooksPendingEvent;
}

export type Topic = keyof TopicMap & string;

export function authorizationTopic(workspaceId: string): AuthorizationTopic {
  return `workspace/${workspaceId}/authorization`;
}
