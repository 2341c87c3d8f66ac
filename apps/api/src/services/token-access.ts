/**
 * Token access (contract v2 `accessToken`): the current access token of an OAuth2 connection,
 * for an API key with connectionAccess TOKEN covering it (checked by the caller), on a
 * connection whose admin set allowTokenAccess. Refreshed (or fetched) first when due, and
 * audited as TOKEN_ISSUED with the key's name. The only place a token leaves Grantkeeper.
 */
import { Connection } from '../persistence/entities/index.js';
import type { AuditService } from './audit-service.js';
import { notFound, ServiceError } from './errors.js';
import type { OutboundCredentials } from './outbound-credentials.js';
import type { RequestScope } from './types.js';

export interface AccessTokenView {
  accessToken: string;
  tokenType: string;
  expiresAt: Date | null;
  scopes: string[];
}

export async function issueAccessToken(
  deps: { credentials: OutboundCredentials; audit: AuditService },
  scope: RequestScope,
  code: string,
): Promise<AccessTokenView> {
  const connection = code.length <= 50 ? await scope.em.findOne(Connection, { workspaceId: scope.workspaceId, code }) : null;
  if (!connection) throw notFound(`No connection with code ${code} in this workspace.`);
  if (!connection.allowTokenAccess) {
    throw new ServiceError('FORBIDDEN', `Connection ${code} does not allow token access (allowTokenAccess is false); use the proxy.`);
  }
  const tokens = await deps.credentials.accessToken(scope, connection);
  const expiry = tokens.expiresAt ? `; it expires at ${tokens.expiresAt.toISOString()}` : '';
  await deps.audit.record(scope.em, {
    workspaceId: connection.workspaceId,
    connectionId: connection.id,
    connectionCode: connection.code,
    type: 'TOKEN_ISSUED',
    actor: scope.actor,
    message: `Access token issued to ${scope.actor.name ?? 'an API key'}${expiry}.`,
  });
  return {
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokens.tokenType,
    expiresAt: tokens.expiresAt,
    scopes: [...tokens.scopes],
  };
}
