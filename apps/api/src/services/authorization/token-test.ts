/** Test Token: is a usable access token available now (refreshing first, as an integration would)? */
import { isOAuthCoreError, ProviderError, testTokenUsability, type TokenSet } from '@grantkeeper/oauth-core';
import type { Connection } from '../../persistence/entities/index.js';
import type { RequestScope } from '../types.js';
import { connectionOf, formatUtc, type AuthorizationDomainDeps } from './deps.js';
import type { AuthorizationOutcomes } from './outcomes.js';
import { TEST_TOKEN_SKEW_SECONDS } from './policy.js';
import type { AuthorizationRefreshes } from './refresh.js';
import { refreshFailureMessage } from '../refresh-failure-message.js';

export interface TokenTestResultView {
  valid: boolean;
  expiresAt: Date | null;
  message: string;
}

export class TokenTester {
  constructor(
    private readonly deps: AuthorizationDomainDeps,
    private readonly outcomes: AuthorizationOutcomes,
    private readonly refreshes: AuthorizationRefreshes,
  ) {}

  /**
   * Valid when a usable access token is available; refreshes first when the stored one is not.
   * OAUTH2_CLIENT_CREDENTIALS: fetches a new token with the client_credentials grant (which
   * then serves the proxy and `accessToken`).
   */
  async test(scope: RequestScope, code: string): Promise<TokenTestResultView> {
    const connection = await connectionOf(scope, code, ['OAUTH2_AUTHORIZATION_CODE', 'OAUTH2_CLIENT_CREDENTIALS']);
    const result =
      connection.authenticationType === 'OAUTH2_CLIENT_CREDENTIALS'
        ? await this.clientCredentials(connection)
        : await this.authorizationCode(scope, connection);
    const message = `Token test: ${result.valid ? 'valid' : 'not valid'}. ${result.message}`;
    await this.outcomes.audit(scope.em, connection, scope.actor, 'TOKEN_TESTED', message, undefined, undefined, {
      outcome: result.valid ? 'SUCCESS' : 'FAILURE',
    });
    return result;
  }

  private async clientCredentials(connection: Connection): Promise<TokenTestResultView> {
    if (!this.deps.clientCredentials) {
      return { valid: false, expiresAt: null, message: 'Client credentials tokens are not available on this server.' };
    }
    try {
      const tokens = await this.deps.clientCredentials.token(connection, { force: true });
      const until = tokens.expiresAt ? `it expires at ${formatUtc(tokens.expiresAt)}` : 'the provider gave no expiry';
      return {
        valid: true,
        expiresAt: tokens.expiresAt,
        message: `The token endpoint issued a token with the client_credentials grant; ${until}. The proxy uses it until 60 s before then.`,
      };
    } catch (error) {
      const status = error instanceof ProviderError && error.status !== undefined ? ` (HTTP ${error.status})` : '';
      const why = isOAuthCoreError(error) ? ` ${error.message}` : '';
      return {
        valid: false,
        expiresAt: null,
        message: `The token endpoint refused the client_credentials grant or could not be reached${status}.${why} Check the client ID, secret, scopes and token endpoint.`,
      };
    }
  }

  private async authorizationCode(scope: RequestScope, connection: Connection): Promise<TokenTestResultView> {
    const state = await this.deps.state.read(connection.id);
    let result: TokenTestResultView;
    if (state.status === 'REAUTHORIZATION_REQUIRED') {
      const why = state.statusReason ? ` (${state.statusReason})` : '';
      result = {
        valid: false,
        expiresAt: state.tokens?.expiresAt ?? null,
        message: `The provider rejected the refresh token${why}. Use Start Authorization to authorize this connection again.`,
      };
    } else {
      result = await this.usability(scope, connection, state.tokens, state.status === 'AUTHORIZED');
    }
    return result;
  }

  private async usability(
    scope: RequestScope,
    connection: Connection,
    tokens: TokenSet | null,
    authorized: boolean,
  ): Promise<TokenTestResultView> {
    const judge = (set: TokenSet | null) => testTokenUsability(set, { now: this.deps.clock.now(), skewSeconds: TEST_TOKEN_SKEW_SECONDS });
    let usability = judge(tokens);
    let prefix = '';
    if (!usability.usable && usability.refreshable && authorized) {
      try {
        await this.refreshes.refresh(scope, connection.code, connection);
        usability = judge((await this.deps.state.read(connection.id)).tokens);
        prefix = 'The token was due and has been refreshed. ';
      } catch (error) {
        usability = { ...usability, message: refreshFailureMessage(error) };
      }
    }
    return { valid: usability.usable, expiresAt: usability.expiresAt, message: prefix + usability.message };
  }
}
