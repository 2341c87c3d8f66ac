import { describe, expect, it } from 'vitest';
import { tokenSet } from '../testing/fixtures.js';
import type { TokenSet } from '../types.js';
import { testTokenUsability } from './token-usability.js';

const now = new Date('2026-11-28T06:00:00.000Z');
const at = (seconds: number): Date => new Date(now.getTime() + seconds * 1000);
const ACCESS = 'at-SECRET-9c1e';
const REFRESH = 'rt-SECRET-77aa';

function tokens(overrides: Partial<TokenSet> = {}): TokenSet {
  return tokenSet({
    accessToken: ACCESS,
    expiresAt: at(3600),
    refreshToken: REFRESH,
    idToken: 'id-SECRET',
    obtainedAt: at(-60),
    ...overrides,
  });
}

function expectNoSecrets(message: string): void {
  for (const secret of [ACCESS, REFRESH, 'id-SECRET']) expect(message).not.toContain(secret);
}

describe('testTokenUsability', () => {
  it('reports no tokens', () => {
    const r = testTokenUsability(null, { now });
    expect(r).toEqual({
      usable: false,
      reason: 'NO_TOKENS',
      expiresAt: null,
      refreshable: false,
      message: 'No token is stored. Use Start Authorization to authorize this connection.',
    });
    expect(testTokenUsability(tokens({ accessToken: '' }), { now }).reason).toBe('NO_TOKENS');
  });

  it('reports a valid token with its expiry in UTC', () => {
    const r = testTokenUsability(tokens(), { now });
    expect(r.usable).toBe(true);
    expect(r.reason).toBe('VALID');
    expect(r.expiresAt).toEqual(at(3600));
    expect(r.refreshable).toBe(true);
    expect(r.message).toBe('Token is valid until 2026-11-28 07:00:00 UTC (in 1 hour).');
    expectNoSecrets(r.message);
  });

  it('says when a valid token cannot be refreshed', () => {
    const r = testTokenUsability(tokens({ refreshToken: null, expiresAt: at(90) }), { now });
    expect(r.usable).toBe(true);
    expect(r.refreshable).toBe(false);
    expect(r.message).toBe(
      'Token is valid until 2026-11-28 06:01:30 UTC (in 1 minute). No refresh token is stored: when it expires, use Start Authorization again.',
    );
  });

  it('treats a token expiring within the skew allowance as expired', () => {
    const soon = tokens({ expiresAt: at(20) });
    const r = testTokenUsability(soon, { now });
    expect(r.usable).toBe(false);
    expect(r.reason).toBe('EXPIRED');
    expect(r.message).toBe(
      'The access token expires at 2026-11-28 06:00:20 UTC, within the 30-second clock-skew allowance, so it is treated as expired. Use Refresh Token, or Start Authorization.',
    );
    expect(testTokenUsability(soon, { now, skewSeconds: 10 }).reason).toBe('VALID');
    expect(testTokenUsability(tokens({ expiresAt: at(30) }), { now }).reason).toBe('EXPIRED');
    expect(testTokenUsability(tokens({ expiresAt: at(31) }), { now }).reason).toBe('VALID');
  });

  it('reports an expired token and what to do', () => {
    const r = testTokenUsability(tokens({ expiresAt: at(-600) }), { now });
    expect(r).toMatchObject({ usable: false, reason: 'EXPIRED', refreshable: true });
    expect(r.message).toBe('The access token expired at 2026-11-28 05:50:00 UTC. Use Refresh Token, or Start Authorization.');
    expectNoSecrets(r.message);

    const noRefresh = testTokenUsability(tokens({ expiresAt: at(-600), refreshToken: null }), {
      now,
    });
    expect(noRefresh.refreshable).toBe(false);
    expect(noRefresh.message).toBe(
      'The access token expired at 2026-11-28 05:50:00 UTC. No refresh token is stored. Use Start Authorization to authorize this connection again.',
    );
  });

  it('reports an expired refresh token as not refreshable', () => {
    const r = testTokenUsability(tokens({ expiresAt: at(-600), refreshTokenExpiresAt: at(-60) }), {
      now,
    });
    expect(r.refreshable).toBe(false);
    expect(r.message).toBe(
      'The access token expired at 2026-11-28 05:50:00 UTC. The refresh token expired at 2026-11-28 05:59:00 UTC. Use Start Authorization to authorize this connection again.',
    );
    expect(testTokenUsability(tokens({ refreshTokenExpiresAt: at(60) }), { now }).refreshable).toBe(true);
  });

  it('treats a token without expiry as usable', () => {
    const r = testTokenUsability(tokens({ expiresAt: null }), { now });
    expect(r).toMatchObject({
      usable: true,
      reason: 'VALID_NO_EXPIRY',
      expiresAt: null,
      refreshable: true,
    });
    expect(r.message).toContain('did not say when it expires');
    expectNoSecrets(r.message);
  });

  it('rejects a negative skew', () => {
    expect(() => testTokenUsability(tokens(), { now, skewSeconds: -1 })).toThrow(RangeError);
  });
});
