import { describe, expect, it } from 'vitest';
import { signInRefusal, waitText } from './sign-in-problem';

const now = new Date('2026-12-01T10:00:00Z');

describe('signInRefusal', () => {
  it('tells a lockout from a wrong password, with the time to retry', () => {
    const locked = signInRefusal({ code: 'UNAUTHENTICATED', message: 'x', reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 30 }, now);
    expect(locked).toMatchObject({ kind: 'locked', retryAt: new Date('2026-12-01T10:00:30Z') });
    const invalid = signInRefusal({ code: 'UNAUTHENTICATED', message: 'x', reason: 'INVALID_CREDENTIALS' }, now);
    expect(invalid.kind).toBe('invalid');
    expect(invalid.kind === 'invalid' && locked.kind === 'locked' && invalid.message !== locked.message).toBe(true);
  });

  it('says that a disabled account is disabled (the server says so only after the right password)', () => {
    const message = 'This account is disabled. Ask an administrator to enable it.';
    expect(signInRefusal({ code: 'UNAUTHENTICATED', message, reason: 'ACCOUNT_DISABLED' }, now)).toEqual({ kind: 'invalid', message });
  });

  it('passes other problems through', () => {
    expect(signInRefusal({ code: 'NETWORK_ERROR', message: 'down' }, now).kind).toBe('other');
  });
});

describe('waitText', () => {
  it('counts down in seconds, then minutes, and is empty once passed', () => {
    expect(waitText(new Date(now.getTime() + 14_200), now)).toBe('in 15 s');
    expect(waitText(new Date(now.getTime() + 125_000), now)).toBe('in 2 min 05 s');
    expect(waitText(now, now)).toBe('');
  });
});
