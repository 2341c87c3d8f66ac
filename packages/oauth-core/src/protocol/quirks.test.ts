import { describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../errors.js';
import { providerResponse } from './body-limit.js';
import { createQuirksFetch, normaliseTokenEndpointResponse, normaliseTokenResponse, type TokenEndpointObservation } from './quirks.js';

const obtainedAt = new Date('2026-03-01T12:00:00Z');
const base = { obtainedAt, requestedScopes: ['read', 'write'] };

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function expectInvalid(fn: () => unknown, field: string): ProviderError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    const e = error as ProviderError;
    expect(e.code).toBe('INVALID_TOKEN_RESPONSE');
    expect(e.message).toContain(`"${field}"`);
    return e;
  }
  throw new Error('expected INVALID_TOKEN_RESPONSE');
}

describe('normaliseTokenEndpointResponse (the customFetch half)', () => {
  it.each(['BEARER', 'Bearer', 'bEaReR'])('lower-cases token_type %s', async (tokenType) => {
    const out = await normaliseTokenEndpointResponse(json({ access_token: 'a', token_type: tokenType }));
    expect(out.status).toBe(200);
    expect(await out.json()).toMatchObject({ token_type: 'bearer' });
  });

  it('turns numeric strings in expires_in and refresh_token_expires_in into numbers', async () => {
    const out = await normaliseTokenEndpointResponse(
      json({
        access_token: 'a',
        token_type: 'bearer',
        expires_in: '3600',
        refresh_token_expires_in: '86400',
      }),
    );
    expect(await out.json()).toMatchObject({ expires_in: 3600, refresh_token_expires_in: 86400 });
  });

  it('leaves a non-numeric expires_in for validation to reject', async () => {
    const out = await normaliseTokenEndpointResponse(json({ access_token: 'a', token_type: 'bearer', expires_in: 'soon' }));
    expect(await out.json()).toMatchObject({ expires_in: 'soon' });
  });

  it('turns an error inside an HTTP 200 body into an HTTP 400 error response', async () => {
    const out = await normaliseTokenEndpointResponse(json({ error: 'invalid_grant', error_description: 'Token revoked' }));
    expect(out.status).toBe(400);
    expect(out.headers.get('content-type')).toContain('application/json');
    expect(await out.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Token revoked',
    });
  });

  it('keeps real error statuses and the Retry-After header', async () => {
    const out = await normaliseTokenEndpointResponse(json({ error: 'temporarily_unavailable' }, 503, { 'retry-after': '7' }));
    expect(out.status).toBe(503);
    expect(out.headers.get('retry-after')).toBe('7');
  });

  it('reads a form-encoded token response as JSON', async () => {
    const out = await normaliseTokenEndpointResponse(
      new Response('access_token=abc&token_type=Bearer&scope=repo%2Cuser', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(out.headers.get('content-type')).toContain('application/json');
    expect(await out.json()).toEqual({
      access_token: 'abc',
      token_type: 'bearer',
      scope: 'repo,user',
    });
  });

  it('drops an id_token it was asked not to trust', async () => {
    const body = { access_token: 'a', token_type: 'bearer', id_token: 'h.p.s' };
    const kept = await normaliseTokenEndpointResponse(json(body));
    expect(await kept.json()).toMatchObject({ id_token: 'h.p.s' });
    const dropped = await normaliseTokenEndpointResponse(json(body), { dropIdToken: true });
    expect(await dropped.json()).toEqual({ access_token: 'a', token_type: 'bearer' });
  });

  it('passes a non-JSON body through unchanged', async () => {
    const out = await normaliseTokenEndpointResponse(
      new Response('<html>Bad gateway</html>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      }),
    );
    expect(out.status).toBe(502);
    expect(await out.text()).toBe('<html>Bad gateway</html>');
  });
});

describe('token answers the host has already read (providerResponse)', () => {
  const preRead = (body: unknown, status = 200, contentType = 'application/json') =>
    providerResponse(new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)), {
      status,
      headers: { 'content-type': contentType },
    });

  it('passes one openid-client takes as it is on unread, without a copy', async () => {
    const response = preRead({ access_token: 'a', token_type: 'Bearer', expires_in: '60' });
    const out = await normaliseTokenEndpointResponse(response);
    expect(out).toBe(response);
    expect(out.bodyUsed).toBe(false);
    expect(await out.json()).toEqual({ access_token: 'a', token_type: 'Bearer', expires_in: '60' });
  });

  it('parses it once: json() answers with the parse the quirks layer made to check it', async () => {
    const response = preRead({ access_token: 'a', token_type: 'Bearer', expires_in: 60 });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const out = await normaliseTokenEndpointResponse(response);
      expect(await out.json()).toEqual({ access_token: 'a', token_type: 'Bearer', expires_in: 60 });
      expect(parse).toHaveBeenCalledTimes(1);
      expect(out.bodyUsed).toBe(true);
      await expect(out.json()).rejects.toThrow(TypeError);
    } finally {
      parse.mockRestore();
    }
  });

  it('still rewrites one that needs it: an error in a 200, an ID token to drop, a form-encoded body', async () => {
    const error = await normaliseTokenEndpointResponse(preRead({ error: 'invalid_grant' }));
    expect(error.status).toBe(400);
    const dropped = await normaliseTokenEndpointResponse(preRead({ access_token: 'a', token_type: 'bearer', id_token: 'h.p.s' }), {
      dropIdToken: true,
    });
    expect(await dropped.json()).toEqual({ access_token: 'a', token_type: 'bearer' });
    const form = await normaliseTokenEndpointResponse(
      preRead('access_token=a&token_type=Bearer', 200, 'application/x-www-form-urlencoded'),
    );
    expect(form.headers.get('content-type')).toContain('application/json');
    expect(await form.json()).toEqual({ access_token: 'a', token_type: 'bearer' });
  });

  it('reads a response that is not pre-read from its body, as always', async () => {
    const response = json({ access_token: 'a', token_type: 'Bearer' });
    const out = await normaliseTokenEndpointResponse(response);
    expect(out).not.toBe(response);
    expect(await out.json()).toEqual({ access_token: 'a', token_type: 'bearer' });
  });
});

