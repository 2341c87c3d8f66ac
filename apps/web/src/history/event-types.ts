import type { AuditEventType } from '../gql/graphql';

export const auditEventLabels: Record<AuditEventType, string> = {
  CONNECTION_CREATED: 'Connection created',
  CONNECTION_UPDATED: 'Connection updated',
  CONNECTION_DELETED: 'Connection deleted',
  AUTHORIZATION_STARTED: 'Authorization started',
  AUTHORIZED: 'Authorized',
  AUTHORIZATION_FAILED: 'Authorization failed',
  TOKEN_TESTED: 'Token tested',
  TOKEN_REFRESHED: 'Token refreshed',
  TOKEN_REFRESH_FAILED: 'Token refresh failed',
  AUTHORIZATION_REVOKED: 'Authorization revoked',
  TOKEN_ISSUED: 'Access token issued',
};

/** Newest first, whatever order the server used. */
export function newestFirst<T extends { at: string }>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** Who did it: the user or API key; a null actor on a refresh event is the automatic refresher. */
export function actorOf(event: { actor?: string | null; type: AuditEventType }): string {
  if (event.actor) return event.actor;
  return event.type === 'TOKEN_REFRESHED' || event.type === 'TOKEN_REFRESH_FAILED' ? 'Automatic refresher' : '—';
}
