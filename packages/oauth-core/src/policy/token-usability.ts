/**
 * The Test Token action: is a usable access token available now? Decided from the stored
 * token set and the clock only; the connection's REST API is never called.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 (`expires_in`)
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (`invalid_token`: expired tokens)
 */
import type { TokenSet } from '../types.js';
import { formatDuration, formatUtc } from './format.js';

export const DEFAULT_SKEW_SECONDS = 30;

export type TokenUsabilityReason = 'NO_TOKENS' | 'EXPIRED' | 'VALID' | 'VALID_NO_EXPIRY';

export interface TokenUsability {
  usable: boolean;
  reason: TokenUsabilityReason;
  /** When the access token expires; null when there is none or the provider gave no expiry. */
  expiresAt: Date | null;
  /** A refresh token is stored and not known to have expired. */
  refreshable: boolean;
  /** A sentence for the user. Never contains a token. */
  message: string;
}

export interface TokenUsabilityOptions {
  now: Date;
  /**
   * Clock-skew allowance: a token expiring within this many seconds counts as expired
   * (default 30), since the resource server's clock may be ahead of ours.
   */
  skewSeconds?: number | undefined;
}

const START = 'Use Start Authorization to authorize this connection again.';

/**
 * Whether `tokens` hold an access token usable now, allowing `skewSeconds` of clock skew,
 * with a message for the user (a date in UTC, what to do next). Never includes a token.
 */
export function testTokenUsability(tokens: TokenSet | null, opts: TokenUsabilityOptions): TokenUsability {
  const skewSeconds = opts.skewSeconds ?? DEFAULT_SKEW_SECONDS;
  if (!Number.isFinite(skewSeconds) || skewSeconds < 0) {
    throw new RangeError('skewSeconds must be a finite, non-negative number.');
  }
  const now = opts.now.getTime();

  if (tokens === null || !tokens.accessToken) {
    return {
      usable: false,
      reason: 'NO_TOKENS',
      expiresAt: null,
      refreshable: false,
      message: 'No token is stored. Use Start Authorization to authorize this connection.',
    };
  }

  const hasRefreshToken = tokens.refreshToken !== null && tokens.refreshToken !== '';
  const refreshTokenExpired = hasRefreshToken && tokens.refreshTokenExpiresAt !== null && tokens.refreshTokenExpiresAt.getTime() <= now;
  const refreshable = hasRefreshToken && !refreshTokenExpired;
  const expiresAt = tokens.expiresAt;

  if (expiresAt === null) {
    return {
      usable: true,
      reason: 'VALID_NO_EXPIRY',
      expiresAt: null,
      refreshable,
      message: `An access token is stored; the provider did not say when it expires, so it is treated as valid until the provider rejects it.${refreshable ? '' : ' No refresh token is stored.'}`,
    };
  }

  const remaining = expiresAt.getTime() - now;
  if (remaining <= skewSeconds * 1000) {
    const when =
      remaining > 0
        ? `The access token expires at ${formatUtc(expiresAt)}, within the ${skewSeconds}-second clock-skew allowance, so it is treated as expired.`
        : `The access token expired at ${formatUtc(expiresAt)}.`;
    const next = refreshable
      ? 'Use Refresh Token, or Start Authorization.'
      : refreshTokenExpired
        ? `The refresh token expired at ${formatUtc(tokens.refreshTokenExpiresAt as Date)}. ${START}`
        : `No refresh token is stored. ${START}`;
    return { usable: false, reason: 'EXPIRED', expiresAt, refreshable, message: `${when} ${next}` };
  }

  return {
    usable: true,
    reason: 'VALID',
    expiresAt,
    refreshable,
    message: `Token is valid until ${formatUtc(expiresAt)} (in ${formatDuration(remaining)}).${refreshable ? '' : ' No refresh token is stored: when it expires, use Start Authorization again.'}`,
  };
}
