import { getProviderTemplate, type ProviderConfig, type TokenVault } from '@grantkeeper/oauth-core';
import { defaultTokenEndpointAuthMethod } from '@grantkeeper/schema';
import type { Connection, StoredTokenEndpointAuthMethod } from '../persistence/entities/index.js';
import { ServiceError } from './errors.js';

/** Vault field of a connection's client secret (AAD `{ workspaceId, connectionId, field }`). */
export const CLIENT_SECRET_FIELD = 'client_secret';

/** The engine's provider configuration of a connection, with the client secret decrypted in memory. */
export function providerConfigOf(connection: Connection, vault: TokenVault): ProviderConfig {
  if (!connection.authorizationEndpoint || !connection.tokenEndpoint || !connection.clientId) {
    throw new ServiceError('BAD_USER_INPUT', `Connection ${connection.code} has no complete OAuth2 settings (endpoints and client id).`);
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

/** Validated OAuth2 settings, ready for the row (the secret still plaintext, in memory only). */
export interface OAuth2Settings {
  issuer: string | null;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string | null;
  clientId: string;
  clientSecret: string | null | undefined;
  scopes: string[];
  tokenEndpointAuthMethod: StoredTokenEndpointAuthMethod;
  extraAuthorizationParams: Record<string, string> | null;
  templateId: string | null;
  templateParameters: Record<string, string> | null;
  issParameterSupported: boolean | null;
}

/** Writes validated OAuth2 settings onto the row (the client secret sealed by the vault). */
export function applyOAuth2Settings(row: Connection, settings: OAuth2Settings, vault: TokenVault): void {
  row.issuer = settings.issuer;
  row.authorizationEndpoint = settings.authorizationEndpoint;
  row.tokenEndpoint = settings.tokenEndpoint;
  row.revocationEndpoint = settings.revocationEndpoint;
  row.clientId = settings.clientId;
  row.scopes = settings.scopes;
  row.tokenEndpointAuthMethod = settings.tokenEndpointAuthMethod;
  row.extraAuthorizationParams = settings.extraAuthorizationParams;
  row.templateId = settings.templateId;
  row.templateParameters = settings.templateParameters;
  row.issParameterSupported = settings.issParameterSupported;
  if (settings.clientSecret === '') {
    row.clientSecretEnvelope = null;
  } else if (typeof settings.clientSecret === 'string') {
    row.clientSecretEnvelope = vault.encrypt(settings.clientSecret, {
      workspaceId: row.workspaceId,
      connectionId: row.id,
      field: CLIENT_SECRET_FIELD,
    });
  }
}
