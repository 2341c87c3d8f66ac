/** Test data shared by the engine's tests (and, through `@grantkeeper/oauth-core/testing`, the API's). */
import type { TokenSet } from '../types.js';

const HOUR_MS = 3600_000;

/**
 * A token set as a completed authorization stores it: a bearer access token valid for an hour
 * from `obtainedAt` (default now), a refresh token, scope `read`. `overrides` replace single
 * fields, so a test states only what it is about.
 */
export function tokenSet(overrides: Partial<TokenSet> = {}): TokenSet {
  const obtainedAt = overrides.obtainedAt ?? new Date();
  return {
    accessToken: 'at',
    tokenType: 'bearer',
    expiresAt: new Date(obtainedAt.getTime() + HOUR_MS),
    refreshToken: 'rt',
    refreshTokenExpiresAt: null,
    scopes: ['read'],
    idToken: null,
    obtainedAt,
    ...overrides,
  };
}
