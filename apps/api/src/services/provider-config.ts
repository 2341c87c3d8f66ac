import { getProviderTemplate, type ProviderConfig, type TokenVault } from '@grantkeeper/oauth-core';
import { defaultTokenEndpointAuthMethod } from '@grantkeeper/schema';
import type { Connection } from '../persistence/entities/index.js';
import { ServiceError } from './errors.js';

/** Vault field of a connection's client secret (AAD `{ workspaceId, connectionId, field }`). */
export const CLIENT_SECRET_FIELD = 'client_secret';

/** The engine's provider configuration of a connection, with the client secret decrypted in memory. */
export function providerConfigOf(connection: Connection, vault: TokenVault): ProviderConfig {
  if (!connection.authorizationEndpoint || !connection.tokenEndpoint || !connection.clientId) {
    throw new ServiceError(
      'BAD_USER_INPUT',
      `Connection ${connection.code} has no complete OAuth2 settings (endpoints and client id).`,
    );
  }
  const template = connection.templateId ? getProviderTemplate(connection.templateId) : undefined;
  return {
    issuer: connection.issuer ?? undefined,
    authorizationEndpoint: connection.authorizationEndpoint,
    tokenEndpoint: connection.tokenEndpoint,
    revocationEndpoint: connection.revocationEndpoint ?? undefined,
    clientId: connection.clientId,
    clientSecret: connection.clientSecretEnvelope
      ? vault.decrypt(connection.clientSecretEnvelope, {
          workspaceId: connection.workspaceId,
          connectionId: connection.id,
          field: CLIENT_SECRET_FIELD,
        })
      : undefined,
    tokenEndpointAuthMethod: connection.tokenEndpointAuthMethod ?? defaultTokenEndpointAuthMethod,
    scopes: connection.scopes ?? [],
    extraAuthorizationParams: connection.extraAuthorizationParams ?? undefined,
    issParameterSupported: connection.issParameterSupported ?? undefined,
    quirks: template?.quirks,
  };
}