describe('createQuirksFetch', () => {
  it('normalises only token endpoint responses and records status and Retry-After', async () => {
    const calls: string[] = [];
    const fetchImpl = async (input: string | URL): Promise<Response> => {
      calls.push(String(input));
      return json({ access_token: 'a', token_type: 'BEARER', expires_in: '60' }, 200, {
        'retry-after': '3',
      });
    };
    const observation: TokenEndpointObservation = { status: undefined, retryAfter: null };
    const wrapped = createQuirksFetch(fetchImpl, 'https://as.example/token', observation);

    const token = await wrapped('https://as.example/token', { method: 'POST' });
    expect(await token.json()).toMatchObject({ token_type: 'bearer', expires_in: 60 });
    expect(observation).toEqual({ status: 200, retryAfter: '3' });

    const other = await wrapped('https://as.example/revoke', { method: 'POST' });
    expect(await other.json()).toMatchObject({ token_type: 'BEARER', expires_in: '60' });
    expect(calls).toEqual(['https://as.example/token', 'https://as.example/revoke']);
  });
});

describe('normaliseTokenResponse (validation and mapping)', () => {
  it('maps a full response', () => {
    const tokens = normaliseTokenResponse(
      {
        access_token: 'at',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'rt',
        refresh_token_expires_in: '7200',
        scope: 'read  write',
        id_token: 'h.p.s',
      },
      base,
    );
    expect(tokens).toEqual({
      accessToken: 'at',
      tokenType: 'bearer',
      expiresAt: new Date('2026-03-01T13:00:00Z'),
      refreshToken: 'rt',
      refreshTokenExpiresAt: new Date('2026-03-01T14:00:00Z'),
      scopes: ['read', 'write'],
      idToken: 'h.p.s',
      obtainedAt,
    });
  });

  it('accepts expires_in as a string, and a missing one as no expiry', () => {
    expect(normaliseTokenResponse({ access_token: 'at', token_type: 'bearer', expires_in: '60' }, base).expiresAt).toEqual(
      new Date('2026-03-01T12:01:00Z'),
    );
    expect(normaliseTokenResponse({ access_token: 'at', token_type: 'bearer' }, base).expiresAt).toBeNull();
  });

  it('records the requested scopes when the response has no scope', () => {
    expect(normaliseTokenResponse({ access_token: 'at', token_type: 'bearer' }, base).scopes).toEqual(['read', 'write']);
  });

  it('splits comma-separated scopes for providers that use them', () => {
    const tokens = normaliseTokenResponse(
      { access_token: 'at', token_type: 'bearer', scope: 'repo,user' },
      { ...base, scopeSeparator: ',' },
    );
    expect(tokens.scopes).toEqual(['repo', 'user']);
  });

  it('keeps the previous refresh token and its expiry when the response has none', () => {
    const previousExpiry = new Date('2026-06-01T00:00:00Z');
    const tokens = normaliseTokenResponse(
      { access_token: 'at2', token_type: 'bearer', expires_in: 60 },
      { ...base, previousRefreshToken: 'rt-old', previousRefreshTokenExpiresAt: previousExpiry },
    );
    expect(tokens.refreshToken).toBe('rt-old');
    expect(tokens.refreshTokenExpiresAt).toEqual(previousExpiry);
  });

  it('takes a rotated refresh token and drops the previous expiry', () => {
    const tokens = normaliseTokenResponse(
      { access_token: 'at2', token_type: 'bearer', refresh_token: 'rt-new' },
      { ...base, previousRefreshToken: 'rt-old', previousRefreshTokenExpiresAt: new Date() },
    );
    expect(tokens.refreshToken).toBe('rt-new');
    expect(tokens.refreshTokenExpiresAt).toBeNull();
  });

  it.each([
    ['access_token', { token_type: 'bearer' }],
    ['access_token', { access_token: '', token_type: 'bearer' }],
    ['access_token', { access_token: 42, token_type: 'bearer' }],
    ['token_type', { access_token: 'at' }],
    ['token_type', { access_token: 'at', token_type: 7 }],
    ['expires_in', { access_token: 'at', token_type: 'bearer', expires_in: 'soon' }],
    ['expires_in', { access_token: 'at', token_type: 'bearer', expires_in: -1 }],
    ['refresh_token', { access_token: 'at', token_type: 'bearer', refresh_token: 5 }],
    ['refresh_token_expires_in', { access_token: 'at', token_type: 'bearer', refresh_token_expires_in: {} }],
    ['scope', { access_token: 'at', token_type: 'bearer', scope: ['a'] }],
    ['id_token', { access_token: 'at', token_type: 'bearer', id_token: 1 }],
    ['error', { error: 'invalid_grant' }],
    ['body', 'not an object'],
  ])('rejects an invalid "%s" naming the field, never the value', (field, body) => {
    const error = expectInvalid(() => normaliseTokenResponse(body, base), field);
    expect(error.message).not.toMatch(/soon|"at"/);
  });
});
