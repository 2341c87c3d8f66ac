import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.js';
import type { ProviderConfig, TokenSet } from '../types.js';
import { discoverProvider } from './discovery.js';
import { MAX_PROVIDER_RESPONSE_BYTES, preReadBody, providerResponse, readLimitedBody } from './body-limit.js';
import { createQuirksFetch } from './quirks.js';
import { refreshTokenSet } from './refresh.js';
import { revokeTokenSet } from './revoke.js';

const MiB = 1024 * 1024;
/** What the provider below would send if nobody stopped reading: far over the limit. */
const STREAM_BYTES = 256 * MiB;

/**
 * A provider that answers every request with 200 and a JSON-looking body streamed in 64 KiB
 * chunks (no Content-Length), stopping when the client goes away. `sent` counts what it wrote.
 */
function streamingProvider(): { server: Server; sent: () => number } {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const server = createServer((req, res) => {
    if (req.url === '/small') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"issuer":"');
    let written = 0;
    let closed = false;
    res.on('close', () => (closed = true));
    const pump = () => {
      while (!closed && written < STREAM_BYTES) {
        written += chunk.length;
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!closed) res.end('"}');
    };
    pump();
  });
  return { server, sent: () => sent };
}

const tokens: TokenSet = {
  accessToken: 'at-1',
  tokenType: 'bearer',
  expiresAt: null,
  refreshToken: 'rt-1',
  refreshTokenExpiresAt: null,
  scopes: ['read'],
  idToken: null,
  obtainedAt: new Date(),
};

describe('provider responses are read at most 1 MiB', () => {
  let provider: ReturnType<typeof streamingProvider>;
  let base: string;
  let config: ProviderConfig;

  beforeAll(async () => {
    provider = streamingProvider();
    await new Promise<void>((resolve) => provider.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(provider.server.address() as AddressInfo).port}`;
    config = {
      authorizationEndpoint: `${base}/authorize`,
      tokenEndpoint: `${base}/token`,
      revocationEndpoint: `${base}/revoke`,
      clientId: 'client',
      clientSecret: 'secret',
      tokenEndpointAuthMethod: 'client_secret_post',
      scopes: ['read'],
    };
    // Load fetch's machinery before measuring (its first use costs memory of its own).
    await (await fetch(`${base}/small`)).text();
  });

  afterAll(() => {
    provider.server.closeAllConnections();
    provider.server.close();
  });

  interface Cost<T> {
    value?: T;
    error?: unknown;
    sent: number;
  }

  /** Runs `work`; returns its outcome and how much provider output it cost. */
  async function cost<T>(work: () => Promise<T>): Promise<Cost<T>> {
    const sentBefore = provider.sent();
    const outcome = await work().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    return { ...outcome, sent: provider.sent() - sentBefore };
  }

  /**
   * The reader stopped early: the provider could write little more than the limit plus the
   * socket buffers (so this process never held anything like the stream's size; its RSS
   * growth, which GC timing makes noisy, is not asserted).
   */
  function expectCheap(result: Cost<unknown>): void {
    expect(result.sent).toBeLessThan(STREAM_BYTES / 4);
  }

  function expectBounded(result: Cost<unknown>): void {
    expect(result.error).toBeInstanceOf(ProviderError);
    expect(result.error).toMatchObject({ code: 'PROVIDER_ERROR', publicCode: 'PROVIDER_ERROR' });
    expectCheap(result);
  }

  it('discovery', async () => {
    expectBounded(await cost(() => discoverProvider(base)));
  });

  it('the token endpoint (refresh)', async () => {
    expectBounded(await cost(() => refreshTokenSet({ provider: config, current: tokens })));
  });

  it('the revocation endpoint', async () => {
    const result = await cost(() => revokeTokenSet({ provider: config, tokens }));
    // Revocation records each token's failure instead of throwing.
    expect(result.value?.results.map((r) => r.ok)).toEqual([false, false]);
    expect(result.value?.results[0]?.error).toMatch(/larger than 1048576 bytes/);
    expectCheap(result);
  });

  it('any other answer openid-client fetches (JWKS)', async () => {
    const observation = { status: undefined, retryAfter: null };
    const quirksFetch = createQuirksFetch((input, init) => fetch(input, init), config.tokenEndpoint, observation);
    expectBounded(await cost(() => quirksFetch(`${base}/jwks`, { method: 'GET' })));
  });

  it('refuses a declared Content-Length over the limit without reading, and passes smaller bodies whole', async () => {
    let pulled = false;
    const huge = new Response(
      new ReadableStream({
        pull() {
          pulled = true;
        },
      }),
      { headers: { 'content-length': String(MAX_PROVIDER_RESPONSE_BYTES + 1) } },
    );
    await expect(readLimitedBody(huge)).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(pulled).toBe(false);
    const exact = new Uint8Array(MAX_PROVIDER_RESPONSE_BYTES).fill(7);
    expect((await readLimitedBody(new Response(exact))).byteLength).toBe(MAX_PROVIDER_RESPONSE_BYTES);
  });
});

describe('a response over an answer the host has already read (providerResponse)', () => {
  const answer = (body = '{"access_token":"a"}') =>
    providerResponse(new TextEncoder().encode(body), { status: 200, headers: { 'content-type': 'application/json', 'retry-after': '3' } });

  it('is a Response with the status and headers given, whose body reads once like any body', async () => {
    const response = answer();
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ access_token: 'a' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(response.blob()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(preReadBody(response)).toBeUndefined();
  });

  it('reads as text, bytes, a clone, or a real stream over the same bytes', async () => {
    expect(await answer().text()).toBe('{"access_token":"a"}');
    expect(new TextDecoder().decode(await answer().arrayBuffer())).toBe('{"access_token":"a"}');
    const original = answer();
    const clone = original.clone();
    expect(await clone.json()).toEqual({ access_token: 'a' });
    expect(await original.json()).toEqual({ access_token: 'a' });
    const streamed = answer();
    const chunks = [];
    for await (const chunk of streamed.body!) chunks.push(...chunk);
    expect(new TextDecoder().decode(new Uint8Array(chunks))).toBe('{"access_token":"a"}');
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.json()).rejects.toThrow(TypeError);
  });

  it('hands its bytes to the engine only while nobody has read them', async () => {
    const response = answer();
    expect(new TextDecoder().decode(preReadBody(response))).toBe('{"access_token":"a"}');
    await response.text();
    expect(preReadBody(response)).toBeUndefined();
    expect(preReadBody(new Response('{}'))).toBeUndefined();
    expect(providerResponse(null, { status: 204 }).body).toBeNull();
  });
});
