import { describe, expect, it } from 'vitest';
import { callbackErrorTitle, readCallbackResult } from './callback-result';

describe('readCallbackResult', () => {
  it('reads the outcome the callback put in the address', () => {
    expect(readCallbackResult({ result: 'authorized' })).toEqual({ kind: 'authorized' });
    expect(readCallbackResult({ result: 'error', reason: 'ACCESS_DENIED', message: 'The user denied consent.' })).toEqual({
      kind: 'error',
      reason: 'ACCESS_DENIED',
      message: 'The user denied consent.',
    });
    expect(readCallbackResult({})).toBeNull();
  });

  it('gives a clear heading for a denied consent and an unknown state', () => {
    expect(callbackErrorTitle('ACCESS_DENIED')).toMatch(/denied/);
    expect(callbackErrorTitle('INVALID_STATE')).toMatch(/unknown or has expired/);
    expect(callbackErrorTitle('FLOW_EXPIRED')).toMatch(/unknown or has expired/);
    expect(callbackErrorTitle('SOMETHING_ELSE')).toBe('Authorization failed');
  });
});
