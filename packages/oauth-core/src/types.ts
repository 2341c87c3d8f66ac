/**
 * Domain types of the OAuth2 Authorization Code (PKCE) lifecycle.
 *
 * Wire types keep the spec's spelling (`expires_in`); these domain types are camelCase and
 * already normalised (see `quirks`), so nothing downstream ever re-parses a token response.
 */

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1 */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** Known deviations of a provider from RFC 6749, normalised in one place (the quirks layer). */
export interface ProviderQuirks {
  /** Separator the provider expects between scopes in the authorization request (RFC: space). */
  scopeSeparator?: ' ' | ',';
  /** The provider may answer a token request with HTTP 200 and an `error` member in the body. */
  errorInSuccessBody?: boolean;
  /** The provider never returns a new refresh token on refresh (the previous one stays valid). */
  keepsRefreshToken?: boolean;
  /** The provider rotates refresh tokens on every use (a reused one fails). */
  rotatesRefreshToken?: boolean;
  /** Parameters the provider needs on the authorization request to issue a refresh token. */
  offlineAccessParams?: Readonly<Record<string, string>>;
  /** Free-text notes for operators (shown beside a template). */
  notes?: readonly string[];
}

/** Everything the engine needs to talk to one provider for one connection. */
export interface ProviderConfig {
  /** Issuer identifier, when known (discovered, or configured). Used for the RFC 9207 `iss` check. */
  issuer?: string | undefined;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string | undefined;
  clientId: string;
  /** Plaintext, only in memory; stored encrypted by the caller through the vault. */
  clientSecret?: string | undefined;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  scopes: readonly string[];
  /** Extra query parameters for the authorization request (e.g. `access_type=offline`). */
  extraAuthorizationParams?: Readonly<Record<string, string>> | undefined;
  /**
   * RFC 9207 `authorization_response_iss_parameter_supported` from metadata: when true, an
   * authorization response without `iss` is rejected.
   */
  issParameterSupported?: boolean | undefined;
  quirks?: ProviderQuirks | undefined;
}

/** A normalised token set, plaintext, only ever held in memory. */
export interface TokenSet {
  accessToken: string;
  /** Lower-case (`bearer`), whatever case the provider used. */
  tokenType: string;
  /** When the access token expires; null when the provider gave no `expires_in`. */
  expiresAt: Date | null;
  refreshToken: string | null;
  /** From `refresh_token_expires_in` (or a template's known policy); null when unknown. */
  refreshTokenExpiresAt: Date | null;
  /** Granted scopes (`scope` of the response; the requested ones when the response omits it). */
  scopes: string[];
  idToken: string | null;
  /** When this token set was obtained. */
  obtainedAt: Date;
}

/** Identifies one authorization: the AAD of every value encrypted for it. */
export interface AuthorizationKey {
  workspaceId: string;
  connectionId: string;
}

/** Status of an authorization (mirrors the GraphQL enum). */
export type AuthorizationStatus = 'AUTHORIZED' | 'NOT_AUTHORIZED' | 'REAUTHORIZATION_REQUIRED';
