/**
 * The client credentials grant (RFC 6749 §4.4): a token for the client itself, no user and no
 * refresh token. Failures are classified like the other token endpoint calls (`classify.ts`);
 * the answer goes through the same quirks layer (lower-case `token_type`, numeric `expires_in`).
 * Caching is the caller's: this always asks the token endpoint.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
import { clientCredentialsGrant } from 'openid-client';
import { systemClock, type Clock, type HttpFetch } from '../ports.js';
import type { ProviderConfig, TokenSet } from '../types.js';
import { classifyTokenEndpointError } from './classify.js';
import { withClientContext } from './client-pool.js';
import { normaliseTokenResponse } from './quirks.js';

export interface ClientCredentialsArgs {
  provider: ProviderConfig;
  clock?: Clock | undefined;
  fetch?: HttpFetch | undefined;
}

export async function requestClientCredentialsToken(args: ClientCredentialsArgs): Promise<TokenSet> {
  const { provider } = args;
  const clock = args.clock ?? systemClock;
  const separator = provider.quirks?.scopeSeparator ?? ' ';
  const parameters: Record<string, string> = provider.scopes.length > 0 ? { scope: provider.scopes.join(separator) } : {};
  const response = await withClientContext(provider, args.fetch, async ({ configuration, observation }) => {
    try {
      return await clientCredentialsGrant(configuration, parameters);
    } catch (error) {
      throw classifyTokenEndpointError(error, 'client_credentials', observation, clock.now());
    }
  });
  const tokens = normaliseTokenResponse(response, {
    obtainedAt: clock.now(),
    requestedScopes: provider.scopes,
    previousRefreshToken: null,
    previousRefreshTokenExpiresAt: null,
    scopeSeparator: provider.quirks?.scopeSeparator,
  });
  // RFC 6749 §4.4.3: no refresh token should be issued; none is kept.
  return { ...tokens, refreshToken: null, refreshTokenExpiresAt: null };
}
