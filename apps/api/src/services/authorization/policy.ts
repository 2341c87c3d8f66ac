/**
 * The numbers and decisions of the authorization domain, in one place: the backoff of failed
 * refreshes, the coalescing window of manual refreshes, compare-and-swap retries and the Test
 * Token skew. The functions are pure (the clock and randomness are arguments).
 */
import { computeRetryDelayMs, ProviderError } from '@grantkeeper/oauth-core';
import type { RefreshSchedule } from '../../persistence/ports/index.js';

/** The first retry of a failed refresh waits up to this long; the ceiling doubles per failure. */
export const REFRESH_RETRY_BASE_MS = 1_000;

/** Longest backoff ceiling between retries (a provider's Retry-After may still ask for longer). */
export const REFRESH_RETRY_MAX_MS = 5 * 60_000;

/**
 * Manual refreshes asked for within this long after another refresh completed share its result
 * instead of calling the provider again: a burst of refreshToken calls spread over a few hundred
 * milliseconds (and over instances) is one refresh, not a series of rotations.
 */
export const REFRESH_COALESCE_WINDOW_MS = 5_000;

/** A compare-and-swap write (store tokens, revoke) is tried this often when other writers win. */
export const STATE_WRITE_ATTEMPTS = 5;

/** Clock-skew allowance of Test Token: a token expiring sooner than this counts as expired. */
export const TEST_TOKEN_SKEW_SECONDS = 5;

/** What a refresh does once it holds the lease. */
export type RefreshDecision = 'perform' | 'not_due' | 'just_refreshed';

export interface RefreshAsk {
  /** The refresher's call: skip unless the row is due (its due query may predate another's refresh). */
  onlyIfDue: boolean;
  /** When the caller asked (a manual refresh coalesces with one completed since shortly before). */
  requestedAt: Date;
  now: Date;
}

/**
 * Decides, under the lease and from the stored row, whether to call the provider: a scheduled
 * refresh only when the row is due and not backing off; a manual one unless another refresh
 * completed within {@link REFRESH_COALESCE_WINDOW_MS} before it was asked for.
 */
export function decideRefresh(schedule: RefreshSchedule, ask: RefreshAsk): RefreshDecision {
  if (ask.onlyIfDue) {
    const now = ask.now.getTime();
    if (schedule.nextRefreshAt === null || schedule.nextRefreshAt.getTime() > now) return 'not_due';
    if (schedule.nextRetryAt !== null && schedule.nextRetryAt.getTime() > now) return 'not_due';
    return 'perform';
  }
  const coalesceFrom = ask.requestedAt.getTime() - REFRESH_COALESCE_WINDOW_MS;
  if (schedule.lastRefreshedAt && schedule.lastRefreshedAt.getTime() >= coalesceFrom) return 'just_refreshed';
  return 'perform';
}

/**
 * When to retry after failure number `failures` (1 = the first): exponential backoff with full
 * jitter between {@link REFRESH_RETRY_BASE_MS} and {@link REFRESH_RETRY_MAX_MS}, never sooner
 * than the provider's Retry-After.
 */
export function retryAtAfterFailure(failures: number, error: unknown, now: Date, random?: () => number): Date {
  const retryAfterMs = error instanceof ProviderError ? error.retryAfterMs : undefined;
  const delay = computeRetryDelayMs(failures, {
    retryAfterMs,
    baseMs: REFRESH_RETRY_BASE_MS,
    maxMs: REFRESH_RETRY_MAX_MS,
    random,
  });
  return new Date(now.getTime() + delay);
}
