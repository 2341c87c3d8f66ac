/**
 * When to refresh an authorization ahead of time (pure: the clock and randomness are arguments).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6 (refreshing an access token)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 (`expires_in`)
 */
import type { TokenSet } from '../types.js';

const SECOND = 1000;

/** Default for tokens without `expires_in`: refresh once a day. */
export const DEFAULT_NO_EXPIRY_REFRESH_INTERVAL_SECONDS = 24 * 60 * 60;
/** Default keep-alive: use an idle refresh token at least once a week. */
export const DEFAULT_IDLE_KEEP_ALIVE_SECONDS = 7 * 24 * 60 * 60;
/** Default jitter, as a fraction of the margin. */
export const DEFAULT_JITTER_RATIO = 0.1;
/** Share of the access-token lifetime always left before expiry (10 %). */
export const LIFETIME_LEAD_RATIO = 0.1;

export interface RefreshDueOptions {
  /** Refresh at least this long before the access token expires. */
  marginSeconds: number;
  /** The current time (reserved for guarding against a future-dated `obtainedAt`). */
  now: Date;
  /** Uniform in [0, 1); defaults to `Math.random`. Pass a fixed function in tests. */
  random?: (() => number) | undefined;
  /** Jitter, as a fraction of the margin (default 0.1): spreads refreshes of many connections. */
  jitterRatio?: number | undefined;
  /**
   * For access tokens without an expiry: refresh this long after they were obtained
   * (default 24 h). 0 or `Infinity` disables it.
   */
  noExpiryRefreshIntervalSeconds?: number | undefined;
  /**
   * Use a refresh token at least this often even when the access token lives longer
   * (default 7 days), so providers that expire unused refresh tokens (sliding windows) keep
   * the grant alive. 0 or `Infinity` disables it.
   */
  idleKeepAliveSeconds?: number | undefined;
}

function positiveSeconds(value: number | undefined, fallback: number): number | null {
  const seconds = value ?? fallback;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

function unitRandom(random: () => number): number {
  const r = random();
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
}

/**
 * When the authorization behind `tokens` should be refreshed; null when it cannot be (no
 * refresh token). The result may lie in the past: the caller compares it with its clock.
 *
 * The policy, earliest of:
 * 1. **Access token expiry.** `expiresAt − lead`, where `lead = max(margin, 10 % of the
 *    lifetime)` (lifetime = `expiresAt − obtainedAt`), capped at half the lifetime so a token
 *    that lives shorter than the margin is still used for a while instead of being refreshed
 *    in a loop.
 * 2. **No expiry.** When the provider gave no `expires_in`: `obtainedAt +
 *    noExpiryRefreshIntervalSeconds` (default 24 h).
 * 3. **Idle keep-alive.** `obtainedAt + idleKeepAliveSeconds` (default 7 days).
 * 4. **Refresh-token expiry.** `refreshTokenExpiresAt − margin` (from
 *    `refresh_token_expires_in` or a template's known policy).
 *
 * Then minus a jitter of `random() × jitterRatio × margin` (default up to 10 % of the margin),
 * so connections authorized together do not all refresh in the same second. Jitter only ever
 * makes a refresh earlier.
 */
export function computeRefreshDueAt(tokens: TokenSet, opts: RefreshDueOptions): Date | null {
  if (!Number.isFinite(opts.marginSeconds) || opts.marginSeconds < 0) {
    throw new RangeError('marginSeconds must be a finite, non-negative number.');
  }
  if (tokens.refreshToken === null || tokens.refreshToken === '') return null;

  const marginMs = opts.marginSeconds * SECOND;
  const now = opts.now.getTime();
  // A future-dated obtainedAt (clock skew, bad data) must not postpone the interval policies.
  const since = Math.min(tokens.obtainedAt.getTime(), now);
  const candidates: number[] = [];

  if (tokens.expiresAt !== null) {
    const expiresAt = tokens.expiresAt.getTime();
    const lifetime = Math.max(expiresAt - tokens.obtainedAt.getTime(), 0);
    const lead = Math.min(Math.max(marginMs, LIFETIME_LEAD_RATIO * lifetime), lifetime / 2);
    candidates.push(expiresAt - lead);
  } else {
    const interval = positiveSeconds(opts.noExpiryRefreshIntervalSeconds, DEFAULT_NO_EXPIRY_REFRESH_INTERVAL_SECONDS);
    if (interval !== null) candidates.push(since + interval * SECOND);
  }

  const keepAlive = positiveSeconds(opts.idleKeepAliveSeconds, DEFAULT_IDLE_KEEP_ALIVE_SECONDS);
  if (keepAlive !== null) candidates.push(since + keepAlive * SECOND);

  if (tokens.refreshTokenExpiresAt !== null) {
    candidates.push(tokens.refreshTokenExpiresAt.getTime() - marginMs);
  }

  if (candidates.length === 0) return null;
  const ratio = opts.jitterRatio ?? DEFAULT_JITTER_RATIO;
  if (!Number.isFinite(ratio) || ratio < 0) {
    throw new RangeError('jitterRatio must be a finite, non-negative number.');
  }
  const jitter = unitRandom(opts.random ?? Math.random) * ratio * marginMs;
  return new Date(Math.round(Math.min(...candidates) - jitter));
}
