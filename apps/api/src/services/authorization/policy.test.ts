import { ProviderError } from '@grantkeeper/oauth-core';
import { describe, expect, it } from 'vitest';
import type { RefreshSchedule } from '../../persistence/ports/index.js';
import { decideRefresh, REFRESH_COALESCE_WINDOW_MS, REFRESH_RETRY_BASE_MS, REFRESH_RETRY_MAX_MS, retryAtAfterFailure } from './policy.js';
import { refreshDueAt } from './view.js';

const now = new Date('2026-12-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

function schedule(overrides: Partial<RefreshSchedule> = {}): RefreshSchedule {
  return {
    version: 3,
    status: 'AUTHORIZED',
    statusReason: null,
    hasAccessToken: true,
    hasRefreshToken: true,
    lastRefreshedAt: null,
    nextRefreshAt: at(60_000),
    nextRetryAt: null,
    refreshFailures: 0,
    ...overrides,
  };
}

describe('decideRefresh (under the lease)', () => {
  const scheduled = { onlyIfDue: true, requestedAt: now, now };
  const manual = { onlyIfDue: false, requestedAt: now, now };

  it('a scheduled refresh skips a row that is not due (yet, or any more)', () => {
    expect(decideRefresh(schedule({ nextRefreshAt: at(1) }), scheduled)).toBe('not_due');
    expect(decideRefresh(schedule({ nextRefreshAt: null }), scheduled)).toBe('not_due');
    expect(decideRefresh(schedule({ nextRefreshAt: at(0) }), scheduled)).toBe('perform');
    expect(decideRefresh(schedule({ nextRefreshAt: at(-5_000) }), scheduled)).toBe('perform');
  });

  it('a scheduled refresh skips a due row that is backing off after a failure', () => {
    expect(decideRefresh(schedule({ nextRefreshAt: at(-5_000), nextRetryAt: at(1_000) }), scheduled)).toBe('not_due');
    expect(decideRefresh(schedule({ nextRefreshAt: at(-5_000), nextRetryAt: at(0) }), scheduled)).toBe('perform');
  });

  it('a manual refresh shares a refresh completed within the coalescing window before it was asked', () => {
    const inside = schedule({ lastRefreshedAt: at(-REFRESH_COALESCE_WINDOW_MS) });
    const outside = schedule({ lastRefreshedAt: at(-REFRESH_COALESCE_WINDOW_MS - 1) });
    expect(decideRefresh(inside, manual)).toBe('just_refreshed');
    expect(decideRefresh(outside, manual)).toBe('perform');
    expect(decideRefresh(schedule(), manual)).toBe('perform');
    // The window counts from when it was asked, not from when it got the lease.
    expect(decideRefresh(outside, { ...manual, now: at(30_000) })).toBe('perform');
    expect(decideRefresh(inside, { ...manual, now: at(30_000) })).toBe('just_refreshed');
  });

  it('a manual refresh does not care whether the row is due', () => {
    expect(decideRefresh(schedule({ nextRefreshAt: at(3_600_000) }), manual)).toBe('perform');
  });
});

describe('retryAtAfterFailure', () => {
  const transient = (retryAfterMs?: number) =>
    new ProviderError('PROVIDER_UNAVAILABLE', 'The provider is unavailable.', { transient: true, status: 503, retryAfterMs });

  it('backs off exponentially with full jitter, from the base up to the ceiling', () => {
    const highest = () => 0.999999;
    expect(retryAtAfterFailure(1, transient(), now, highest).getTime() - now.getTime()).toBe(REFRESH_RETRY_BASE_MS);
    expect(retryAtAfterFailure(3, transient(), now, highest).getTime() - now.getTime()).toBe(4 * REFRESH_RETRY_BASE_MS);
    expect(retryAtAfterFailure(40, transient(), now, highest).getTime() - now.getTime()).toBe(REFRESH_RETRY_MAX_MS);
    expect(retryAtAfterFailure(3, transient(), now, () => 0).getTime()).toBe(now.getTime());
  });

  it('never retries sooner than the provider’s Retry-After, even past the ceiling', () => {
    expect(retryAtAfterFailure(1, transient(30_000), now, () => 0.5).getTime() - now.getTime()).toBe(30_000);
    expect(retryAtAfterFailure(1, transient(REFRESH_RETRY_MAX_MS * 2), now, () => 0.5).getTime() - now.getTime()).toBe(
      REFRESH_RETRY_MAX_MS * 2,
    );
    // Other errors carry no Retry-After.
    expect(retryAtAfterFailure(1, new Error('boom'), now, () => 0.5).getTime() - now.getTime()).toBe(REFRESH_RETRY_BASE_MS / 2);
  });
});

describe('refreshDueAt', () => {
  it('is the next refresh, or the retry when that is later; null unless AUTHORIZED and scheduled', () => {
    const row = { status: 'AUTHORIZED' as const, nextRefreshAt: at(10_000), nextRetryAt: null };
    expect(refreshDueAt(row)).toEqual(at(10_000));
    expect(refreshDueAt({ ...row, nextRetryAt: at(30_000) })).toEqual(at(30_000));
    expect(refreshDueAt({ ...row, nextRetryAt: at(5_000) })).toEqual(at(10_000));
    expect(refreshDueAt({ ...row, nextRefreshAt: null })).toBeNull();
    expect(refreshDueAt({ ...row, status: 'REAUTHORIZATION_REQUIRED' })).toBeNull();
  });
});
