/**
 * The credentials the proxy adds to a request, per authentication type (OUTBOUND.md):
 * - OAUTH2_AUTHORIZATION_CODE: `Authorization: Bearer <access token>`, refreshed first when it
 *   expires within 60 s (through the authorization service: the same single flight as the
 *   refresher and refreshToken);
 * - OAUTH2_CLIENT_CREDENTIALS: a bearer token from the client_credentials grant (cached);
 * - BASIC: `Authorization: Basic base64(username:password)`;
 * - API_KEY: the configured header, or the configured query parameter;
 * - NONE: nothing.
 */
import { isOAuthCoreError, type AuthorizationStatePort, type TokenSet, type TokenVault } from '@grantkeeper/oauth-core';
import { authorizationKey, ReadCache } from '../cache/index.js';
import type { EventBus } from '../events/index.js';
import type { Connection } from '../persistence/entities/index.js';
import type { AuthorizationService } from './authorization-service.js';
import { openCredentials } from './connection-credentials.js';
import { ServiceError } from './errors.js';
import type { RequestScope } from './types.js';

/** A token expiring within this long is refreshed before it is used. */
export const USE_REFRESH_MARGIN_MS = 60_000;

export interface OutboundCredential {
  headers: Record<string, string>;
  /** API_KEY by query parameter: set on the upstream URL (replacing any value the caller sent). */
  query: { name: string; value: string } | null;
  /** OAuth2 types: a 401 from the upstream is worth one refresh and one more attempt. */
  retryOn401: boolean;
}

/** What the OAUTH2_CLIENT_CREDENTIALS type needs: a cached token per connection. */
export interface ClientCredentialsSource {
  token(connection: Connection, options: { force: boolean }): Promise<TokenSet>;
}

export interface CredentialsDeps {
  vault: TokenVault;
  state: AuthorizationStatePort;
  authorizations: AuthorizationService;
  clientCredentials?: ClientCredentialsSource | undefined;
  now?: () => number;
  /** The stored access tokens are cached per authorization, dropped by its every change. */
  bus: EventBus;
  /** The token cache's safety net when an invalidation is lost (default 60 s). */
  cacheTtlMs?: number | undefined;
}

const NO_CREDENTIAL: OutboundCredential = Object.freeze({ headers: Object.freeze({}), query: null, retryOn401: false });

const bearer = (token: string): OutboundCredential => ({
  headers: { authorization: `Bearer ${token}` },
  query: null,
  retryOn401: true,
});

export class OutboundCredentials {
  /** BASIC / API_KEY credentials decrypted once per loaded row (a changed row is a new object). */
  readonly #static = new WeakMap<Connection, OutboundCredential>();
  /** The bearer credential of a token set: one object per set (the proxy builds its mask once per credential). */
  readonly #bearers = new WeakMap<TokenSet, OutboundCredential>();
  /** The stored tokens of OAUTH2_AUTHORIZATION_CODE connections, an `authorization` cache. */
  readonly #tokens: ReadCache<TokenSet>;

