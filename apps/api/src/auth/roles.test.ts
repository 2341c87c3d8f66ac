import { describe, expect, it } from 'vitest';
import type { Principal } from './principal.js';
import { hasRole, isRole, roleAtLeast } from './roles.js';

const workspace = { id: 'w', slug: 'default', company: 'C', environment: 'prod' };
const viewerKey: Principal = {
  kind: 'apiKey',
  apiKey: { id: 'k', name: 'app', role: 'VIEWER', connectionAccess: 'NONE', connectionCodes: null },
  workspace,
};
const operator: Principal = {
  kind: 'user',
  user: { id: 'u', email: 'o@x', displayName: 'O', role: 'OPERATOR', workspaceSlugs: null, mustChangePassword: false },
  workspace,
  sessionId: 's',
};

describe('roles', () => {
  it('orders ADMIN > OPERATOR > VIEWER', () => {
    expect(roleAtLeast('ADMIN', 'OPERATOR')).toBe(true);
    expect(roleAtLeast('OPERATOR', 'OPERATOR')).toBe(true);
    expect(roleAtLeast('VIEWER', 'OPERATOR')).toBe(false);
    expect(roleAtLeast('OPERATOR', 'ADMIN')).toBe(false);
  });

  it('checks a principal, and nobody without one', () => {
    expect(hasRole(viewerKey, 'VIEWER')).toBe(true);
    expect(hasRole(viewerKey, 'OPERATOR')).toBe(false);
    expect(hasRole(operator, 'OPERATOR')).toBe(true);
    expect(hasRole(operator, 'ADMIN')).toBe(false);
    expect(hasRole(null, 'VIEWER')).toBe(false);
  });

  it('recognises role names', () => {
    expect(isRole('ADMIN')).toBe(true);
    expect(isRole('admin')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
