import { describe, expect, it } from 'vitest';
import { tokenSet } from '../testing/fixtures.js';
import type { TokenSet } from '../types.js';
import { computeRefreshDueAt } from './refresh-due.js';

const T0 = new Date('2026-11-28T06:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const HOUR = 3600;
const DAY = 24 * HOUR;
const noJitter = (): number => 0;
const fullJitter = (): number => 0.999999;

function tokens(overrides: Partial<TokenSet> = {}): TokenSet {
  return tokenSet({ expiresAt: at(HOUR), scopes: [], obtainedAt: T0, ...overrides });
}

describe('computeRefreshDueAt', () => {
  it('returns null without a refresh token', () => {
    expect(computeRefreshDueAt(tokens({ refreshToken: null }), { marginSeconds: 300, now: T0 })).toBeNull();
    expect(
      computeRefreshDueAt(tokens({ refreshToken: null, expiresAt: null }), {
        marginSeconds: 300,
        now: T0,
      }),
    ).toBeNull();
  });

  it('refreshes a margin before expiry when the margin exceeds 10 % of the lifetime', () => {
    // 1 h token: 10 % = 6 min > 5 min margin → 6 min before expiry.
    expect(computeRefreshDueAt(tokens(), { marginSeconds: 300, now: T0, random: noJitter })).toEqual(at(HOUR - 360));
    // 10 min margin > 6 min.
    expect(computeRefreshDueAt(tokens(), { marginSeconds: 600, now: T0, random: noJitter })).toEqual(at(HOUR - 600));
  });

  it('leaves 10 % of a long lifetime', () => {
    const t = tokens({ expiresAt: at(DAY) });
    expect(computeRefreshDueAt(t, { marginSeconds: 300, now: T0, random: noJitter })).toEqual(at(DAY - 0.1 * DAY));
  });

  it('subtracts at most jitterRatio × margin of jitter, only ever earlier', () => {
    const due = (random: () => number, jitterRatio?: number): number =>
      computeRefreshDueAt(tokens(), {
        marginSeconds: 600,
        now: T0,
        random,
        jitterRatio,
      })!.getTime();
    const base = at(HOUR - 600).getTime();
    expect(due(noJitter)).toBe(base);
    expect(due(() => 0.5)).toBe(base - 30_000);
    expect(base - due(fullJitter)).toBeLessThanOrEqual(60_000);
    expect(base - due(fullJitter)).toBeGreaterThan(59_000);
    expect(due(() => 0.5, 0.5)).toBe(base - 150_000);
    expect(due(() => 0.5, 0)).toBe(base);
  });

  it('does not refresh a token shorter-lived than the margin in a loop', () => {
    // 2-minute tokens with a 5-minute margin: due halfway, not before they were obtained.
    const t = tokens({ expiresAt: at(120) });
    expect(computeRefreshDueAt(t, { marginSeconds: 300, now: T0, random: noJitter })).toEqual(at(60));
  });

  it('returns times in the past unchanged (the caller compares)', () => {
    const t = tokens({ obtainedAt: at(-2 * HOUR), expiresAt: at(-HOUR) });
    expect(computeRefreshDueAt(t, { marginSeconds: 300, now: T0, random: noJitter })).toEqual(at(-HOUR - 360));
  });

  it('refreshes tokens without expiry after the no-expiry interval (default 24 h)', () => {
    const t = tokens({ expiresAt: null });
    expect(computeRefreshDueAt(t, { marginSeconds: 300, now: T0, random: noJitter })).toEqual(at(DAY));
    expect(
      computeRefreshDueAt(t, {
        marginSeconds: 300,
        now: T0,
        random: noJitter,
        noExpiryRefreshIntervalSeconds: 6 * HOUR,
      }),
    ).toEqual(at(6 * HOUR));
  });

  it('keeps idle refresh tokens alive (default weekly) when access tokens live longer', () => {
    const t = tokens({ expiresAt: at(60 * DAY) }); // e.g. 60-day access tokens
    expect(computeRefreshDueAt(t, { marginSeconds: 300, now: T0, random: noJitter })).toEqual(at(7 * DAY));
    expect(
      computeRefreshDueAt(t, {
        marginSeconds: 300,
        now: T0,
        random: noJitter,
        idleKeepAliveSeconds: DAY,
      }),
    ).toEqual(at(DAY));
    expect(
      computeRefreshDueAt(t, {
        marginSeconds: 300,
        now: T0,
        random: noJitter,
        idleKeepAliveSeconds: 0,
      }),
    ).toEqual(at(54 * DAY));
  });

  it('without expiry, with both interval policies disabled, has nothing to schedule', () => {
    const t = tokens({ expiresAt: null });
    expect(
      computeRefreshDueAt(t, {
        marginSeconds: 300,
        now: T0,
        noExpiryRefreshIntervalSeconds: 0,
        idleKeepAliveSeconds: Infinity,
      }),
    ).toBeNull();
  });

  it('refreshes a margin before the refresh token itself expires', () => {
    const t = tokens({ expiresAt: at(DAY), refreshTokenExpiresAt: at(2 * HOUR) });
    expect(computeRefreshDueAt(t, { marginSeconds: 300, now: T0, random: noJitter })).toEqual(at(2 * HOUR - 300));
  });

  it('does not let a future-dated obtainedAt postpone the interval policies', () => {
    const t = tokens({ expiresAt: null, obtainedAt: at(30 * DAY) });
    expect(computeRefreshDueAt(t, { marginSeconds: 300, now: T0, random: noJitter })).toEqual(at(DAY));
  });

  it('rejects a negative or non-finite margin', () => {
    expect(() => computeRefreshDueAt(tokens(), { marginSeconds: -1, now: T0 })).toThrow(RangeError);
    expect(() => computeRefreshDueAt(tokens(), { marginSeconds: NaN, now: T0 })).toThrow(RangeError);
  });
});
