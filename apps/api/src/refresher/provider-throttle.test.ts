/** The per-provider pause: Retry-After honoured, a doubling pause without one, other providers untouched. */
import { describe, expect, it } from 'vitest';
import { PROVIDER_PAUSE_MAX_MS, ProviderThrottle } from './provider-throttle.js';

const A = 'https://a.example.com/token';
const B = 'https://b.example.com/token';

describe('ProviderThrottle', () => {
  it('pauses only the provider that answered 429, for its Retry-After', () => {
    const throttle = new ProviderThrottle();
    expect(throttle.busy(A, 1_000, 30_000)).toBe(31_000);
    expect(throttle.pausedUntil(A, 30_999)).toBe(31_000);
    expect(throttle.pausedUntil(A, 31_000)).toBeNull();
    expect(throttle.pausedUntil(B, 1_000)).toBeNull();
  });

  it('without Retry-After pauses 1 s, doubling while the provider stays busy, up to 60 s; a success after the pause resets it', () => {
    const throttle = new ProviderThrottle();
    const pauses: number[] = [];
    let now = 0;
    for (let i = 0; i < 9; i += 1) {
      const until = throttle.busy(A, now, null);
      pauses.push(until - now);
      now = until;
    }
    expect(pauses).toEqual([
      1_000,
      2_000,
      4_000,
      8_000,
      16_000,
      32_000,
      PROVIDER_PAUSE_MAX_MS,
      PROVIDER_PAUSE_MAX_MS,
      PROVIDER_PAUSE_MAX_MS,
    ]);
    throttle.ok(A, now);
    expect(throttle.busy(A, now, null) - now).toBe(1_000);
  });

  it('never shortens a pause already running', () => {
    const throttle = new ProviderThrottle();
    throttle.busy(A, 0, 60_000);
    expect(throttle.busy(A, 1_000, 5_000)).toBe(60_000);
    throttle.ok(A, 2_000);
    expect(throttle.pausedUntil(A, 2_000)).toBe(60_000);
  });
});
