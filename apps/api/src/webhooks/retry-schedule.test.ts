import { describe, expect, it } from 'vitest';
import { defaultRetrySchedule, maxAttemptsOf, retryDelayMs } from './retry-schedule.js';

/** Times of attempts 2.. after the first, for a constant jitter draw. */
function attemptTimes(draw: number): number[] {
  const times: number[] = [];
  let at = 0;
  for (let attempts = 1; ; attempts += 1) {
    const delay = retryDelayMs(defaultRetrySchedule, attempts, () => draw);
    if (delay === null) return times;
    at += delay;
    times.push(at);
  }
}

describe('the default retry schedule', () => {
  it.each([0, 0.5, 0.999])('meets OUTBOUND.md with jitter draw %s', (draw) => {
    const times = attemptTimes(draw);
    expect(maxAttemptsOf(defaultRetrySchedule)).toBeGreaterThanOrEqual(6);
    expect(times).toHaveLength(maxAttemptsOf(defaultRetrySchedule) - 1);
    expect(times[0]).toBeLessThanOrEqual(30_000);
    expect(times[1]).toBeLessThanOrEqual(120_000);
    expect(times.at(-1)).toBeGreaterThanOrEqual(3_600_000);
    for (let i = 1; i < times.length; i += 1) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThan(times[i - 1]! - (times[i - 2] ?? 0));
    }
  });

  it('spreads retries (jitter) and stops after the last attempt', () => {
    expect(retryDelayMs(defaultRetrySchedule, 1, () => 0)).not.toBe(retryDelayMs(defaultRetrySchedule, 1, () => 0.99));
    expect(retryDelayMs(defaultRetrySchedule, maxAttemptsOf(defaultRetrySchedule), () => 0.5)).toBeNull();
  });
});
