/**
 * /proxy for OAUTH2_AUTHORIZATION_CODE connections against the real test IdP and a local
 * upstream: the stored token as Bearer, one refresh for a 401-once upstream, at most one refresh
 * (and no refresh token reuse) for 50 concurrent requests on a token about to expire, the
 * provider's failures as 409/502, a 100 MiB download streamed with backpressure, and the 413/504 rows
 * on a server with small limits (with a stalled body cut off, a paused reader not).
 */
import { request, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { startTestServer, type TestServer } from '../testing/index.js';
import { authorizedConnection, createConnection, createKey, grantkeeperError, ProxyClient, sentFor } from './proxy-test-support.js';
import { startTestUpstream, type DownloadProgress, type TestUpstream } from './test-upstream.js';

/** A GET whose response body stays unread (paused) until the caller iterates it. */
function rawGet(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => request(url, { headers }, resolve).on('error', reject).end());
}

/**
 * Resolves once a download has stopped: waiting for `drain` with nothing more sent for 300 ms
 * (a stop, not a pause between two writes). A proxy reading the whole body never lets it stop
 * before the end; the test's timeout fails it then.
 */
async function stalled(progress: DownloadProgress): Promise<void> {
  let last = -1;
  while (!(progress.waiting && progress.sent === last) && !progress.done) {
    last = progress.sent;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const CLIENT_SECRET = `proxy-secret-${Math.random().toString(36).slice(2)}`;

describe('the proxy for OAUTH2_AUTHORIZATION_CODE connections', () => {
  let idp: TestIdp;
  let server: TestServer;
  let upstream: TestUpstream;
  let client: RecordingClient;
  let proxy: ProxyClient;
  let env: Parameters<typeof authorizedConnection>[0];
  let key: string;
  const tokens: string[] = [];

  const accessTokenOf = async (code: string): Promise<string> => {
    const connection = await server.app.orm.em.fork().findOneOrFail('Connection', { code } as never);
    const state = await server.app.ports.state.read((connection as { id: string }).id);
    tokens.push(state.tokens!.accessToken, state.tokens!.refreshToken ?? '');
    return state.tokens!.accessToken;
  };
  const refreshes = () => idp.counters().tokenRequests['refresh_token'] ?? 0;

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    upstream = await startTestUpstream();
    // The refresher stays out of the way: every refresh counted here is the proxy's.
    server = await startTestServer({ env: { REFRESHER_INTERVAL_MS: '3600000' } });
    idp.addClient({
      clientId: 'grantkeeper-proxy',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    client = new RecordingClient(server.url);
    proxy = new ProxyClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    const adminKey = await client.createApiKey(cookie, 'admin', 'ADMIN');
    env = { client, cookie, adminKey, idp, server };
    key = await createKey(client, cookie, { name: 'integration', connectionAccess: 'PROXY' });
    await authorizedConnection(env, 'CRM', `${upstream.url}/v1`, CLIENT_SECRET);
  });

  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await upstream?.close();
    await idp?.close();
  });

  it('sends the stored access token as Bearer', async () => {
    const res = await proxy.send('/proxy/CRM/echo', { key });
    const token = await accessTokenOf('CRM');
    expect(sentFor(upstream, res).headers.authorization).toBe(`Bearer ${token}`);
    // The upstream's echo of it comes back masked: a PROXY key never sees the token.
    expect(res.json<{ headers: Record<string, string> }>().headers.authorization).toBe(`Bearer ${'*'.repeat(token.length)}`);
    expect(res.text).not.toContain(token);
  });

  it('answers 409 NOT_AUTHORIZED for a connection with nothing stored', async () => {
    await createConnection(client, env.cookie, {
      code: 'CRM_NEW',
      name: 'New',
      baseUrl: `${upstream.url}/v1`,
      authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
      oauth2: { issuer: idp.issuer, clientId: 'grantkeeper-proxy', clientSecret: CLIENT_SECRET, scopes: ['api.read'] },
    });
    expect(grantkeeperError(await proxy.send('/proxy/CRM_NEW/echo', { key }))).toMatchObject({ status: 409, code: 'NOT_AUTHORIZED' });
  });

  it('refreshes exactly once for a 401-once upstream and sends the request again', async () => {
    await authorizedConnection(env, 'CRM_401', `${upstream.url}/v1`, CLIENT_SECRET);
    const first = await accessTokenOf('CRM_401');
    const before = refreshes();
    const res = await proxy.send('/proxy/CRM_401/unauthorized-once', { key, method: 'PUT', body: 'kept for the retry' });
    expect(res.status).toBe(200);
    expect(refreshes()).toBe(before + 1);
    const attempts = upstream.seen.filter((r) => r.url === '/v1/unauthorized-once');
    expect(attempts.map((r) => r.bodyBytes)).toEqual([18, 18]);
    expect(attempts[0]!.headers.authorization).toBe(`Bearer ${first}`);
    expect(attempts[1]!.headers.authorization).toBe(`Bearer ${await accessTokenOf('CRM_401')}`);
    // A second 401 is the upstream's answer, passed back as it came.
    const again = await proxy.send('/proxy/CRM_401/unauthorized', { key });
    expect(again.status).toBe(401);
    expect(again.headers['x-grantkeeper-error']).toBeUndefined();
  });

  it('costs at most one refresh, and no refresh token reuse, for 50 concurrent requests on a token about to expire', async () => {
    idp.setAccessTokenTtl(30);
    await authorizedConnection(env, 'CRM_BURST', `${upstream.url}/v1`, CLIENT_SECRET);
    idp.setAccessTokenTtl(600);
    const expiring = await accessTokenOf('CRM_BURST');
    const before = idp.counters();
    const responses = await Promise.all(Array.from({ length: 50 }, () => proxy.send('/proxy/CRM_BURST/echo', { key })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const after = idp.counters();
    expect((after.tokenRequests['refresh_token'] ?? 0) - (before.tokenRequests['refresh_token'] ?? 0)).toBe(1);
    expect(after.refreshTokenReuse).toBe(before.refreshTokenReuse);
    const fresh = await accessTokenOf('CRM_BURST');
    expect(fresh).not.toBe(expiring);
    for (const r of responses) expect(sentFor(upstream, r).headers.authorization).toBe(`Bearer ${fresh}`);
  });

  it('answers 502 PROVIDER_ERROR when the token endpoint fails, 409 REAUTHORIZATION_REQUIRED when it rejects the grant', async () => {
    await authorizedConnection(env, 'CRM_FAIL', `${upstream.url}/v1`, CLIENT_SECRET);
    idp.setQuirks({ failRefreshWith: { status: 503 } });
    try {
      expect(grantkeeperError(await proxy.send('/proxy/CRM_FAIL/unauthorized', { key }))).toMatchObject({
        status: 502,
        code: 'PROVIDER_ERROR',
      });
      idp.setQuirks({ errorIn200OnRefresh: 'invalid_grant' });
      const rejected = await proxy.send('/proxy/CRM_FAIL/unauthorized', { key });
      expect(grantkeeperError(rejected)).toMatchObject({ status: 409, code: 'REAUTHORIZATION_REQUIRED' });
      const later = await proxy.send('/proxy/CRM_FAIL/echo', { key });
      expect(grantkeeperError(later)).toMatchObject({ status: 409, code: 'REAUTHORIZATION_REQUIRED' });
    } finally {
      idp.setQuirks({});
    }
  });

  it('streams a 100 MiB download through, holding at most a few MiB of it while the client does not read', async () => {
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const response = await rawGet(`${server.url}/proxy/CRM/download?mb=100`, { authorization: `Bearer ${key}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe(String(100 * 1024 * 1024));
    // The client reads nothing yet: the upstream must come to a stop waiting for its reader, the
    // proxy passing the backpressure on instead of reading the body into memory.
    const progress = upstream.downloads.at(-1)!;
    await stalled(progress);
    expect(progress.done).toBe(false);
    const ahead = progress.sent;
    expect(ahead).toBeLessThan(40 * 1024 * 1024);
    let received = 0;
    let peak = baseline;
    for await (const chunk of response) {
      received += (chunk as Buffer).length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(received).toBe(100 * 1024 * 1024);
    console.info(
      `100 MiB through /proxy: the upstream stopped ${(ahead / 2 ** 20).toFixed(1)} MiB ahead of a client reading nothing; ` +
        `this process's rss (server, upstream, IdP and client) grew by ${((peak - baseline) / 1e6).toFixed(1)} MB`,
    );
  });

  it('leaks no token, client secret or key into a response or a log line', () => {
    const logs = server.logs().join('\n');
    const secrets = [CLIENT_SECRET, key, ...tokens.filter((t) => t !== '')];
    for (const secret of secrets) expect(logs).not.toContain(secret);
    for (const response of proxy.responses) {
      const headers = JSON.stringify(response.headers);
      for (const secret of secrets) expect(headers).not.toContain(secret);
      if (response.headers['x-grantkeeper-error']) for (const secret of secrets) expect(response.text).not.toContain(secret);
    }
  });
});

describe('the proxy limits', () => {
  let server: TestServer;
  let upstream: TestUpstream;
  let proxy: ProxyClient;
  let key: string;

  beforeAll(async () => {
    upstream = await startTestUpstream();
    server = await startTestServer({ env: { PROXY_TIMEOUT_MS: '300', PROXY_MAX_BODY_BYTES: '2000000' } });
    const client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    await createConnection(client, cookie, { code: 'OPEN', name: 'Open', baseUrl: `${upstream.url}/v1`, authenticationType: 'NONE' });
    key = await createKey(client, cookie, { name: 'limits', connectionAccess: 'PROXY' });
    proxy = new ProxyClient(server.url);
  });

  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await upstream?.close();
  });

  it('answers 504 UPSTREAM_TIMEOUT when the upstream does not answer within PROXY_TIMEOUT_MS', async () => {
    expect(grantkeeperError(await proxy.send('/proxy/OPEN/silent', { key }))).toMatchObject({
      status: 504,
      code: 'UPSTREAM_TIMEOUT',
      header: 'UPSTREAM_TIMEOUT',
    });
  });

  it('cuts the answer off when its body stalls for longer than PROXY_TIMEOUT_MS, closing the upstream exchange', async () => {
    const closed = upstream.stallClosed;
    const response = await rawGet(`${server.url}/proxy/OPEN/stall`, { authorization: `Bearer ${key}` });
    expect(response.statusCode).toBe(200);
    let body = '';
    const ended = await new Promise<boolean>((resolve) => {
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.once('end', () => resolve(true));
      response.once('close', () => resolve(false));
      response.once('error', () => resolve(false));
    });
    expect({ ended, body }).toEqual({ ended: false, body: 'first chunk' });
    await vi.waitFor(() => expect(upstream.stallClosed).toBe(closed + 1), { timeout: 5_000, interval: 20 });
  });

  it('does not time out an answer paused because the caller reads nothing for longer than PROXY_TIMEOUT_MS', async () => {
    const response = await rawGet(`${server.url}/proxy/OPEN/download?mb=20`, { authorization: `Bearer ${key}` });
    await stalled(upstream.downloads.at(-1)!);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    let bytes = 0;
    for await (const chunk of response) bytes += (chunk as Buffer).length;
    expect(bytes).toBe(20 * 1024 * 1024);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over PROXY_MAX_BODY_BYTES, declared or streamed', async () => {
    const before = upstream.seen.length;
    const declared = await proxy.send('/proxy/OPEN/echo', { key, method: 'POST', body: Buffer.alloc(2_000_001) });
    expect(grantkeeperError(declared)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(upstream.seen.length).toBe(before);
    const chunks = [Buffer.alloc(900_000), Buffer.alloc(900_000), Buffer.alloc(900_000)];
    const streamed = await proxy.send('/proxy/OPEN/echo', { key, method: 'POST', body: Readable.from(chunks) });
    expect(grantkeeperError(streamed)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(upstream.seen.length).toBe(before);
    const accepted = await proxy.send('/proxy/OPEN/echo', { key, method: 'POST', body: Buffer.alloc(1_500_000) });
    expect(accepted.json<{ bodyBytes: number }>().bodyBytes).toBe(1_500_000);
  });
});
