import { describe, expect, it } from 'vitest';
import type { AuthorizationStatus, ConnectionListItemFragment, TokenState } from '../gql/graphql';
import { filterConnections } from './filter';
import { attentionReason, countByStatus, sortConnections } from './overview';

const NOW = new Date('2026-12-01T12:00:00.000Z');

function item(
  code: string,
  status: AuthorizationStatus | null,
  extra: { tokenState?: TokenState; expiresAt?: string | null; failures?: number } = {},
): ConnectionListItemFragment {
  return {
    __typename: 'Connection',
    id: code,
    code,
    name: code,
    authenticationType: status ? 'OAUTH2_AUTHORIZATION_CODE' : 'API_KEY',
    updatedAt: '2026-11-28T10:00:00.000Z',
    authorization: status
      ? {
          __typename: 'Authorization',
          connectionCode: code,
          status,
          tokenExpiresAt: extra.expiresAt ?? null,
          lastAuthorizedAt: null,
          authorizedBy: null,
          lastRefreshedAt: null,
          refreshTokenExpiresAt: null,
          grantedScopes: [],
          statusReason: null,
          nextRefreshAt: null,
          tokenState: extra.tokenState ?? (status === 'AUTHORIZED' ? 'VALID' : 'NONE'),
          refreshFailingSince: extra.failures ? '2026-12-01T11:00:00.000Z' : null,
          consecutiveRefreshFailures: extra.failures ?? 0,
        }
      : null,
  };
}

const items = [
  item('VALID', 'AUTHORIZED', { expiresAt: '2026-12-01T13:00:00.000Z' }),
  item('EXPIRED', 'AUTHORIZED', { expiresAt: '2026-12-01T11:59:00.000Z', failures: 3 }),
  item('FAILING', 'AUTHORIZED', { tokenState: 'EXPIRING', expiresAt: '2026-12-01T12:03:00.000Z', failures: 1 }),
  item('EXPIRING', 'AUTHORIZED', { tokenState: 'EXPIRING', expiresAt: '2026-12-01T12:04:00.000Z' }),
  item('REAUTH', 'REAUTHORIZATION_REQUIRED'),
  item('NEVER', 'NOT_AUTHORIZED'),
  item('APIKEY', null),
];

describe('the connections overview', () => {
  it('needs attention: expired, refresh failing, re-authorization required', () => {
    expect(items.map((i) => [i.code, attentionReason(i, NOW)])).toEqual([
      ['VALID', null],
      ['EXPIRED', 'EXPIRED'],
      ['FAILING', 'REFRESH_FAILING'],
      ['EXPIRING', null],
      ['REAUTH', 'REAUTHORIZATION_REQUIRED'],
      ['NEVER', null],
      ['APIKEY', null],
    ]);
    // A token the server still called VALID but whose expiry has passed since is expired.
    expect(attentionReason(item('STALE', 'AUTHORIZED', { expiresAt: '2026-12-01T11:00:00.000Z' }), NOW)).toBe('EXPIRED');
    expect(filterConnections(items, '', 'NEEDS_ATTENTION', NOW).map((i) => i.code)).toEqual(['EXPIRED', 'FAILING', 'REAUTH']);
  });

  it('counts per status', () => {
    expect(countByStatus(items, NOW)).toEqual({
      AUTHORIZED: 4,
      NOT_AUTHORIZED: 1,
      REAUTHORIZATION_REQUIRED: 1,
      NO_AUTHORIZATION: 1,
      NEEDS_ATTENTION: 3,
    });
  });

  it('sorts by status (most urgent first) and by expiry (soonest first, none last)', () => {
    expect(sortConnections(items, 'STATUS', NOW).map((i) => i.code)).toEqual([
      'REAUTH',
      'EXPIRED',
      'FAILING',
      'EXPIRING',
      'VALID',
      'NEVER',
      'APIKEY',
    ]);
    expect(sortConnections(items, 'EXPIRY', NOW).map((i) => i.code)).toEqual([
      'EXPIRED',
      'FAILING',
      'EXPIRING',
      'VALID',
      'APIKEY',
      'NEVER',
      'REAUTH',
    ]);
    expect(sortConnections(items, 'CODE', NOW).map((i) => i.code)).toEqual([
      'APIKEY',
      'EXPIRED',
      'EXPIRING',
      'FAILING',
      'NEVER',
      'REAUTH',
      'VALID',
    ]);
  });
});
