import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar.js';

function responseWith(...cookies: string[]): Response {
  const headers = new Headers();
  for (const c of cookies) headers.append('set-cookie', c);
  return new Response(null, { headers });
}

describe('CookieJar', () => {
  it('sends cookies only to matching paths and drops expired ones', () => {
    const jar = new CookieJar();
    const base = new URL('http://127.0.0.1:1/auth');
    jar.store(
      responseWith(
        '_interaction=abc; path=/interaction/uid1; httponly; samesite=lax',
        '_session=s1; path=/; expires=Wed, 01 Jan 2031 00:00:00 GMT',
        'gone=x; path=/; max-age=0',
      ),
      base,
    );
    expect(jar.header(new URL('http://127.0.0.1:1/interaction/uid1'))).toBe('_interaction=abc; _session=s1');
    expect(jar.header(new URL('http://127.0.0.1:1/interaction/uid10'))).toBe('_session=s1');
    expect(jar.header(new URL('http://127.0.0.1:1/auth/uid1'))).toBe('_session=s1');

    jar.store(responseWith('_session=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT'), base);
    expect(jar.header(new URL('http://127.0.0.1:1/auth'))).toBeUndefined();
  });
});
