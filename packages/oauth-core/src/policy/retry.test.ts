import { describe, expect, it } from 'vitest';
import { computeRetryDelayMs, parseRetryAfter } from './retry.js';

const now = new Date('2026-11-28T06:00:00.000Z');
const top = (): number => 1;
const half = (): number => 0.5;

describe('computeRetryDelayMs', () => {
  it('doubles the ceiling per attempt, up to maxMs', () => {
    const ceilings = [1, 2, 3, 4, 5, 10, 60].map((n) => computeRetryDelayMs(n, { random: top }));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 300_000, 300_000]);
    expect(computeRetryDelayMs(3, { random: top, baseMs: 200, maxMs: 500 })).toBe(500);
    expect(computeRetryDelayMs(5_000, { random: top })).toBe(300_000);
  });

  it('applies full jitter below the ceiling', () => {
    expect(computeRetryDelayMs(3, { random: half })).toBe(2_000);
    expect(computeRetryDelayMs(3, { random: () => 0 })).toBe(0);
    const values = Array.from({ length: 200 }, () => computeRetryDelayMs(4));
    for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of values) expect(v).toBeLessThanOrEqual(8_000);
    expect(new Set(values).size).toBeGreaterThan(1);
  });

  it('treats attempt 0 or nonsense as the first attempt', () => {
    expect(computeRetryDelayMs(0, { random: top })).toBe(1_000);
    expect(computeRetryDelayMs(NaN, { random: top })).toBe(1_000);
  });

  it('never retries sooner than Retry-After, even beyond maxMs', () => {
    expect(computeRetryDelayMs(1, { random: top, retryAfterMs: 30_000 })).toBe(30_000);
    expect(computeRetryDelayMs(1, { random: top, retryAfterMs: 3_600_000 })).toBe(3_600_000);
    expect(computeRetryDelayMs(5, { random: top, retryAfterMs: 2_000 })).toBe(16_000);
    expect(computeRetryDelayMs(5, { random: () => 0, retryAfterMs: 2_000 })).toBe(2_000);
  });

  it('rejects impossible options', () => {
    expect(() => computeRetryDelayMs(1, { baseMs: 0 })).toThrow(RangeError);
    expect(() => computeRetryDelayMs(1, { baseMs: 10, maxMs: 5 })).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  it('parses delay-seconds into milliseconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 5 ', now)).toBe(5_000);
  });

  it('parses an IMF-fixdate relative to now', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 06:01:30 GMT', now)).toBe(90_000);
  });

  it('parses the obsolete RFC 850 and asctime forms', () => {
    expect(parseRetryAfter('Saturday, 28-Nov-26 06:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Sat Nov 28 06:00:10 2026', now)).toBe(10_000);
    expect(parseRetryAfter('Sun Dec  6 06:00:00 2026', now)).toBe(8 * 86_400_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
  });

  it.each([
    null,
    '',
    '-5',
    '1.5',
    'soon',
    '5 seconds',
    '2026-11-28T06:01:00Z',
    'Sat, 28 Nov 2026 06:01:30 UTC',
    '1e3',
    '99999999999999999999',
  ])('rejects %s', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
