/**
 * When a failed delivery is tried again. The default waits about 10 s, 1 min, 5 min, 30 min and
 * 1 h between the six attempts (each ±20 %): the first retry comes within 30 s, the second
 * within 2 min of the first attempt, the sixth more than an hour after the first. Tests pass
 * their own schedule (milliseconds) so they do not wait minutes.
 */
import type { AttemptOutcome } from './delivery-store.js';
import type { SendResult } from './sender.js';

export interface RetrySchedule {
  /** Delays before attempts 2, 3, …; the delivery is FAILED after `delaysMs.length + 1` attempts. */
  delaysMs: readonly number[];
  /** Spread of each delay: 0.2 = ±20 %. */
  jitter: number;
}

export const defaultRetrySchedule: RetrySchedule = {
  delaysMs: [10_000, 60_000, 300_000, 1_800_000, 3_600_000],
  jitter: 0.2,
};

export const maxAttemptsOf = (schedule: RetrySchedule): number => schedule.delaysMs.length + 1;

/** The delay after `attempts` failed attempts (1 = after the first), or null when none is left. */
export function retryDelayMs(schedule: RetrySchedule, attempts: number, random: () => number = Math.random): number | null {
  const base = schedule.delaysMs[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - schedule.jitter + 2 * schedule.jitter * random()));
}

/** What an attempt's outcome means for the delivery (counted in the metrics). */
export type DeliveryResult = 'succeeded' | 'retrying' | 'failed';

/**
 * The outcome to record for attempt number `attempts` (1 = the first) answered `result` at
 * `now`: succeeded, retried after the schedule's next delay, or failed for good after the last.
 */
export function attemptOutcome(
  result: SendResult,
  attempts: number,
  maxAttempts: number,
  now: Date,
  schedule: RetrySchedule,
  random?: () => number,
): { outcome: AttemptOutcome; deliveryResult: DeliveryResult } {
  if (result.ok) return { outcome: { kind: 'succeeded', statusCode: result.statusCode }, deliveryResult: 'succeeded' };
  const delay = attempts >= maxAttempts ? null : retryDelayMs(schedule, attempts, random);
  const retryAt = delay === null ? null : new Date(now.getTime() + delay);
  return {
    outcome: { kind: 'failed', statusCode: result.statusCode, error: result.error, retryAt },
    deliveryResult: delay === null ? 'failed' : 'retrying',
  };
}
