import type { AuthorizationStatus } from '@grantkeeper/oauth-core';

/**
 * The public state of one authorization (the seed's "Key Fields"): what the GraphQL
 * `Authorization` type shows, what the read cache holds and what events carry.
 * It never holds a token. This module imports nothing from `services` or `events`, so both
 * can import it without a cycle.
 */
export interface AuthorizationView {
  connectionCode: string;
  status: AuthorizationStatus;
  tokenExpiresAt: Date | null;
  lastAuthorizedAt: Date | null;
  authorizedBy: string | null;
  lastRefreshedAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  grantedScopes: string[];
  statusReason: string | null;
  /** When the refresher will next try: the scheduled refresh, or the retry after a failure. */
  nextRefreshAt: Date | null;
  /** The scheduled refresh alone (expiry minus the margin): from then on the token is expiring. */
  refreshScheduledAt: Date | null;
  hasAccessToken: boolean;
  consecutiveRefreshFailures: number;
}

/** The view of a connection that has never been authorized. */
export function notAuthorizedView(connectionCode: string): AuthorizationView {
  return {
    connectionCode,
    status: 'NOT_AUTHORIZED',
    tokenExpiresAt: null,
    lastAuthorizedAt: null,
    authorizedBy: null,
    lastRefreshedAt: null,
    refreshTokenExpiresAt: null,
    grantedScopes: [],
    statusReason: null,
    nextRefreshAt: null,
    refreshScheduledAt: null,
    hasAccessToken: false,
    consecutiveRefreshFailures: 0,
  };
}