  constructor(private readonly deps: CredentialsDeps) {
    this.#tokens = new ReadCache({
      name: 'authorization',
      bus: deps.bus,
      max: 10_000,
      ttlMs: deps.cacheTtlMs ?? 60_000,
      ...(deps.now ? { now: deps.now } : {}),
    });
  }

  close(): void {
    this.#tokens.close();
  }

  /**
   * The credential when it needs no I/O (NONE, BASIC, API_KEY: decrypted once per row), without
   * a promise; undefined for the OAuth2 types: then {@link resolve}.
   */
  resolveStatic(connection: Connection): OutboundCredential | undefined {
    const type = connection.authenticationType;
    if (type === 'NONE') return NO_CREDENTIAL;
    if (type !== 'BASIC' && type !== 'API_KEY') return undefined;
    let credential = this.#static.get(connection);
    if (credential === undefined) this.#static.set(connection, (credential = this.stored(connection)));
    return credential;
  }

  /** @param force after a 401: get a new token even if the stored one looks valid. */
  async resolve(scope: RequestScope, connection: Connection, force = false): Promise<OutboundCredential> {
    switch (connection.authenticationType) {
      case 'NONE':
      case 'BASIC':
      case 'API_KEY':
        return this.resolveStatic(connection) as OutboundCredential;
      case 'OAUTH2_AUTHORIZATION_CODE':
      case 'OAUTH2_CLIENT_CREDENTIALS':
        return this.bearerOf(await this.accessToken(scope, connection, force));
    }
  }

  private bearerOf(tokens: TokenSet): OutboundCredential {
    let credential = this.#bearers.get(tokens);
    if (credential === undefined) this.#bearers.set(tokens, (credential = bearer(tokens.accessToken)));
    return credential;
  }

  /**
   * A usable access token of an OAuth2 connection (refreshed or fetched when due); for
   * `accessToken` and the proxy. BAD_USER_INPUT for the other types.
   */
  async accessToken(scope: RequestScope, connection: Connection, force = false): Promise<TokenSet> {
    if (connection.authenticationType === 'OAUTH2_AUTHORIZATION_CODE') {
      return this.authorizationCodeToken(scope, connection, force);
    }
    if (connection.authenticationType === 'OAUTH2_CLIENT_CREDENTIALS') {
      if (!this.deps.clientCredentials) {
        throw new ServiceError('BAD_USER_INPUT', 'OAUTH2_CLIENT_CREDENTIALS tokens are not available yet.');
      }
      return this.deps.clientCredentials.token(connection, { force });
    }
    throw new ServiceError(
      'BAD_USER_INPUT',
      `Connection ${connection.code} uses ${connection.authenticationType}; access tokens exist only for the OAUTH2_* types.`,
    );
  }

  private stored(connection: Connection): OutboundCredential {
    const credentials = openCredentials(this.deps.vault, connection);
    if (connection.authenticationType === 'BASIC') {
      if (!credentials?.username || !credentials.password) {
        throw new ServiceError('BAD_USER_INPUT', `Connection ${connection.code} has no BASIC credentials; set them first.`);
      }
      const basic = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
      return { headers: { authorization: `Basic ${basic}` }, query: null, retryOn401: false };
    }
    if (!credentials?.apiKey) {
      throw new ServiceError('BAD_USER_INPUT', `Connection ${connection.code} has no API key; set it first.`);
    }
    if (credentials.apiKeyHeader) {
      return { headers: { [credentials.apiKeyHeader.toLowerCase()]: credentials.apiKey }, query: null, retryOn401: false };
    }
    return { headers: {}, query: { name: credentials.apiKeyQueryParam ?? 'api_key', value: credentials.apiKey }, retryOn401: false };
  }

  /** The stored access token, refreshed first when due (or forced after a 401). */
  private async authorizationCodeToken(scope: RequestScope, connection: Connection, force: boolean): Promise<TokenSet> {
    const tokens = await this.storedTokens(connection);
    const now = (this.deps.now ?? Date.now)();
    const expiresAt = tokens.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
    if (!force && expiresAt - now > USE_REFRESH_MARGIN_MS) return tokens;
    try {
      await this.deps.authorizations.refresh(scope, connection.code, connection);
    } catch (error) {
      // A failed refresh of a token that is still valid does not fail the request.
      if (force || expiresAt <= now) throw error;
      return tokens;
    }
    // Read, not cached: a refresh joined here may resolve before its invalidation is published.
    const fresh = await this.readTokens(connection);
    this.#tokens.set(authorizationKey(connection.workspaceId, connection.code), fresh);
    return fresh;
  }

  private storedTokens(connection: Connection): Promise<TokenSet> {
    const key = authorizationKey(connection.workspaceId, connection.code);
    return this.#tokens.load(key, () => this.readTokens(connection));
  }

  private async readTokens(connection: Connection): Promise<TokenSet> {
    let state;
    try {
      state = await this.deps.state.read(connection.id);
    } catch (error) {
      if (isOAuthCoreError(error) && error.code === 'NOT_AUTHORIZED') state = null;
      else throw error;
    }
    if (state?.status === 'REAUTHORIZATION_REQUIRED') {
      throw new ServiceError(
        'REAUTHORIZATION_REQUIRED',
        `The provider rejected the refresh token of connection ${connection.code}; authorize it again.`,
      );
    }
    if (!state || state.status !== 'AUTHORIZED' || !state.tokens?.accessToken) {
      throw new ServiceError('NOT_AUTHORIZED', `Connection ${connection.code} is not authorized. Use Start Authorization first.`);
    }
    return state.tokens;
  }
}
