/** Public types of the test identity provider. */

/** Token endpoint client authentication methods the test IdP accepts (RFC 6749 §2.3, RFC 7591 §2). */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** A client registered at start or at run time. */
export interface TestClient {
  clientId: string;
  /** Required unless `tokenEndpointAuthMethod` is `'none'`. */
  clientSecret?: string;
  redirectUris: string[];
  /** Default: `'client_secret_basic'` when a secret is given, `'none'` otherwise. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** Extra API scopes this client may request (e.g. `api.read`); they are added to the IdP's known scopes. */
  scopes?: string[];
  /** Shown on the consent page. Default: the client id. */
  name?: string;
}

/** A user who can log in. */
export interface TestAccount {
  id: string;
  password: string;
  name?: string;
  email?: string;
}

/** `auto`: login + consent without pages; `ui`: HTML pages; `deny`: the flow ends with `access_denied`. */
export type InteractionMode = 'auto' | 'ui' | 'deny';

/**
 * Deviations from RFC 6749 §5.1/§5.2 applied to real token endpoint responses, so a client's
 * normalisation layer can be tested over HTTP. `{}` means a conforming server.
 */
export interface TokenQuirks {
  /** `token_type` as `BEARER`, `bearer` or `BeArEr`. */
  tokenTypeCase?: 'upper' | 'lower' | 'mixed';
  /** `expires_in` as a string (`"3600"`) or left out. */
  expiresInAs?: 'string' | 'missing';
  /** Refresh responses carry no `refresh_token`, and the old refresh token is NOT rotated (stays valid). */
  omitRefreshTokenOnRefresh?: boolean;
  /** Adds `refresh_token_expires_in` (seconds) to responses carrying a refresh token. */
  refreshTokenExpiresIn?: number;
  /** Refresh answered with HTTP 200 and `{ error: <value>, error_description }`; the refresh token is not used. */
  errorIn200OnRefresh?: string;
  /** Refresh answered with this status (+ `Retry-After`) and `{ error: 'temporarily_unavailable' }`; the refresh token is not used. */
  failRefreshWith?: { status: number; retryAfterSeconds?: number };
  /**
   * Refresh grants wait until this settles before they are answered (the test decides when the
   * provider answers, e.g. once every concurrent caller has asked).
   */
  holdRefresh?: Promise<unknown>;
}

/** What the IdP counted since start or the last `resetCounters()`. */
export interface TestIdpCounters {
  /** Successful and failed token endpoint calls by `grant_type` (quirk-short-circuited refreshes included). */
  tokenRequests: Record<string, number>;
  /** Token endpoint errors by OAuth error code (RFC 6749 §5.2), e.g. `invalid_grant`. */
  errors: Record<string, number>;
  /** Successful token endpoint calls by `grant_type`. */
  tokenSuccesses: Record<string, number>;
  /** Presentations of an already rotated refresh token (each revoked the whole grant). */
  refreshTokenReuse: number;
  /** Successful RFC 7009 revocation requests. */
  revocations: number;
  /** Successful RFC 7662 introspection requests. */
  introspections: number;
  /** Grants revoked (by reuse detection or by revocation of a refresh token). */
  grantsRevoked: number;
}

export interface StartTestIdpOptions {
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** Default `0` (any free port). */
  port?: number;
  /** Default `'auto'`. */
  interaction?: InteractionMode;
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default 14 days. */
  refreshTokenTtlSeconds?: number;
  clients?: TestClient[];
  /** Default: one account, `alice` / `wonderland`. */
  accounts?: TestAccount[];
  /** Default: silent. Never receives tokens, secrets or cookies. */
  logger?: (line: string) => void;
}

export interface AuthorizeOptions {
  /** Account to log in as (auto mode). Default: the first account. */
  accountId?: string;
}

/** A running test IdP. */
export interface TestIdp {
  /** E.g. `http://127.0.0.1:45123` (no trailing slash). */
  readonly issuer: string;
  /** Absolute URL of a path on this IdP, e.g. `url('/token')`. */
  url(path: string): string;
  addClient(client: TestClient): void;
  setInteraction(mode: InteractionMode): void;
  /** Applies to tokens issued afterwards. */
  setAccessTokenTtl(seconds: number): void;
  /** Applies to refresh tokens issued afterwards. */
  setRefreshTokenTtl(seconds: number): void;
  /** Replaces the quirks; `{}` resets. */
  setQuirks(quirks: TokenQuirks): void;
  /**
   * Follows an authorization request through login and consent (auto/deny mode, no browser)
   * and resolves with the final redirect to the client's redirect_uri (code, state, iss, or error).
   * The redirect_uri itself is never requested.
   */
  authorize(authorizationUrl: string, opts?: AuthorizeOptions): Promise<URL>;
  counters(): TestIdpCounters;
  resetCounters(): void;
  close(): Promise<void>;
}
