import { describe, expect, it } from 'vitest';
import { TokenState, tokenStateOf } from './token-state.js';

const now = new Date('2026-12-01T12:00:00Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const view = { hasAccessToken: true, tokenExpiresAt: at(3600), refreshScheduledAt: at(3300), consecutiveRefreshFailures: 0 };

describe('tokenStateOf', () => {
  it('is NONE without an access token, VALID before the refresh margin and without an expiry', () => {
    expect(tokenStateOf({ ...view, hasAccessToken: false }, now)).toBe(TokenState.NONE);
    expect(tokenStateOf(view, now)).toBe(TokenState.VALID);
    expect(tokenStateOf({ ...view, tokenExpiresAt: null, refreshScheduledAt: null }, now)).toBe(TokenState.VALID);
  });

  it('is EXPIRING once the refresh is due, or while refreshes fail before the expiry', () => {
    expect(tokenStateOf({ ...view, refreshScheduledAt: at(-1) }, now)).toBe(TokenState.EXPIRING);
    expect(tokenStateOf({ ...view, consecutiveRefreshFailures: 2 }, now)).toBe(TokenState.EXPIRING);
  });

  it('is EXPIRED from the expiry on, whatever the schedule says', () => {
    expect(tokenStateOf({ ...view, tokenExpiresAt: now, refreshScheduledAt: at(60) }, now)).toBe(TokenState.EXPIRED);
    expect(tokenStateOf({ ...view, tokenExpiresAt: at(-5), consecutiveRefreshFailures: 3 }, now)).toBe(TokenState.EXPIRED);
  });
});
