import { describe, expect, it } from 'vitest';
import { passwordErrors } from './password-rules';

describe('passwordErrors', () => {
  it('accepts a new password of 8 characters or more, repeated, that differs from the current one', () => {
    expect(passwordErrors({ current: 'old-password', next: 'new-password', confirm: 'new-password' })).toEqual({});
  });

  it('names each invalid field', () => {
    expect(passwordErrors({ current: '', next: 'short', confirm: 'other' })).toEqual({
      current: 'Enter your current password.',
      next: 'Choose a password of at least 8 characters.',
      confirm: 'The two new passwords differ.',
    });
    expect(passwordErrors({ current: 'same-password', next: 'same-password', confirm: 'same-password' })).toEqual({
      next: 'Choose a new password that differs from the current one.',
    });
  });
});
