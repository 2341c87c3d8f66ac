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
import type { Connection } from '../persistence/entities/index.js';
import { openCredentials } from '../services/connection-credentials.js';
import type { AuthorizationService, RequestScope } from '../services/index.js';
import { ProxyError } from './proxy-errors.js';

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
}

const bearer = (token: string): OutboundCredential => ({
  headers: { authorization: `Bearer ${token}` },
  query: null,
  retryOn401: true,
});

export class ProxyCredentials {
  constructor(private readonly deps: CredentialsDeps) {}

  /** @param force after a 401: get a new token even if the stored one looks valid. */
  async resolve(scope: RequestScope, connection: Connection, force = false): Promise<OutboundCredential> {
    switch (connection.authenticationType) {
      case 'NONE':
        return { headers: {}, query: null, retryOn401: false };
      case 'BASIC':
      case 'API_KEY':
        return this.stored(connection);
      case 'OAUTH2_AUTHORIZATION_CODE':
        return bearer(await this.authorizationCodeToken(scope, connection, force));
      case 'OAUTH2_CLIENT_CREDENTIALS': {
        if (!this.deps.clientCredentials) {
          throw new ProxyError('BAD_USER_INPUT', 'OAUTH2_CLIENT_CREDENTIALS connections cannot be proxied yet.');
        }
        return bearer((await this.deps.clientCredentials.token(connection, { force })).accessToken);
      }
    }
  }

  private stored(connection: Connection): OutboundCredential {
    const credentials = openCredentials(this.deps.vault, connection);
    if (connection.authenticationType === 'BASIC') {
      if (!credentials?.username || !credentials.password) {
        throw new ProxyError('BAD_USER_INPUT', `Connection ${connection.code} has no BASIC credentials; set them first.`);
      }
      const basic = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
      return { headers: { authorization: `Basic ${basic}` }, query: null, retryOn401: false };
    }
    if (!credentials?.apiKey) {
      throw new ProxyError('BAD_USER_INPUT', `Connection ${connection.code} has no API key; set it first.`);
    }
    if (credentials.apiKeyHeader) {
      return { headers: { [credentials.apiKeyHeader.toLowerCase()]: credentials.apiKey }, query: null, retryOn401: false };
    }
    return { headers: {}, query: { name: credentials.apiKeyQueryParam ?? 'api_key', value: credentials.apiKey }, retryOn401: false };
  }

  /** The stored access token, refreshed first when due (or forced after a 401). */
  private async authorizationCodeToken(scope: RequestScope, connection: Connection, force: boolean): Promise<string> {
    const tokens = await this.storedTokens(connection);
    const now = (this.deps.now ?? Date.now)();
    const expiresAt = tokens.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
    if (!force && expiresAt - now > USE_REFRESH_MARGIN_MS) return tokens.accessToken;
    try {
      await this.deps.authorizations.refresh(scope, connection.code, connection);
    } catch (error) {
      // A failed refresh of a token that is still valid does not fail the request.
      if (force || expiresAt <= now) throw error;
      return tokens.accessToken;
    }
    return (await this.storedTokens(connection)).accessToken;
  }

  private async storedTokens(connection: Connection): Promise<TokenSet> {
    let state;
    try {
      state = await this.deps.state.read(connection.id);
    } catch (error) {
      if (isOAuthCoreError(error) && error.code === 'NOT_AUTHORIZED') state = null;
      else throw error;
    }
    if (state?.status === 'REAUTHORIZATION_REQUIRED') {
      throw new ProxyError(
        'REAUTHORIZATION_REQUIRED',
        `The provider rejected the refresh token of connection ${connection.code}; authorize it again.`,
      );
    }
    if (!state || state.status !== 'AUTHORIZED' || !state.tokens?.accessToken) {
      throw new ProxyError('NOT_AUTHORIZED', `Connection ${connection.code} is not authorized. Use Start Authorization first.`);
    }
    return state.tokens;
  }
}
