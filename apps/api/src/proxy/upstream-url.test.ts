import { describe, expect, it } from 'vitest';
import { ProxyError } from './proxy-errors.js';
import { upstreamUrl } from './upstream-url.js';

describe('upstreamUrl', () => {
  it.each([
    ['https://api.example.com', 'items/1', '', 'https://api.example.com/items/1'],
    ['https://api.example.com/v2', 'items', 'a=1&b=%20', 'https://api.example.com/v2/items?a=1&b=%20'],
    ['https://api.example.com/v2/', 'items/', '', 'https://api.example.com/v2/items/'],
    ['https://api.example.com/v2', '', 'x=1', 'https://api.example.com/v2?x=1'],
    ['https://api.example.com/v2', 'a%20b/%E2%9C%93', '', 'https://api.example.com/v2/a%20b/%E2%9C%93'],
    ['http://127.0.0.1:8080/base', 'x:y/@z', '', 'http://127.0.0.1:8080/base/x:y/@z'],
  ])('%s + %s ? %s is %s', (base, path, query, expected) => {
    expect(upstreamUrl(base, path, query).href).toBe(expected);
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
  ])('refuses %j with BAD_USER_INPUT', (path) => {
    const error = (() => {
      try {
        upstreamUrl('https://api.example.com/v2', path, '');
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
  });
});
