/**
 * Refresh an access token (RFC 6749 §6) and classify failures (see `classify.ts`). A response
 * without a new `refresh_token` keeps the current one (and its expiry); one without `scope` keeps
 * the current scopes (§6: the scope is unchanged when not requested).
 *
 * Not single-flight on its own: with rotating refresh tokens, two concurrent calls with the same
 * refresh token make strict providers revoke the grant. Go through `RefreshCoordinator`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
import { refreshTokenGrant } from 'openid-client';
import { AuthorizationStateError } from '../errors.js';
import { systemClock, type Clock, type HttpFetch } from '../ports.js';
import type { ProviderConfig, TokenSet } from '../types.js';
import { classifyTokenEndpointError } from './classify.js';
import { withClientContext } from './client-pool.js';
import { normaliseTokenResponse } from './quirks.js';

/** What a refresh grant reads of the current token set (a caller need not decrypt the rest). */
export type RefreshableTokens = Pick<TokenSet, 'refreshToken' | 'refreshTokenExpiresAt' | 'scopes'>;

export interface RefreshTokenSetArgs {
  provider: ProviderConfig;
  current: RefreshableTokens;
  clock?: Clock | undefined;
  fetch?: HttpFetch | undefined;
}

export async function refreshTokenSet(args: RefreshTokenSetArgs): Promise<TokenSet> {
  const { provider, current } = args;
  const clock = args.clock ?? systemClock;
  if (current.refreshToken === null || current.refreshToken === '') {
    throw new AuthorizationStateError('NOT_AUTHORIZED', 'No refresh token is stored for this authorization; authorize it again.');
  }
  const refreshToken = current.refreshToken;
  const response = await withClientContext(provider, args.fetch, async ({ configuration, observation }) => {
    try {
      return await refreshTokenGrant(configuration, refreshToken);
    } catch (error) {
      throw classifyTokenEndpointError(error, 'refresh_token', observation, clock.now());
    }
  });
  return normaliseTokenResponse(response, {
    obtainedAt: clock.now(),
    requestedScopes: current.scopes,
    previousRefreshToken: current.refreshToken,
    previousRefreshTokenExpiresAt: current.refreshTokenExpiresAt,
    scopeSeparator: provider.quirks?.scopeSeparator,
  });
}
