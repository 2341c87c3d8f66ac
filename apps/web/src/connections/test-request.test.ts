import { describe, expect, it } from 'vitest';
import { emptyTestRequest, parseHeaders, toVariables } from './test-request';

describe('the "Try a request" form', () => {
  it('sends the method, path, headers and a body for methods that have one', () => {
    const form = {
      ...emptyTestRequest(),
      method: 'POST' as const,
      path: ' /v1/items?x=1 ',
      headers: 'Accept: application/json\n\nX-Trace: a:b',
      body: '{"a":1}',
    };
    expect(toVariables(form)).toEqual({
      variables: {
        method: 'POST',
        path: '/v1/items?x=1',
        body: '{"a":1}',
        headers: [
          { name: 'Accept', value: 'application/json' },
          { name: 'X-Trace', value: 'a:b' },
        ],
      },
      errors: {},
    });
    expect(toVariables({ ...form, method: 'GET', headers: '' }).variables).toMatchObject({ body: null, headers: null });
  });

  it('refuses an absolute URL and the headers the proxy never forwards, by field', () => {
    const checked = toVariables({ ...emptyTestRequest(), path: 'https://elsewhere.example/x', headers: 'Authorization: Bearer x' });
    expect(checked.variables).toBeNull();
    expect(checked.errors.path).toContain('relative');
    expect(checked.errors.headers).toContain('never forwarded');
    expect(parseHeaders('no colon here').error).toContain('Name: value');
    expect(parseHeaders('Proxy-Authorization: x').error).toContain('never forwarded');
  });
});
