/**
 * Issue 9, finding 1 and part of 6, over the real server: an anonymous alias bomb is refused
 * before execution (400-class, quickly, RSS within 20 MB), introspection only for signed-in
 * callers (none with GRAPHQL_INTROSPECTION=false), the same limits on graphql-ws, a syntax error
 * on graphql-ws does not close the socket, and /graphql answers carry Cache-Control: no-store.
 */
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../testing/index.js';
import { RecordingClient } from './test-support.js';

export const aliasBomb = (n: number) =>
  JSON.stringify({ query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: __schema { types { name } }`).join(' ')} }` });

const INTROSPECTION = '{ __schema { queryType { name } } }';

function wsRun(client: Client, query: string): Promise<{ data?: unknown; errors?: unknown }> {
  return new Promise((resolve) => {
    let last: { data?: unknown; errors?: unknown } = {};
    client.subscribe({ query }, { next: (r) => (last = r), error: (e) => resolve({ errors: e }), complete: () => resolve(last) });
  });
}

describe('query limits on the real server', () => {
  let server: TestServer;
  let client: RecordingClient;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the anonymous alias bomb (2,500 aliased __schema) with a 400-class error and a short answer', async () => {
    const body = aliasBomb(2_500);
    const post = () => client.raw({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await post(); // warm-up: the first request pays for lazy initialisation
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const res = await post();
    const elapsedMs = performance.now() - started;
    const rssAfter = process.memoryUsage().rss;
    console.log(
      `alias bomb (${body.length} bytes): HTTP ${res.status} in ${elapsedMs.toFixed(1)} ms, ` +
        `RSS ${(rssBefore / 2 ** 20).toFixed(1)} -> ${(rssAfter / 2 ** 20).toFixed(1)} MiB, response ${res.text.length} bytes`,
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(JSON.parse(res.text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(res.text.length).toBeLessThan(10_000);
  });

  it('lets only signed-in callers introspect', async () => {
    const anonymous = await client.gql(INTROSPECTION);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.body.data ?? null).toBeNull();
    const signedIn = await client.gql(INTROSPECTION, {}, { cookie });
    expect(signedIn.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    // __typename is not introspection of the schema.
    expect((await client.gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('sends Cache-Control: no-store on /graphql answers, errors included', async () => {
    expect((await client.gql('{ serverInfo { version } }', {}, { cookie })).headers.get('cache-control')).toBe('no-store');
    expect((await client.gql('{ nope }')).headers.get('cache-control')).toBe('no-store');
    const bad = await client.raw({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('cache-control')).toBe('no-store');
  });

  it('applies the same limits on graphql-ws, and a syntax error does not close the socket', async () => {
    const key = await client.createApiKey(cookie, 'ws limits', 'VIEWER');
    const closes: unknown[] = [];
    const ws = createClient({
      url: `${server.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${key}` },
    });
    ws.on('closed', (event) => closes.push(event));
    try {
      const syntax = await wsRun(ws, '{ serverInfo { version ');
      expect(syntax.errors).toMatchObject([{ message: expect.stringMatching(/Syntax Error/), extensions: { code: 'BAD_USER_INPUT' } }]);
      const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }`;
      expect((await wsRun(ws, aliases)).errors).toMatchObject([
        { message: expect.stringMatching(/aliases/i), extensions: { code: 'BAD_USER_INPUT' } },
      ]);
      expect(await wsRun(ws, '{ serverInfo { version } }')).toMatchObject({ data: { serverInfo: { version: expect.any(String) } } });
      expect(closes).toEqual([]);
    } finally {
      await ws.dispose();
    }
  });
});

describe('GRAPHQL_INTROSPECTION=false', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRAPHQL_INTROSPECTION: 'false' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses introspection to signed-in callers too', async () => {
    const client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    const res = await client.gql(INTROSPECTION, {}, { cookie });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/introspection/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});
