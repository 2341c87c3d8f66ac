import { describe, expect, it } from 'vitest';
import type { Dispatcher } from 'undici';
import { attemptOptions, type ForwardDeps } from './forward.js';
import { NO_BODY } from './request-body.js';

const deps = { timeoutMs: 1_000 } as ForwardDeps;
const target = { origin: 'https://api.example.com', path: '/v2/items?a=1' };
const caller = ['accept', 'a', 'x-api-key', 'sent by the caller', 'accept', 'b', 'x-request-id', 'r1'];

describe('attemptOptions', () => {
  it("puts the credential's header in place of every caller header of that name, the rest kept in order", () => {
    const options = attemptOptions(
      deps,
      { target, method: 'GET', headers: caller, body: NO_BODY },
      { headers: { 'x-api-key': 'k' }, query: null, retryOn401: false },
    );
    expect(options).toMatchObject({ origin: 'https://api.example.com', path: '/v2/items?a=1', method: 'GET', body: null });
    expect(options.headers).toEqual(['accept', 'a', 'accept', 'b', 'x-request-id', 'r1', 'x-api-key', 'k']);
    expect(caller).toHaveLength(8); // the caller's list is left as it was (a retry builds on it again)
  });

  it("sets a query credential on the path, replacing the caller's value, and passes the caller's headers as they are", () => {
    const options: Dispatcher.DispatchOptions = attemptOptions(
      deps,
      { target: { ...target, path: '/v2/items?api_key=mine&b=%20' }, method: 'GET', headers: caller, body: NO_BODY },
      { headers: {}, query: { name: 'api_key', value: 's e/cret' }, retryOn401: false },
    );
    expect(options.path).toBe('/v2/items?api_key=s+e%2Fcret&b=+');
    // Masked in the answer (credential-mask.ts), so the answer is asked for unencoded.
    expect(options.headers).toEqual([...caller, 'accept-encoding', 'identity']);
    const short = attemptOptions(
      deps,
      { target, method: 'GET', headers: caller, body: NO_BODY },
      { headers: {}, query: { name: 'api_key', value: 'short' }, retryOn401: false },
    );
    expect(short.headers).toBe(caller);
  });

  it("replaces the caller's accept-encoding when the credential's secret is to be masked in the answer", () => {
    const options = attemptOptions(
      deps,
      { target, method: 'GET', headers: ['accept-encoding', 'gzip, br', 'accept', 'a'], body: NO_BODY },
      { headers: { authorization: 'Bearer a-long-access-token' }, query: null, retryOn401: true },
    );
    expect(options.headers).toEqual(['accept', 'a', 'authorization', 'Bearer a-long-access-token', 'accept-encoding', 'identity']);
  });
});
