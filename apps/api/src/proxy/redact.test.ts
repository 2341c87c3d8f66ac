import { describe, expect, it } from 'vitest';
import { redact, REDACTED, secretsOf } from './redact.js';

describe('redacting the credentials sendTestRequest sent', () => {
  it('finds the secret parts of Bearer, Basic, header and query credentials', () => {
    const basic = Buffer.from('svc:pa ss:word').toString('base64');
    const secrets = secretsOf([
      { headers: { authorization: `Basic ${basic}` }, query: null, retryOn401: false },
      { headers: { authorization: 'Bearer tok-1' }, query: null, retryOn401: true },
      { headers: { 'x-api-key': 'k&1' }, query: { name: 'api_key', value: 'q/1' }, retryOn401: false },
    ]);
    expect(secrets).toEqual(expect.arrayContaining([basic, 'pa ss:word', 'pa%20ss%3Aword', 'tok-1', 'k&1', 'k%261', 'q/1', 'q%2F1']));
    expect(secrets).not.toContain('svc');
    const echoed = JSON.stringify({
      url: '/x?api_key=q%2F1',
      headers: { authorization: 'Bearer tok-1', 'x-api-key': 'k&1' },
      note: 'pa ss:word',
    });
    const shown = redact(echoed, secrets);
    for (const secret of ['q%2F1', 'tok-1', 'k&1', 'pa ss:word']) expect(shown).not.toContain(secret);
    expect(shown).toContain(`Bearer ${REDACTED}`);
  });

  it('leaves a response without credentials unchanged', () => {
    expect(redact('{"ok":true}', secretsOf([{ headers: {}, query: null, retryOn401: false }]))).toBe('{"ok":true}');
  });
});
