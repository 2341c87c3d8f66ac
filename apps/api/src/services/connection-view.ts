import { defaultTokenEndpointAuthMethod, isOAuth2AuthenticationType } from '@grantkeeper/schema';
import type { AuthenticationType, Connection, StoredTokenEndpointAuthMethod } from '../persistence/entities/index.js';
import type { CredentialsInfoView } from './connection-credentials.js';

/** The public shape of a connection's OAuth2 settings: the client secret only as a flag. */
export interface OAuth2SettingsView {
  issuer: string | null;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string | null;
  clientId: string;
  clientSecretSet: boolean;
  scopes: string[];
  tokenEndpointAuthMethod: StoredTokenEndpointAuthMethod;
  redirectUri: string;
  extraAuthorizationParams: { key: string; value: string }[];
  templateId: string | null;
  templateParameters: { key: string; value: string }[];
}

export interface ConnectionView {
  id: string;
  workspaceId: string;
  code: string;
  name: string;
  baseUrl: string | null;
  authenticationType: AuthenticationType;
  oauth2: OAuth2SettingsView | null;
  /** Null unless BASIC or API_KEY. */
  credentials: CredentialsInfoView | null;
  allowTokenAccess: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function isOAuth2Type(type: AuthenticationType): boolean {
  return isOAuth2AuthenticationType(type);
}

/**
 * The one mapper from the Connection row to its public view (never a secret). `credentials` is
 * what may be shown of the decrypted BASIC / API_KEY credentials.
 */
export function toConnectionView(row: Connection, redirectUri: string, credentials: CredentialsInfoView | null = null): ConnectionView {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    code: row.code,
    name: row.name,
    baseUrl: row.baseUrl,
    authenticationType: row.authenticationType,
    oauth2: isOAuth2Type(row.authenticationType)
      ? {
          issuer: row.issuer,
          authorizationEndpoint: row.authorizationEndpoint ?? '',
          tokenEndpoint: row.tokenEndpoint ?? '',
          revocationEndpoint: row.revocationEndpoint,
          clientId: row.clientId ?? '',
          clientSecretSet: row.clientSecretEnvelope !== null,
          scopes: row.scopes ?? [],
          tokenEndpointAuthMethod: row.tokenEndpointAuthMethod ?? defaultTokenEndpointAuthMethod,
          redirectUri,
          extraAuthorizationParams: Object.entries(row.extraAuthorizationParams ?? {}).map(([key, value]) => ({ key, value })),
          templateId: row.templateId,
          templateParameters: Object.entries(row.templateParameters ?? {}).map(([key, value]) => ({ key, value })),
        }
      : null,
    credentials,
    allowTokenAccess: row.allowTokenAccess,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
