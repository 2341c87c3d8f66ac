import { describe, expect, it } from 'vitest';
import type { AuthorizationStatus, ConnectionListItemFragment } from '../gql/graphql';
import { filterConnections } from './filter';

function item(code: string, name: string, status: AuthorizationStatus | null): ConnectionListItemFragment {
  return {
    __typename: 'Connection',
    id: code,
    code,
    name,
    authenticationType: status ? 'OAUTH2_AUTHORIZATION_CODE' : 'API_KEY',
    updatedAt: '2026-11-28T10:00:00.000Z',
    authorization: status
      ? {
          __typename: 'Authorization',
          connectionCode: code,
          status,
          tokenExpiresAt: null,
          lastAuthorizedAt: null,
          authorizedBy: null,
          lastRefreshedAt: null,
          refreshTokenExpiresAt: null,
          grantedScopes: [],
          statusReason: null,
          nextRefreshAt: null,
          tokenState: 'NONE',
          refreshFailingSince: null,
          consecutiveRefreshFailures: 0,
        }
      : null,
  };
}

const items = [item('CRM', 'Sales CRM', 'AUTHORIZED'), item('ERP', 'Finance', 'REAUTHORIZATION_REQUIRED'), item('MAPS', 'Maps', null)];

describe('filterConnections', () => {
  it('matches code, name and authentication type, ignoring case', () => {
    expect(filterConnections(items, 'crm', 'ALL').map((c) => c.code)).toEqual(['CRM']);
    expect(filterConnections(items, 'finance', 'ALL').map((c) => c.code)).toEqual(['ERP']);
    expect(filterConnections(items, 'api key', 'ALL').map((c) => c.code)).toEqual(['MAPS']);
    expect(filterConnections(items, '  ', 'ALL')).toHaveLength(3);
  });

  it('filters by status; connections without authorization match no status', () => {
    expect(filterConnections(items, '', 'REAUTHORIZATION_REQUIRED').map((c) => c.code)).toEqual(['ERP']);
    expect(filterConnections(items, '', 'NOT_AUTHORIZED')).toEqual([]);
    expect(filterConnections(items, 'crm', 'REAUTHORIZATION_REQUIRED')).toEqual([]);
  });
});
