/**
 * The server's fetch for oauth-core against a real local HTTP server: what it sends, how it
 * hands the answer back (a real Response, decoded, read whole within the provider limit), and
 * how failures look (as fetch's: a TypeError, the deadline's TimeoutError, the limit's
 * ProviderError).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { MAX_PROVIDER_RESPONSE_BYTES, ProviderError, refreshTokenSet } from '@grantkeeper/oauth-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundAgent } from './address-policy.js';
import { createOutboundFetch } from './outbound-fetch.js';

let server: Server;
let base: string;
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
let streamed = 0;
const agent = createOutboundAgent({ allowPrivate: true });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      switch (req.url) {
        case '/gzip':
          return void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"ok":true}'));
        case '/declared-large':
          return void res.writeHead(200, { 'content-length': String(MAX_PROVIDER_RESPONSE_BYTES + 1) }).write('{');
        case '/endless': {
          const chunk = Buffer.alloc(64 * 1024, 'a');
          const pump = () => {
            while (!res.destroyed && streamed < 64 * MAX_PROVIDER_RESPONSE_BYTES) {
              streamed += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', pump);
            }
          };
          res.writeHead(200, { 'content-type': 'application/json' });
          return pump();
        }
        case '/silent':
          return; // never answers
        case '/no-content':
          return void res.writeHead(204, { 'retry-after': '3' }).end();
        default:
          return void res
            .writeHead(429, { 'content-type': 'application/json', 'retry-after': '7', 'set-cookie': ['a=1', 'b=2'] })
            .end('{"error":"slow_down"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = { method: 'POST', redirect: 'manual' } as const;

describe('the outbound fetch for oauth-core', () => {
  it('sends the form body and headers, and answers with a real Response carrying status, headers and body', async () => {
    const fetch = createOutboundFetch(agent);
    const response = await fetch(`${base}/token?x=1`, {
      ...post,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt 1' }),
    });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(await response.json()).toEqual({ error: 'slow_down' });
    expect(received.at(-1)).toMatchObject({ method: 'POST', url: '/token?x=1', body: 'grant_type=refresh_token&refresh_token=rt+1' });
    expect(received.at(-1)!.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
  });

  it('decodes a compressed answer and answers a 204 without a body', async () => {
    const fetch = createOutboundFetch(agent);
    const gzip = await fetch(`${base}/gzip`, { method: 'GET', redirect: 'manual' });
    expect(gzip.headers.get('content-encoding')).toBeNull();
    expect(await gzip.json()).toEqual({ ok: true });
    const empty = await fetch(`${base}/no-content`, post);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('refuses an answer over the provider limit, declared or streamed, without reading on', async () => {
    const fetch = createOutboundFetch(agent);
    const declared = await fetch(`${base}/declared-large`, post).catch((e: unknown) => e);
    expect(declared).toBeInstanceOf(ProviderError);
    expect(declared).toMatchObject({ code: 'PROVIDER_ERROR', status: 200 });
    const endless = await fetch(`${base}/endless`, post).catch((e: unknown) => e);
    expect(endless).toBeInstanceOf(ProviderError);
    expect((endless as Error).message).toContain(`larger than ${MAX_PROVIDER_RESPONSE_BYTES} bytes`);
    expect(streamed).toBeLessThan(16 * MAX_PROVIDER_RESPONSE_BYTES);
  });

  it('fails like fetch: a TypeError when nothing answers, a TimeoutError past its deadline, the caller’s abort reason', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const fetch = createOutboundFetch(agent, { timeoutMs: 200 });
    expect(fetch.timeoutMs).toBe(200);
    await expect(fetch(`http://127.0.0.1:${port}/token`, post)).rejects.toBeInstanceOf(TypeError);
    await expect(fetch(`${base}/silent`, post)).rejects.toMatchObject({ name: 'TimeoutError' });
    const controller = new AbortController();
    const aborted = fetch(`${base}/silent`, { ...post, signal: controller.signal });
    controller.abort(new Error('stopped by the caller'));
    await expect(aborted).rejects.toThrow('stopped by the caller');
  });

  it('gives the engine the status and Retry-After of a refresh answer (429 → transient, retry after 7 s)', async () => {
    const fetch = createOutboundFetch(agent);
    const provider = {
      authorizationEndpoint: `${base}/authorize`,
      tokenEndpoint: `${base}/token`,
      clientId: 'c',
      tokenEndpointAuthMethod: 'none' as const,
      scopes: [],
    };
    const current = {
      accessToken: 'at',
      tokenType: 'bearer',
      expiresAt: null,
      refreshToken: 'rt',
      refreshTokenExpiresAt: null,
      scopes: [],
      idToken: null,
      obtainedAt: new Date(),
    };
    const error = await refreshTokenSet({ provider, current, fetch }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', status: 429, retryAfterMs: 7000 });
    const timedOut = await refreshTokenSet({
      provider: { ...provider, tokenEndpoint: `${base}/silent` },
      current,
      fetch: createOutboundFetch(agent, { timeoutMs: 200 }),
    }).catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', transient: true });
    expect((timedOut as Error).message).toContain('timed out');
  });
});
