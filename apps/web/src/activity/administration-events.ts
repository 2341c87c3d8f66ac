import { apiKeyAuditEventTypes, userAuditEventTypes } from '@grantkeeper/schema';
import type { AuditEventType } from '../gql/graphql';

/** What the Activity page shows: every administration event the admin may read, or one kind. */
export type AdministrationScope = 'ALL' | 'API_KEYS' | 'USERS';

/**
 * The event types of a scope. 'ALL' asks for the user events too: the API leaves them out for an
 * admin limited to some workspaces, as it does for every reader who may not see the users.
 */
export function administrationEventTypes(scope: AdministrationScope): AuditEventType[] {
  if (scope === 'API_KEYS') return [...apiKeyAuditEventTypes];
  if (scope === 'USERS') return [...userAuditEventTypes];
  return [...apiKeyAuditEventTypes, ...userAuditEventTypes];
}
