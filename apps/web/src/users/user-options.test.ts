import { describe, expect, it } from 'vitest';
import { describeWorkspaces, newUserErrors, roleName } from './user-options';

describe('the Users page helpers', () => {
  it('checks the create form field by field', () => {
    expect(newUserErrors({ email: 'ann@example.com', displayName: 'Ann' })).toEqual({});
    expect(newUserErrors({ email: 'ann', displayName: ' ' })).toEqual({
      email: 'Enter an email address, e.g. name@example.com.',
      displayName: 'Enter the name shown in the console and the history.',
    });
  });

  it('says which workspaces a user may act in, and names roles', () => {
    expect(describeWorkspaces(null)).toBe('All workspaces');
    expect(describeWorkspaces(['acme', 'beta'])).toBe('acme, beta');
    expect(roleName('OPERATOR')).toBe('Operator');
  });
});
