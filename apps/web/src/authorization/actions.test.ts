import { describe, expect, it } from 'vitest';
import type { AuthorizationStatus, Role } from '../gql/graphql';
import { actionState, allActionStates, canOperate, type AuthorizationAction } from './actions';

const base = { authenticationType: 'OAUTH2_AUTHORIZATION_CODE' as const, busy: false };

function enabled(role: Role | null, status: AuthorizationStatus): AuthorizationAction[] {
  const states = allActionStates({ ...base, role, status });
  return (Object.keys(states) as AuthorizationAction[]).filter((action) => states[action].enabled);
}

describe('action buttons by status and role', () => {
  it.each<[Role, AuthorizationStatus, AuthorizationAction[]]>([
    ['ADMIN', 'NOT_AUTHORIZED', ['start']],
    ['ADMIN', 'AUTHORIZED', ['start', 'test', 'refresh', 'revoke']],
    ['ADMIN', 'REAUTHORIZATION_REQUIRED', ['start', 'test', 'revoke']],
    ['OPERATOR', 'NOT_AUTHORIZED', ['start']],
    ['OPERATOR', 'AUTHORIZED', ['start', 'test', 'refresh', 'revoke']],
    ['OPERATOR', 'REAUTHORIZATION_REQUIRED', ['start', 'test', 'revoke']],
    ['VIEWER', 'NOT_AUTHORIZED', []],
    ['VIEWER', 'AUTHORIZED', []],
    ['VIEWER', 'REAUTHORIZATION_REQUIRED', []],
  ])('%s with %s may use %j', (role, status, expected) => {
    expect(enabled(role, status)).toEqual(expected);
  });

  it('disables everything without a signed-in role', () => {
    expect(enabled(null, 'AUTHORIZED')).toEqual([]);
  });

  it('disables everything while an action runs', () => {
    const states = allActionStates({ ...base, role: 'ADMIN', status: 'AUTHORIZED', busy: true });
    expect(Object.values(states).every((s) => !s.enabled)).toBe(true);
  });

  it('offers nothing for other authentication types', () => {
    const state = actionState('start', { ...base, authenticationType: 'OAUTH2_CLIENT_CREDENTIALS', role: 'ADMIN', status: null });
    expect(state.enabled).toBe(false);
    expect(state.reason).toContain('OAuth2 Authorization Code');
  });

  it('explains why a disabled action is disabled', () => {
    expect(actionState('refresh', { ...base, role: 'ADMIN', status: 'REAUTHORIZATION_REQUIRED' }).reason).toContain('Start Authorization');
    expect(actionState('test', { ...base, role: 'OPERATOR', status: 'NOT_AUTHORIZED' }).reason).toContain('Start Authorization');
    expect(actionState('start', { ...base, role: 'VIEWER', status: 'AUTHORIZED' }).reason).toMatch(/Viewer/);
  });

  it('ranks roles', () => {
    expect([canOperate('ADMIN'), canOperate('OPERATOR'), canOperate('VIEWER'), canOperate(undefined)]).toEqual([true, true, false, false]);
  });
});
