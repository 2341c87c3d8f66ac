/**
 * Revoke a token set at the provider (RFC 7009): the refresh token first (which, per §2.1,
 * also invalidates the access tokens of the same grant at most providers), then the access
 * token. Best effort: every outcome is reported, nothing is thrown — the caller clears its local
 * tokens regardless.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
import { tokenRevocation } from 'openid-client';
import { OAuthCoreError } from '../errors.js';
import { systemClock, type HttpFetch } from '../ports.js';
import type { ProviderConfig, TokenSet } from '../types.js';
import { classifyTokenEndpointError } from './classify.js';
import { createClientContext } from './config.js';
import type { TokenEndpointObservation } from './quirks.js';

export type RevocationTokenTypeHint = 'refresh_token' | 'access_token';

export interface RevocationResult {
  tokenTypeHint: RevocationTokenTypeHint;
  ok: boolean;
  /** Why the revocation failed (provider error code, HTTP status or network failure). */
  error?: string;
}

export interface RevokeTokenSetResult {
  /** False when the provider has no revocation endpoint (nothing was sent). */
  attempted: boolean;
  results: RevocationResult[];
}

export interface RevokeTokenSetArgs {
  provider: ProviderConfig;
  tokens: TokenSet;
  fetch?: HttpFetch | undefined;
}

function describe(error: unknown): string {
  if (error instanceof OAuthCoreError) return error.message;
  return 'The token revocation failed unexpectedly.';
}

export async function revokeTokenSet(args: RevokeTokenSetArgs): Promise<RevokeTokenSetResult> {
  const { provider, tokens } = args;
  if (!provider.revocationEndpoint) return { attempted: false, results: [] };
  const pending: { hint: RevocationTokenTypeHint; token: string }[] = [];
  if (tokens.refreshToken) pending.push({ hint: 'refresh_token', token: tokens.refreshToken });
  if (tokens.accessToken) pending.push({ hint: 'access_token', token: tokens.accessToken });

  const results: RevocationResult[] = [];
  for (const { hint, token } of pending) {
    let observation: TokenEndpointObservation = { status: undefined, retryAfter: null };
    try {
      const context = createClientContext(provider, args.fetch);
      observation = context.observation;
      await tokenRevocation(context.configuration, token, { token_type_hint: hint });
      results.push({ tokenTypeHint: hint, ok: true });
    } catch (error) {
      const classified = classifyTokenEndpointError(error, 'revocation', observation, systemClock.now());
      results.push({ tokenTypeHint: hint, ok: false, error: describe(classified) });
    }
  }
  return { attempted: true, results };
}
