import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './rate-limiter.js';

describe('LoginRateLimiter', () => {
  it('blocks a key after the maximum failures until the oldest one ages out', () => {
    let now = 0;
    const limiter = new LoginRateLimiter({ maxFailures: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs(['a'])).toBe(0);
      limiter.recordFailure(['a']);
      now += 100;
    }
    expect(limiter.retryAfterMs(['a'])).toBe(700);
    expect(limiter.retryAfterMs(['b'])).toBe(0);
    now = 1000;
    expect(limiter.retryAfterMs(['a'])).toBe(0);
  });

  it('reset forgets a key', () => {
    const limiter = new LoginRateLimiter({ maxFailures: 1, windowMs: 1000, now: () => 0 });
    limiter.recordFailure(['a']);
    expect(limiter.retryAfterMs(['a'])).toBeGreaterThan(0);
    limiter.reset('a');
    expect(limiter.retryAfterMs(['a'])).toBe(0);
  });

  it('stays bounded in size', () => {
    const limiter = new LoginRateLimiter({ maxFailures: 1, windowMs: 1000, maxKeys: 2, now: () => 0 });
    limiter.recordFailure(['a']);
    limiter.recordFailure(['b']);
    limiter.recordFailure(['c']);
    expect(limiter.retryAfterMs(['a'])).toBe(0);
    expect(limiter.retryAfterMs(['c'])).toBeGreaterThan(0);
  });
});
