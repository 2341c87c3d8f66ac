/**
 * Classification of token endpoint failures into the engine's typed errors.
 *
 * - `invalid_grant` on refresh → `REAUTHORIZATION_REQUIRED` (RFC 6749 §5.2: the refresh token is
 *   invalid, expired or revoked; only a new authorization helps);
 * - network failures, timeouts, HTTP 5xx and 429 → `PROVIDER_UNAVAILABLE`, transient, with
 *   `retryAfterMs` from `Retry-After` (RFC 9110 §10.2.3);
 * - any other OAuth error → `PROVIDER_ERROR` with the provider's `error`/`error_description`;
 * - a 2xx answer that is not a valid token response → `INVALID_TOKEN_RESPONSE`.
 *
 * Messages name the failure, never a token, secret, code or verifier.
 */
import { ClientError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { OAuthCoreError, ProviderError } from '../errors.js';
import { parseRetryAfter } from '../policy/index.js';
import type { TokenEndpointObservation } from './quirks.js';

/** Which request failed: decides what `invalid_grant` means. */
export type TokenRequestKind = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'revocation';

const DESCRIPTION_LIMIT = 300;

/** Trim provider text to something safe to carry around (it is provider-controlled). */
export function shortText(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const single = value.replace(/\s+/g, ' ').trim();
  return single.length > DESCRIPTION_LIMIT ? `${single.slice(0, DESCRIPTION_LIMIT)}…` : single;
}

function isTransientStatus(status: number | undefined): boolean {
  return status !== undefined && (status >= 500 || status === 429);
}

function label(kind: TokenRequestKind): string {
  switch (kind) {
    case 'authorization_code':
      return 'The authorization code exchange';
    case 'refresh_token':
      return 'The token refresh';
    case 'client_credentials':
      return 'The client credentials grant';
    case 'revocation':
      return 'The token revocation';
  }
}

function unavailable(
  kind: TokenRequestKind,
  reason: string,
  cause: unknown,
  observation: TokenEndpointObservation,
  now: Date,
  extra: { error?: string | undefined; errorDescription?: string | undefined } = {},
): ProviderError {
  return new ProviderError('PROVIDER_UNAVAILABLE', `${label(kind)} failed transiently: ${reason}.`, {
    cause,
    status: observation.status,
    transient: true,
    retryAfterMs: parseRetryAfter(observation.retryAfter, now),
    ...extra,
  });
}

/** Map anything thrown by an openid-client grant to an engine error. */
export function classifyTokenEndpointError(
  error: unknown,
  kind: TokenRequestKind,
  observation: TokenEndpointObservation,
  now: Date,
): OAuthCoreError {
  if (error instanceof OAuthCoreError) return error;
  // Thrown by the quirks fetch (e.g. a response over the size limit), wrapped by openid-client.
  if (error instanceof ClientError && error.cause instanceof OAuthCoreError) return error.cause;

  if (error instanceof ResponseBodyError) {
    const description = shortText(error.error_description);
    const code = shortText(error.error) ?? 'unknown_error';
    const details = { error: code, errorDescription: description };
    if (isTransientStatus(error.status)) {
      return unavailable(kind, `HTTP ${error.status} (${code})`, error, observation, now, details);
    }
    if (code === 'invalid_grant' && kind === 'refresh_token') {
      return new ProviderError(
        'REAUTHORIZATION_REQUIRED',
        'The provider rejected the refresh token (invalid_grant); the connection must be authorized again.',
        { cause: error, status: error.status, response: error.response, ...details },
      );
    }
    return new ProviderError(
      'PROVIDER_ERROR',
      `${label(kind)} was rejected by the provider (${code}${description ? `: ${description}` : ''}).`,
      { cause: error, status: error.status, response: error.response, ...details },
    );
  }

  if (error instanceof WWWAuthenticateChallengeError) {
    if (isTransientStatus(error.status)) {
      return unavailable(kind, `HTTP ${error.status}`, error, observation, now);
    }
    const challenge = error.cause[0];
    const code = shortText(challenge?.parameters.error) ?? 'invalid_client';
    return new ProviderError(
      'PROVIDER_ERROR',
      `${label(kind)} was rejected by the provider (HTTP ${error.status}, ${code}); check the client credentials.`,
      { cause: error, status: error.status, error: code, response: error.response },
    );
  }

  // fetch() rejects with a TypeError when the request never got an answer.
  if (error instanceof TypeError) {
    return unavailable(kind, 'the provider could not be reached', error, observation, now);
  }

  if (error instanceof ClientError) {
    if (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT') {
      return unavailable(kind, 'the request timed out', error, observation, now);
    }
    if (observation.status === undefined) {
      // The fetch itself failed before any answer (a custom fetch may throw non-TypeErrors).
      return unavailable(kind, 'the provider could not be reached', error, observation, now);
    }
    if (isTransientStatus(observation.status)) {
      return unavailable(kind, `HTTP ${observation.status}`, error, observation, now);
    }
    if (observation.status !== undefined && (observation.status < 200 || observation.status >= 300)) {
      return new ProviderError('PROVIDER_ERROR', `${label(kind)} failed with HTTP ${observation.status} and no OAuth error body.`, {
        cause: error,
        status: observation.status,
      });
    }
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return new ProviderError('INVALID_TOKEN_RESPONSE', `The token endpoint returned an invalid response: ${cause ?? error.message}.`, {
      cause: error,
      status: observation.status,
    });
  }

  return new ProviderError('PROVIDER_ERROR', `${label(kind)} failed unexpectedly.`, {
    cause: error,
    status: observation.status,
  });
}
