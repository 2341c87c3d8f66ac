import { describe, expect, it } from 'vitest';
import { ProxyError } from './proxy-errors.js';
import { upstreamTarget } from './upstream-url.js';

const href = (base: string, path: string, query: string) => {
  const { origin, path: target } = upstreamTarget(base, path, query);
  return `${origin}${target}`;
};

function refusal(base: string, path: string, query = ''): unknown {
  try {
    upstreamTarget(base, path, query);
    return null;
  } catch (e) {
    return e;
  }
}

describe('upstreamTarget', () => {
  it.each([
    ['https://api.example.com', 'items/1', '', 'https://api.example.com/items/1'],
    ['https://api.example.com/v2', 'items', 'a=1&b=%20', 'https://api.example.com/v2/items?a=1&b=%20'],
    ['https://api.example.com/v2/', 'items/', '', 'https://api.example.com/v2/items/'],
    ['https://api.example.com/v2', '', 'x=1', 'https://api.example.com/v2?x=1'],
    ['https://api.example.com/v2', 'a%20b/%E2%9C%93', '', 'https://api.example.com/v2/a%20b/%E2%9C%93'],
    ['http://127.0.0.1:8080/base', 'x:y/@z', '', 'http://127.0.0.1:8080/base/x:y/@z'],
    ['https://api.example.com:443/v2', 'a b', "q='x y'", 'https://api.example.com/v2/a%20b?q=%27x%20y%27'],
    ['https://api.example.com/v2', 'caf\u00e9', '\u00e9=1', 'https://api.example.com/v2/caf%C3%A9?%C3%A9=1'],
  ])('%s + %s ? %s is %s', (base, path, query, expected) => {
    expect(href(base, path, query)).toBe(expected);
  });

  it.each([
    '..',
    'a/../../b',
    '%2e%2e/b',
    '.%2E/b',
    'a/.',
    'a%2fb',
    'a%5Cb',
    'a\\b',
    '/evil.example/x',
    'http://evil.example/x',
    '%252e%252e/x',
    '%zz',
    'a\u0000b',
    // Only characters kept as they are (joined as text, not parsed): still refused.
    'a/..',
    'a/%2E%2e',
    'a//b',
    '.',
    'a/./b',
  ])('refuses %j with BAD_USER_INPUT', (path) => {
    const error = refusal('https://api.example.com/v2', path);
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
  });

  it('gives what the URL parser makes of base + path + query (no fragment), for every ASCII character in either', () => {
    const bases = ['https://api.example.com/v2', 'http://127.0.0.1:8080/', 'https://api.example.com/a%20b/'];
    for (const base of bases) {
      const basePath = new URL(base).pathname.replace(/\/+$/, '');
      for (let code = 0x20; code < 0x7f; code += 1) {
        const c = String.fromCharCode(code);
        for (const [path, query] of [
          [`a${c}b/c`, 'x=1'],
          [`${c}`, ''],
          ['items', `q=${c}&r=${c}${c}`],
        ] as const) {
          const error = refusal(base, path, query);
          if (error !== null) {
            expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
            continue;
          }
          const parsed = new URL(`${new URL(base).origin}${basePath}/${path}${query === '' ? '' : `?${query}`}`);
          expect(href(base, path, query), `${base} ${JSON.stringify(path)} ? ${JSON.stringify(query)}`).toBe(
            `${parsed.origin}${parsed.pathname}${parsed.search}`,
          );
        }
      }
    }
  });
});
