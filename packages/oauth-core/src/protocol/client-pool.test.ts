import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.js';
import type { HttpFetch } from '../ports.js';
import { tokenSet } from '../testing/fixtures.js';
import { ManualClock } from '../testing/memory-ports.js';
import type { ProviderConfig } from '../types.js';
import { requestClientCredentialsToken } from './client-credentials.js';
import { refreshTokenSet } from './refresh.js';

const provider: ProviderConfig = {
  authorizationEndpoint: 'https://as.example/authorize',
  tokenEndpoint: 'https://as.example/token',
  clientId: 'client-1',
  clientSecret: 'secret-1',
  tokenEndpointAuthMethod: 'client_secret_basic',
  scopes: ['read'],
};

const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

const granted = (refreshToken: string) => json({ access_token: `at-for-${refreshToken}`, token_type: 'Bearer', expires_in: 60 });

interface Seen {
  url: string;
  authorization: string | null;
  refreshToken: string | null;
  signal: AbortSignal | null | undefined;
}

/** A provider played by a function: answers through `answer`, records every request. */
function provider$(answer: (refreshToken: string) => Response | Promise<Response>): { fetch: HttpFetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch: HttpFetch = async (input, init) => {
    const refreshToken = new URLSearchParams(String(init?.body ?? '')).get('refresh_token');
    seen.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization'), refreshToken, signal: init?.signal });
    return answer(refreshToken ?? '');
  };
  return { fetch, seen };
}

const refresh = (config: ProviderConfig, fetch: HttpFetch, refreshToken: string) =>
  refreshTokenSet({ provider: config, current: tokenSet({ refreshToken }), fetch, clock });

describe('client contexts reused across operations', () => {
  it('never uses a context built for settings that have since changed', async () => {
    const { fetch, seen } = provider$((rt) => granted(rt));
    await refresh(provider, fetch, 'rt-1');
    await refresh(provider, fetch, 'rt-2');
    await refresh({ ...provider, tokenEndpoint: 'https://as2.example/token' }, fetch, 'rt-3');
    await refresh({ ...provider, tokenEndpoint: 'https://as2.example/token', clientSecret: 'secret-2' }, fetch, 'rt-4');
    // client_secret_basic: form-encoded id and secret (RFC 6749 §2.3.1), then base64.
    const secretOf = (header: string | null) => decodeURIComponent(Buffer.from(header!.slice(6), 'base64').toString().split(':')[1]!);
    expect(seen.map((s) => [s.url, secretOf(s.authorization)])).toEqual([
      ['https://as.example/token', 'secret-1'],
      ['https://as.example/token', 'secret-1'],
      ['https://as2.example/token', 'secret-1'],
      ['https://as2.example/token', 'secret-2'],
    ]);
  });

  it('still refuses invalid settings, also after valid ones were used', async () => {
    const { fetch, seen } = provider$((rt) => granted(rt));
    await refresh(provider, fetch, 'rt-1');
    const error = await refresh({ ...provider, tokenEndpoint: 'http://as.example/token' }, fetch, 'rt-2').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_CONFIGURATION' });
    expect(seen).toHaveLength(1);
  });

  it('keeps the observations of concurrent refreshes on the same settings apart: one 429 with Retry-After, one 200', async () => {
    let arrived = 0;
    let release!: () => void;
    const bothIn = new Promise<void>((resolve) => (release = resolve));
    const { fetch } = provider$(async (rt) => {
      if (++arrived === 2) release();
      await bothIn;
      return rt === 'rt-limited' ? json({ error: 'slow_down' }, 429, { 'retry-after': '7' }) : granted(rt);
    });
    const [limited, ok] = await Promise.allSettled([refresh(provider, fetch, 'rt-limited'), refresh(provider, fetch, 'rt-ok')]);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { accessToken: 'at-for-rt-ok' } });
    expect(limited.status).toBe('rejected');
    const error = (limited as PromiseRejectedResult).reason as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', status: 429, retryAfterMs: 7000 });
  });

  it('starts every operation with a clean observation (a reused context forgets the last answer)', async () => {
    const answers: (() => Response)[] = [
      () => json({ error: 'slow_down' }, 429, { 'retry-after': '7' }),
      () => {
        throw new TypeError('fetch failed');
      },
    ];
    const { fetch, seen } = provider$(() => answers.shift()!());
    await expect(refresh(provider, fetch, 'rt-1')).rejects.toMatchObject({ status: 429, retryAfterMs: 7000 });
    const error = await refresh(provider, fetch, 'rt-2').catch((e: unknown) => e);
    expect(seen).toHaveLength(2);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', status: undefined, retryAfterMs: undefined });
  });

  it('gives requests no deadline of its own when the fetch keeps one (timeoutMs), and a signal otherwise', async () => {
    const plain = provider$((rt) => granted(rt));
    await refresh(provider, plain.fetch, 'rt-1');
    expect(plain.seen[0]!.signal).toBeInstanceOf(AbortSignal);
    const timed = provider$((rt) => granted(rt));
    await refresh(provider, Object.assign(timed.fetch, { timeoutMs: 5000 }), 'rt-1');
    await requestClientCredentialsToken({ provider, fetch: timed.fetch, clock });
    expect(timed.seen.map((s) => s.signal)).toEqual([undefined, undefined]);
  });
});
