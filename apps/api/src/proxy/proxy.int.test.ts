/**
 * /proxy end to end over HTTP against a local upstream: who may call it (OUTBOUND.md's error
 * table), where requests go (path escapes refused before the upstream sees anything), which
 * credentials the NONE, BASIC and API_KEY types add, which headers cross, redirects, and that no
 * credential or key leaks into a response or a log line.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { freePort } from '@grantkeeper/test-idp';
import { startTestServer, type TestServer } from '../testing/index.js';
import { createConnection, createKey, grantkeeperError, ProxyClient, sentFor } from './proxy-test-support.js';
import { startTestUpstream, type TestUpstream } from './test-upstream.js';

const PASSWORD = `pw-${Math.random().toString(36).slice(2)}`;
const UPSTREAM_KEY = `uk-${Math.random().toString(36).slice(2)}`;

describe('the proxy for NONE, BASIC and API_KEY connections', () => {
  let server: TestServer;
  let upstream: TestUpstream;
  let client: RecordingClient;
  let proxy: ProxyClient;
  let cookie: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    upstream = await startTestUpstream();
    server = await startTestServer();
    client = new RecordingClient(server.url);
    proxy = new ProxyClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
    const base = `${upstream.url}/v1`;
    await createConnection(client, cookie, { code: 'OPEN', name: 'Open', baseUrl: base, authenticationType: 'NONE' });
    await createConnection(client, cookie, { code: 'NOBASE', name: 'No base', authenticationType: 'NONE' });
    await createConnection(client, cookie, {
      code: 'DOWN',
      name: 'Down',
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      authenticationType: 'NONE',
    });
    await createConnection(client, cookie, {
      code: 'METADATA',
      name: 'Metadata',
      baseUrl: 'https://169.254.169.254/latest',
      authenticationType: 'NONE',
    });
    await createConnection(client, cookie, {
      code: 'BASIC_API',
      name: 'Basic',
      baseUrl: base,
      authenticationType: 'BASIC',
      credentials: { username: 'svc', password: PASSWORD },
    });
    await createConnection(client, cookie, {
      code: 'HEADER_KEY',
      name: 'Header key',
      baseUrl: base,
      authenticationType: 'API_KEY',
      credentials: { apiKey: UPSTREAM_KEY, apiKeyHeader: 'X-Api-Key' },
    });
    await createConnection(client, cookie, {
      code: 'QUERY_KEY',
      name: 'Query key',
      baseUrl: base,
      authenticationType: 'API_KEY',
      credentials: { apiKey: UPSTREAM_KEY, apiKeyQueryParam: 'api_key' },
    });
    keys.proxy = await createKey(client, cookie, { name: 'proxy', connectionAccess: 'PROXY' });
    keys.token = await createKey(client, cookie, { name: 'token', connectionAccess: 'TOKEN' });
    keys.limited = await createKey(client, cookie, { name: 'limited', connectionAccess: 'PROXY', connectionCodes: ['OPEN'] });
    keys.none = await createKey(client, cookie, { name: 'none', role: 'ADMIN' });
    keys.deleted = await createKey(client, cookie, { name: 'deleted', connectionAccess: 'PROXY' });
    const listed = await client.gql<{ apiKeys: { id: string; name: string }[] }>(`{ apiKeys { id name } }`, {}, { cookie });
    const deletedId = listed.body.data!.apiKeys.find((k) => k.name === 'deleted')!.id;
    await client.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, { id: deletedId }, { cookie });
  });

  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await upstream?.close();
  });

  it('forwards a NONE request with its method, path, query, body and headers, and passes the answer back', async () => {
    const res = await proxy.send('/proxy/OPEN/echo/items?page=2&q=a%20b', {
      key: keys.proxy,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-custom': 'kept',
        cookie: 'gk_session=x',
        'x-workspace': 'default',
        'proxy-authorization': 'x',
        'x-request-id': 'req-123',
      },
      body: '{"hello":"world"}',
    });
    expect(res.status).toBe(200);
    const seen = res.json<{ method: string; url: string; headers: Record<string, string>; bodyBytes: number }>();
    expect(seen).toMatchObject({ method: 'POST', url: '/v1/echo/items?page=2&q=a%20b', bodyBytes: 17 });
    expect(seen.headers['x-custom']).toBe('kept');
    expect(seen.headers['content-type']).toBe('application/json');
    for (const dropped of ['authorization', 'cookie', 'x-workspace', 'proxy-authorization']) expect(seen.headers[dropped]).toBeUndefined();
    expect(seen.headers.host).toBe(new URL(upstream.url).host);
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['keep-alive']).not.toBe('timeout=5'); // the upstream's hop-by-hop header, not ours
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(res.headers['x-grantkeeper-error']).toBeUndefined();
  });

  it('answers HEAD with the upstream headers and no body', async () => {
    const head = await proxy.send('/proxy/OPEN/echo', { key: keys.proxy, method: 'HEAD' });
    expect([head.status, head.text, head.headers['x-upstream']]).toEqual([200, '', 'yes']);
    expect(head.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('passes redirects back without following them', async () => {
    const before = upstream.seen.length;
    const res = await proxy.send('/proxy/OPEN/redirect', { key: keys.proxy });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/elsewhere');
    expect(upstream.seen.length).toBe(before + 1);
  });

  it('adds BASIC and API_KEY credentials, replacing a query parameter the caller sent', async () => {
    const basic = sentFor(upstream, await proxy.send('/proxy/BASIC_API/echo', { key: keys.token }));
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}`);
    const header = sentFor(upstream, await proxy.send('/proxy/HEADER_KEY/echo', { key: keys.proxy, headers: { 'x-api-key': 'forged' } }));
    expect(header.headers['x-api-key']).toBe(UPSTREAM_KEY);
    const query = sentFor(upstream, await proxy.send('/proxy/QUERY_KEY/echo?api_key=forged&x=1', { key: keys.proxy }));
    const params = new URL(query.url, 'http://u').searchParams;
    expect(params.getAll('api_key')).toEqual([UPSTREAM_KEY]);
    expect(params.get('x')).toBe('1');
    const none = sentFor(upstream, await proxy.send('/proxy/OPEN/echo', { key: keys.proxy }));
    expect(none.headers.authorization).toBeUndefined();
  });

  it.each([
    ['plain', ''],
    ['written 3 bytes at a time', '&trickle=3'],
    ['gzipped although the proxy asked for no encoding', '&gzip=1'],
  ])('masks every credential an upstream echoes, in its headers and body (%s)', async (_how, query) => {
    const basic = Buffer.from(`svc:${PASSWORD}`).toString('base64');
    for (const code of ['BASIC_API', 'HEADER_KEY', 'QUERY_KEY']) {
      const res = await proxy.send(`/proxy/${code}/echo?api_key=forged${query}`, {
        key: keys.proxy,
        headers: { 'accept-encoding': 'gzip, br' },
      });
      expect(res.status).toBe(200);
      const sent = sentFor(upstream, res);
      expect(JSON.stringify(sent)).toMatch(new RegExp(`${basic}|${UPSTREAM_KEY}`)); // the upstream did get it ...
      expect(sent.headers['accept-encoding']).toBe('identity'); // ... unencoded answers asked for, so they can be searched ...
      const shown = `${JSON.stringify(res.headers)}\n${res.text}`;
      for (const secret of [PASSWORD, UPSTREAM_KEY, basic]) expect(shown).not.toContain(secret); // ... the caller gets neither
      const echo = res.json<{ url: string; headers: Record<string, string> }>();
      const masked = { BASIC_API: echo.headers.authorization, HEADER_KEY: echo.headers['x-api-key'], QUERY_KEY: echo.url }[code];
      expect(masked).toContain('*'.repeat(code === 'BASIC_API' ? basic.length : UPSTREAM_KEY.length));
      if (code === 'QUERY_KEY') expect(res.headers.link).toBe(`<${echo.url}>; rel="next"`);
      if (query === '&gzip=1') expect([res.headers['content-encoding'], res.headers['content-length']]).toEqual([undefined, undefined]);
      else expect(Number(res.headers['content-length'] ?? Buffer.byteLength(res.text))).toBe(Buffer.byteLength(res.text));
    }
    // An answer in an encoding Grantkeeper cannot read cannot be searched: refused, not passed on.
    const unreadable = await proxy.send(`/proxy/HEADER_KEY/echo?encoding=compress${query}`, { key: keys.proxy });
    expect(grantkeeperError(unreadable)).toMatchObject({ status: 502, code: 'PROVIDER_ERROR', header: 'PROVIDER_ERROR' });
    expect(grantkeeperError(unreadable).message).toContain('content-encoding "compress"');
    // A connection without a secret passes the caller's accept-encoding and the answer unchanged.
    const open = await proxy.send('/proxy/OPEN/echo?gzip=1', { key: keys.proxy, headers: { 'accept-encoding': 'gzip' } });
    expect(open.headers['content-encoding']).toBe('gzip');
    expect(upstream.seen.at(-1)?.headers['accept-encoding']).toBe('gzip');
  });

  it('masks the credential throughout a large gzipped answer, decoded as it streams', async () => {
    const repeat = 20_000; // about 8 MiB decoded, far more than the sockets' buffers hold
    const res = await proxy.send(`/proxy/HEADER_KEY/echo?gzip=1&repeat=${repeat}`, { key: keys.proxy });
    expect(res.status).toBe(200);
    const lines = res.text.split('\n');
    expect(lines).toHaveLength(repeat);
    expect(res.text).not.toContain(UPSTREAM_KEY);
    expect(new Set(lines).size).toBe(1);
    expect(JSON.parse(lines[0]!).headers['x-api-key']).toBe('*'.repeat(UPSTREAM_KEY.length));
  });

  it.each([
    ['no key', undefined, 'OPEN', 401, 'UNAUTHENTICATED'],
    ['an unknown key', 'gk_unknown', 'OPEN', 401, 'UNAUTHENTICATED'],
    ['a deleted key', 'deleted', 'OPEN', 401, 'UNAUTHENTICATED'],
    ['a key without connection access', 'none', 'OPEN', 403, 'FORBIDDEN'],
    ['a key limited to other connections', 'limited', 'BASIC_API', 403, 'FORBIDDEN'],
    ['an unknown connection', 'proxy', 'NOPE', 404, 'NOT_FOUND'],
    ['a connection without baseUrl', 'proxy', 'NOBASE', 400, 'BAD_USER_INPUT'],
    ['an unreachable upstream', 'proxy', 'DOWN', 502, 'PROVIDER_ERROR'],
    ['a metadata address (outbound address policy)', 'proxy', 'METADATA', 400, 'BAD_USER_INPUT'],
  ])('answers %s (key %s, connection %s) with its own %i %s', async (_what, keyName, code, status, errorCode) => {
    const key = keyName === undefined ? undefined : (keys[keyName] ?? keyName);
    const res = await proxy.send(`/proxy/${code}/echo`, key ? { key } : {});
    expect(grantkeeperError(res)).toMatchObject({ status, code: errorCode, header: errorCode });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('never lets a console session drive the proxy', async () => {
    const res = await proxy.send('/proxy/OPEN/echo', { headers: { cookie } });
    expect(grantkeeperError(res)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it.each([
    '/proxy/OPEN/../../admin',
    '/proxy/OPEN/a/%2e%2e/%2E%2E/admin',
    '/proxy/OPEN/a%2f..%2f..%2fadmin',
    '/proxy/OPEN/a%5c..%5cadmin',
    '/proxy/OPEN//evil.example/x',
    '/proxy/OPEN/http://evil.example/x',
    '/proxy/OPEN/%252e%252e/admin',
    '/proxy/OPEN/a/./b',
  ])('refuses the escaping path %s without the upstream seeing it', async (path) => {
    const before = upstream.seen.length;
    const res = await proxy.send(path, { key: keys.proxy });
    expect(grantkeeperError(res)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(upstream.seen.length).toBe(before);
  });

  it('sends a test request for the console (sendTestRequest) with the same credentials and errors', async () => {
    const MUTATION = `mutation($c: String!, $m: String!, $p: String!, $b: String) {
      sendTestRequest(connectionCode: $c, method: $m, path: $p, body: $b) { status headers { name value } body truncated durationMs } }`;
    type Result = { sendTestRequest: { status: number; headers: { name: string; value: string }[]; body: string; truncated: boolean } };
    const sent = await client.gql<Result>(MUTATION, { c: 'OPEN', m: 'post', p: '/echo?x=1', b: '{"a":1}' }, { cookie });
    expect(sent.body.errors).toBeUndefined();
    const result = sent.body.data!.sendTestRequest;
    expect(result).toMatchObject({ status: 200, truncated: false });
    expect(JSON.parse(result.body)).toMatchObject({ method: 'POST', url: '/v1/echo?x=1', bodyBytes: 7 });
    expect(result.headers).toContainEqual({ name: 'x-upstream', value: 'yes' });
    expect(result.headers.map((h) => h.name)).not.toContain('set-cookie');
    const keyed = await client.gql<Result>(MUTATION, { c: 'HEADER_KEY', m: 'GET', p: 'download?mb=1' }, { cookie });
    expect(keyed.body.data?.sendTestRequest).toMatchObject({ status: 200, truncated: true });
    expect(keyed.body.data?.sendTestRequest.body).toHaveLength(64 * 1024);
    expect(upstream.seen.at(-1)?.headers['x-api-key']).toBe(UPSTREAM_KEY);
    for (const [code, errorCode] of [
      ['NOBASE', 'BAD_USER_INPUT'],
      ['DOWN', 'PROVIDER_ERROR'],
      ['NOPE', 'NOT_FOUND'],
    ]) {
      const failed = await client.gql(MUTATION, { c: code, m: 'GET', p: 'echo' }, { cookie });
      expect(failed.body.errors?.[0]?.extensions?.code).toBe(errorCode);
    }
    const escaped = await client.gql(MUTATION, { c: 'OPEN', m: 'GET', p: '../admin' }, { cookie });
    expect(escaped.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const viewer = await client.gql(MUTATION, { c: 'OPEN', m: 'GET', p: 'echo' }, { apiKey: keys.proxy! });
    expect(viewer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const body of client.bodies) expect(body).not.toContain(UPSTREAM_KEY);
  });

  it('sendTestRequest forwards extra headers and refuses those the proxy never forwards', async () => {
    const MUTATION = `mutation($c: String!, $p: String!, $h: [HttpHeaderInput!]) {
      sendTestRequest(connectionCode: $c, path: $p, headers: $h) { status body } }`;
    type Result = { sendTestRequest: { status: number; body: string } };
    const headers = [
      { name: 'X-Trace', value: 'try-1' },
      { name: 'Accept', value: 'application/json' },
    ];
    const sent = await client.gql<Result>(MUTATION, { c: 'HEADER_KEY', p: 'echo', h: headers }, { cookie });
    expect(sent.body.errors).toBeUndefined();
    expect(upstream.seen.at(-1)?.headers).toMatchObject({ 'x-trace': 'try-1', accept: 'application/json', 'x-api-key': UPSTREAM_KEY });
    const before = upstream.seen.length;
    for (const name of ['Authorization', 'cookie', 'Host', 'Connection', 'proxy-authorization', 'bad name']) {
      const refused = await client.gql(MUTATION, { c: 'OPEN', p: 'echo', h: [{ name, value: 'x' }] }, { cookie });
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const split = await client.gql(MUTATION, { c: 'OPEN', p: 'echo', h: [{ name: 'X-A', value: 'a\r\nX-B: b' }] }, { cookie });
    expect(split.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(upstream.seen.length).toBe(before);
  });

  it('sendTestRequest never shows the credentials it sent, even when the upstream echoes them', async () => {
    const MUTATION = `mutation($c: String!) { sendTestRequest(connectionCode: $c, path: "echo?api_key=mine") { status headers { name value } body } }`;
    type Result = { sendTestRequest: { status: number; headers: { name: string; value: string }[]; body: string } };
    const basic = Buffer.from(`svc:${PASSWORD}`).toString('base64');
    for (const code of ['BASIC_API', 'HEADER_KEY', 'QUERY_KEY']) {
      const res = await client.gql<Result>(MUTATION, { c: code }, { cookie });
      expect(res.body.errors).toBeUndefined();
      const shown = JSON.stringify(res.body.data?.sendTestRequest);
      const seen = JSON.stringify(upstream.seen.at(-1));
      expect(seen).toMatch(new RegExp(`${PASSWORD}|${UPSTREAM_KEY}|${basic}`)); // the upstream did get it ...
      for (const secret of [PASSWORD, UPSTREAM_KEY, basic]) expect(shown).not.toContain(secret); // ... the console does not
      expect(res.body.data?.sendTestRequest.body).toContain('[redacted]');
    }
  });

  it('gives up on the upstream exchange as soon as the caller goes away', async () => {
    const waiting = upstream.seen.length;
    const caller = request(`${server.url}/proxy/OPEN/silent`, { headers: { authorization: `Bearer ${keys.proxy}` } });
    caller.on('error', () => {});
    caller.end();
    await vi.waitFor(() => expect(upstream.seen.slice(waiting).some((s) => s.url === '/v1/silent')).toBe(true), { timeout: 5_000 });
    const closed = upstream.silentClosed;
    caller.destroy();
    // Long before PROXY_TIMEOUT_MS (30 s): the upstream connection is closed by the abort.
    await vi.waitFor(() => expect(upstream.silentClosed).toBe(closed + 1), { timeout: 5_000, interval: 20 });
  });

  it('leaks no credential or key into responses or logs', () => {
    const transcript = proxy.transcript();
    const logs = server.logs().join('\n');
    for (const secret of [
      PASSWORD,
      UPSTREAM_KEY,
      Buffer.from(`svc:${PASSWORD}`).toString('base64'),
      keys.proxy!,
      keys.token!,
      keys.limited!,
    ]) {
      expect(logs).not.toContain(secret);
    }
    // The upstream echoes what it received; what Grantkeeper passes back of it, and its own
    // error bodies, carry no secret.
    for (const response of proxy.responses) {
      expect(JSON.stringify(response.headers)).not.toMatch(new RegExp(`${PASSWORD}|${UPSTREAM_KEY}|gk_`));
      expect(response.text).not.toMatch(new RegExp(`${PASSWORD}|${UPSTREAM_KEY}|gk_`));
    }
    expect(transcript).toContain('proxied');
    expect(logs).toContain('"msg":"proxied request"');
  });
});
