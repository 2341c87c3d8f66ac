import type { EntityManager } from '@mikro-orm/core';

/** Who performs an action: recorded in audit events (`system` is the automatic refresher). */
export interface Actor {
  kind: 'user' | 'apiKey' | 'system';
  id: string | null;
  /** Display name or email of a user, name of an API key; null for the refresher. */
  name: string | null;
}

export const systemActor: Actor = Object.freeze({ kind: 'system', id: null, name: null });

/** What every workspace-scoped service call runs in: a forked entity manager, a workspace, an actor. */
export interface RequestScope {
  em: EntityManager;
  workspaceId: string;
  actor: Actor;
  /**
   * When the caller asked (the request's arrival): a manual refresh shares any refresh completed
   * since shortly before then, however long the server took to get to it. Default: when the
   * service starts on the call.
   */
  requestedAt?: Date | undefined;
}
