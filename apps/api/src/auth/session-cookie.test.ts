import { describe, expect, it } from 'vitest';
import { readSessionCookie } from './session-cookie.js';

describe('readSessionCookie', () => {
  it('finds gk_session among other cookies and decodes it', () => {
    expect(readSessionCookie('a=1; gk_session=abc%2Fdef; b=2')).toBe('abc/def');
    expect(readSessionCookie('gk_session=plain')).toBe('plain');
  });

  it('ignores look-alikes and missing headers', () => {
    expect(readSessionCookie('xgk_session=1; gk_sessions=2')).toBeUndefined();
    expect(readSessionCookie('')).toBeUndefined();
    expect(readSessionCookie(undefined)).toBeUndefined();
  });
});
