import { registerEnumType } from 'type-graphql';

/** What a person should be told about the stored access token (contract v2). */
export enum TokenState {
  /** Not within the refresh margin of its expiry. */
  VALID = 'VALID',
  /** Within the refresh margin: a refresh is due, running or failing. */
  EXPIRING = 'EXPIRING',
  /** Past its expiry (e.g. refreshes keep failing). */
  EXPIRED = 'EXPIRED',
  /** No access token stored. */
  NONE = 'NONE',
}

registerEnumType(TokenState, { name: 'TokenState' });

export interface TokenStateInput {
  hasAccessToken: boolean;
  tokenExpiresAt: Date | null;
  refreshScheduledAt: Date | null;
  consecutiveRefreshFailures: number;
}

/** The token's state at `now`; computed when read, so a cached view never says "valid" too long. */
export function tokenStateOf(view: TokenStateInput, now: Date): TokenState {
  if (!view.hasAccessToken) return TokenState.NONE;
  const expiresAt = view.tokenExpiresAt;
  if (expiresAt === null) return TokenState.VALID;
  if (expiresAt.getTime() <= now.getTime()) return TokenState.EXPIRED;
  const due = view.refreshScheduledAt !== null && view.refreshScheduledAt.getTime() <= now.getTime();
  return due || view.consecutiveRefreshFailures > 0 ? TokenState.EXPIRING : TokenState.VALID;
}
