import { describe, expect, it } from 'vitest';
import { refreshFailureText, tokenStateDisplay, type TokenFields } from './token-state';

const now = new Date('2026-12-01T12:00:00Z');
const valid: TokenFields = {
  status: 'AUTHORIZED',
  tokenState: 'VALID',
  tokenExpiresAt: '2026-12-01T13:00:00Z',
  consecutiveRefreshFailures: 0,
  refreshFailingSince: null,
  nextRefreshAt: '2026-12-01T12:55:00Z',
  statusReason: null,
};

describe('tokenStateDisplay', () => {
  it('says Authorized only while the token is valid', () => {
    expect(tokenStateDisplay(valid, now)).toMatchObject({ label: 'Authorized', severity: 'success', tokenState: 'VALID' });
    expect(tokenStateDisplay({ ...valid, tokenState: 'EXPIRING' }, now)).toMatchObject({ label: 'Expiring', severity: 'warn' });
  });

  it('says Expired once the expiry passed, even if the server said valid when it was read', () => {
    const past = { ...valid, tokenExpiresAt: '2026-12-01T11:59:00Z', consecutiveRefreshFailures: 4 };
    expect(tokenStateDisplay(past, now)).toMatchObject({ label: 'Expired', severity: 'danger', tokenState: 'EXPIRED' });
  });

  it('keeps the status labels for connections that are not authorized', () => {
    expect(tokenStateDisplay({ ...valid, status: 'REAUTHORIZATION_REQUIRED' }, now).label).toBe('Reauthorization required');
    expect(tokenStateDisplay(null, now).label).toBe('Not Authorized');
  });
});

describe('refreshFailureText', () => {
  it('says since when, the next try, the count and the provider error', () => {
    const failing = {
      ...valid,
      consecutiveRefreshFailures: 3,
      refreshFailingSince: '2026-12-01T11:50:00Z',
      nextRefreshAt: '2026-12-01T12:00:08Z',
      statusReason: 'Refresh failed at 2026-12-01 11:59:59 UTC: The token endpoint answered HTTP 503.',
    };
    const text = refreshFailureText(failing, 'en-GB', 'UTC');
    expect(text).toMatch(
      /^Refresh failing since .*11:50:00, next try at .*12:00:08 \(3 failed attempts\): The token endpoint answered HTTP 503\.$/,
    );
    expect(refreshFailureText(valid)).toBe('');
  });
});
