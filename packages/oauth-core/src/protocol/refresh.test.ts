import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.js';
import type { HttpFetch } from '../ports.js';
import { tokenSet } from '../testing/fixtures.js';
import { ManualClock } from '../testing/memory-ports.js';
import type { ProviderConfig, TokenSet } from '../types.js';
import { refreshTokenSet } from './refresh.js';
import { revokeTokenSet } from './revoke.js';

const provider: ProviderConfig = {
  authorizationEndpoint: 'https://as.example/authorize',
  tokenEndpoint: 'https://as.example/token',
  revocationEndpoint: 'https://as.example/revoke',
  clientId: 'client-1',
  clientSecret: 'client-secret-value',
  tokenEndpointAuthMethod: 'client_secret_basic',
  scopes: ['read'],
};

const current: TokenSet = tokenSet({
  accessToken: 'access-token-value',
  expiresAt: new Date('2026-01-01T00:00:00Z'),
  refreshToken: 'refresh-token-value',
  refreshTokenExpiresAt: new Date('2026-02-01T00:00:00Z'),
  scopes: ['read', 'write'],
  obtainedAt: new Date('2025-12-31T23:00:00Z'),
});

interface Seen {
  url: string;
  body: URLSearchParams;
  headers: Headers;
}

/** A provider played by a function: answers each request with the next response. */
function scripted(...responses: (Response | Error)[]): { fetch: HttpFetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch: HttpFetch = async (input, init) => {
    seen.push({
      url: String(input),
      body: new URLSearchParams(String(init?.body ?? '')),
      headers: new Headers(init?.headers),
    });
    const next = responses.shift();
    if (next === undefined) throw new Error('unexpected request');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, seen };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

async function refreshError(fetch: HttpFetch): Promise<ProviderError> {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const error = await refreshTokenSet({ provider, current, fetch, clock }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  const text = `${(error as Error).message} ${JSON.stringify(error)}`;
  for (const secret of ['refresh-token-value', 'access-token-value', 'client-secret-value']) {
    expect(text).not.toContain(secret);
  }
  return error as ProviderError;
}

describe('refreshTokenSet', () => {
  it('sends the refresh grant with client_secret_basic and normalises the answer', async () => {
    const { fetch, seen } = scripted(json({ access_token: 'at2', token_type: 'BEARER', expires_in: '120', refresh_token: 'rt2' }));
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const tokens = await refreshTokenSet({ provider, current, fetch, clock });
    expect(seen[0]?.body.get('grant_type')).toBe('refresh_token');
    expect(seen[0]?.body.get('refresh_token')).toBe('refresh-token-value');
    expect(seen[0]?.headers.get('authorization')).toMatch(/^Basic /);
    expect(tokens).toMatchObject({
      accessToken: 'at2',
      tokenType: 'bearer',
      refreshToken: 'rt2',
      expiresAt: new Date('2026-01-01T00:02:00Z'),
      scopes: ['read', 'write'],
      refreshTokenExpiresAt: null,
    });
  });

  it('keeps the current refresh token (and its expiry) when the answer has none', async () => {
    const { fetch } = scripted(json({ access_token: 'at2', token_type: 'bearer' }));
    const tokens = await refreshTokenSet({ provider, current, fetch });
    expect(tokens.refreshToken).toBe('refresh-token-value');
    expect(tokens.refreshTokenExpiresAt).toEqual(current.refreshTokenExpiresAt);
    expect(tokens.expiresAt).toBeNull();
  });

  it('invalid_grant → REAUTHORIZATION_REQUIRED, also when sent inside an HTTP 200 body', async () => {
    for (const status of [400, 200]) {
      const error = await refreshError(scripted(json({ error: 'invalid_grant', error_description: 'grant revoked' }, status)).fetch);
      expect(error).toMatchObject({
        code: 'REAUTHORIZATION_REQUIRED',
        error: 'invalid_grant',
        errorDescription: 'grant revoked',
        status: 400,
        transient: false,
      });
    }
  });

  it.each([
    [503, { 'retry-after': '7' }, 7000],
    [429, { 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, 30_000],
    [500, {}, undefined],
  ])('HTTP %i → PROVIDER_UNAVAILABLE, transient, with retryAfterMs', async (status, headers, retryAfterMs) => {
    for (const body of [json({ error: 'temporarily_unavailable' }, status, headers), new Response('down', { status, headers })]) {
      const error = await refreshError(scripted(body).fetch);
      expect(error).toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        transient: true,
        status,
        retryAfterMs,
      });
    }
  });

  it('a network failure → PROVIDER_UNAVAILABLE with no status', async () => {
    const error = await refreshError(scripted(new TypeError('fetch failed')).fetch);
    expect(error).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      transient: true,
      status: undefined,
    });
  });

  it('other OAuth errors → PROVIDER_ERROR with the provider fields', async () => {
    const error = await refreshError(scripted(json({ error: 'invalid_scope', error_description: 'nope' }, 400)).fetch);
    expect(error).toMatchObject({
      code: 'PROVIDER_ERROR',
      error: 'invalid_scope',
      errorDescription: 'nope',
      transient: false,
    });
  });

  it('a 401 challenge (invalid client) → PROVIDER_ERROR', async () => {
    const error = await refreshError(
      scripted(
        new Response('{"error":"invalid_client"}', {
          status: 401,
          headers: {
            'www-authenticate': 'Basic realm="as", error="invalid_client"',
            'content-type': 'application/json',
          },
        }),
      ).fetch,
    );
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', status: 401, transient: false });
  });

  it.each([
    ['no access_token', { token_type: 'bearer' }, /access_token/],
    ['a bad expires_in', { access_token: 'x', token_type: 'bearer', expires_in: 'later' }, /expires_in/],
    ['an unknown token_type', { access_token: 'x', token_type: 'mac' }, /token_type/i],
  ])('a 200 with %s → INVALID_TOKEN_RESPONSE', async (_name, body, pattern) => {
    const error = await refreshError(scripted(json(body)).fetch);
    expect(error.code).toBe('INVALID_TOKEN_RESPONSE');
    expect(error.message).toMatch(pattern);
  });

  it('a 200 that is not JSON → INVALID_TOKEN_RESPONSE', async () => {
    const error = await refreshError(scripted(new Response('<html/>', { headers: { 'content-type': 'text/html' } })).fetch);
    expect(error.code).toBe('INVALID_TOKEN_RESPONSE');
  });

  it('refuses to refresh without a refresh token', async () => {
    await expect(
      refreshTokenSet({
        provider,
        current: { ...current, refreshToken: null },
        fetch: scripted().fetch,
      }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
  });
});

describe('revokeTokenSet', () => {
  it('revokes the refresh token, then the access token, and reports each outcome', async () => {
    const { fetch, seen } = scripted(new Response(null, { status: 200 }), json({ error: 'unsupported_token_type' }, 400));
    const result = await revokeTokenSet({ provider, tokens: current, fetch });
    expect(seen.map((s) => [s.url, s.body.get('token_type_hint'), s.body.get('token')])).toEqual([
      ['https://as.example/revoke', 'refresh_token', 'refresh-token-value'],
      ['https://as.example/revoke', 'access_token', 'access-token-value'],
    ]);
    expect(result.attempted).toBe(true);
    expect(result.results[0]).toEqual({ tokenTypeHint: 'refresh_token', ok: true });
    expect(result.results[1]).toMatchObject({ tokenTypeHint: 'access_token', ok: false });
    expect(result.results[1]?.error).toContain('unsupported_token_type');
  });

  it('never throws: network failures and invalid configuration are reported', async () => {
    const down = await revokeTokenSet({
      provider,
      tokens: current,
      fetch: scripted(new TypeError('x'), new TypeError('y')).fetch,
    });
    expect(down.results.map((r) => r.ok)).toEqual([false, false]);
    expect(down.results[0]?.error).toMatch(/could not be reached/);

    const bad = await revokeTokenSet({
      provider: { ...provider, clientId: '' },
      tokens: current,
      fetch: scripted().fetch,
    });
    expect(bad.results.every((r) => !r.ok && /clientId/.test(r.error ?? ''))).toBe(true);
  });

  it('does not attempt anything without a revocation endpoint', async () => {
    const { fetch, seen } = scripted();
    expect(
      await revokeTokenSet({
        provider: { ...provider, revocationEndpoint: undefined },
        tokens: current,
        fetch,
      }),
    ).toEqual({
      attempted: false,
      results: [],
    });
    expect(seen).toHaveLength(0);
  });
});
