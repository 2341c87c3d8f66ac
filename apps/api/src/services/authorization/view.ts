import type { Authorization } from '../../persistence/entities/index.js';
import { notAuthorizedView, type AuthorizationView } from '../../views/authorization-view.js';

/** The public view of a stored row (the one mapper from entity to view); never a token. */
export function toAuthorizationView(code: string, row: Authorization | null): AuthorizationView {
  if (!row) return notAuthorizedView(code);
  return {
    connectionCode: code,
    status: row.status,
    tokenExpiresAt: row.status === 'NOT_AUTHORIZED' ? null : row.tokenExpiresAt,
    lastAuthorizedAt: row.lastAuthorizedAt,
    authorizedBy: row.authorizedBy,
    lastRefreshedAt: row.lastRefreshedAt,
    refreshTokenExpiresAt: row.status === 'NOT_AUTHORIZED' ? null : row.refreshTokenExpiresAt,
    grantedScopes: row.status === 'NOT_AUTHORIZED' ? [] : [...(row.grantedScopes ?? [])],
    statusReason: row.statusReason,
    nextRefreshAt: refreshDueAt(row),
    refreshScheduledAt: row.status === 'AUTHORIZED' ? row.nextRefreshAt : null,
    hasAccessToken: row.status !== 'NOT_AUTHORIZED' && row.accessTokenEnvelope !== null,
    consecutiveRefreshFailures: row.status === 'NOT_AUTHORIZED' ? 0 : row.refreshFailures,
  };
}

/**
 * When a refresher may next take the row: its next refresh, or its retry when that is later
 * (after a failure); null when it is not scheduled.
 */
export function refreshDueAt(row: Pick<Authorization, 'status' | 'nextRefreshAt' | 'nextRetryAt'>): Date | null {
  if (row.status !== 'AUTHORIZED' || row.nextRefreshAt === null) return null;
  if (row.nextRetryAt !== null && row.nextRetryAt > row.nextRefreshAt) return row.nextRetryAt;
  return row.nextRefreshAt;
}
