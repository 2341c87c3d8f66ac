import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { authenticationTypes, type AuthenticationType, type TokenEndpointAuthMethod } from '@grantkeeper/schema';
import { ID_LENGTH, newId } from './columns.js';

export { authenticationTypes, type AuthenticationType };

/** oauth-core's spelling (RFC 7591 `token_endpoint_auth_method` values). */
/** The decrypted content of `credentialsEnvelope`. */
export interface StoredCredentials {
  username?: string | undefined;
  password?: string | undefined;
  apiKey?: string | undefined;
  apiKeyHeader?: string | undefined;
  apiKeyQueryParam?: string | undefined;
  /** ISO time the password or API key was last set (absent for credentials stored before it was kept). */
  secretChangedAt?: string | undefined;
}

export type StoredTokenEndpointAuthMethod = TokenEndpointAuthMethod;

/**
 * A REST API connection and, for the OAUTH2_* types, its OAuth2 settings as columns.
 * The client secret is a vault envelope bound to `{ workspaceId, connectionId: id,
 * field: 'client_secret' }`; the `oauth2*` columns are null for the other types.
 */
@Entity({ tableName: 'connections' })
@Unique({ properties: ['workspaceId', 'code'] })
@Index({ properties: ['workspaceId', 'createdAt'] })
export class Connection {
  [OptionalProps]?:
    | 'id'
    | 'baseUrl'
    | 'createdAt'
    | 'updatedAt'
    | 'issuer'
    | 'authorizationEndpoint'
    | 'tokenEndpoint'
    | 'revocationEndpoint'
    | 'clientId'
    | 'clientSecretEnvelope'
    | 'scopes'
    | 'tokenEndpointAuthMethod'
    | 'extraAuthorizationParams'
    | 'templateId'
    | 'templateParameters'
    | 'issParameterSupported'
    | 'credentialsEnvelope'
    | 'allowTokenAccess';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newId();

  @Property({ type: 'string', length: ID_LENGTH })
  workspaceId!: string;

  /** Upper-case `[A-Z0-9_-]{1,50}`, unique within the workspace. */
  @Property({ type: 'string', length: 50 })
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 2048, nullable: true })
  baseUrl: string | null = null;

  @Property({ type: 'string', length: 40 })
  authenticationType!: AuthenticationType;

  // --- OAuth2 settings (null unless an OAUTH2_* type) ---

  /** Set when the endpoints came from discovery; used for the RFC 9207 `iss` check. */
  @Property({ type: 'string', length: 2048, nullable: true })
  issuer: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  authorizationEndpoint: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  tokenEndpoint: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  revocationEndpoint: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  clientId: string | null = null;

  /** Vault envelope (field `client_secret`); never returned by the API. */
  @Property({ type: 'text', nullable: true })
  clientSecretEnvelope: string | null = null;

  @Property({ type: 'json', nullable: true })
  scopes: string[] | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  tokenEndpointAuthMethod: StoredTokenEndpointAuthMethod | null = null;

  @Property({ type: 'json', nullable: true })
  extraAuthorizationParams: Record<string, string> | null = null;

  /** The provider template the settings came from, if any. */
  @Property({ type: 'string', length: 100, nullable: true })
  templateId: string | null = null;

  /** The values of the template's parameters (e.g. `tenant`), so the settings can be edited again. */
  @Property({ type: 'json', nullable: true })
  templateParameters: Record<string, string> | null = null;

  /** RFC 9207 `authorization_response_iss_parameter_supported` from discovery, when known. */
  @Property({ type: 'boolean', nullable: true })
  issParameterSupported: boolean | null = null;

  // --- outbound calls ---

  /**
   * BASIC / API_KEY credentials as one vault envelope (field `credentials`) of their JSON
   * ({@link StoredCredentials}); never returned by the API, shown only as CredentialsInfo.
   */
  @Property({ type: 'text', nullable: true })
  credentialsEnvelope: string | null = null;

  /** May API keys with connectionAccess TOKEN read this connection's access token? */
  @Property({ type: 'boolean', default: false })
  allowTokenAccess: boolean = false;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
