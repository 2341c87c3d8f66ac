/**
 * OAUTH2_CLIENT_CREDENTIALS end to end against the real test IdP and a local upstream: the proxy
 * adds a token from the client_credentials grant, cached and shared (one grant for many
 * requests, concurrent ones included), a 401 costs one new grant, and `accessToken` hands out
 * the same cached token.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { startTestServer, type TestServer } from '../testing/index.js';
import { createConnection, createKey, ProxyClient, sentFor } from './proxy-test-support.js';
import { startTestUpstream, type TestUpstream } from './test-upstream.js';

const CLIENT_SECRET = `cc-secret-${Math.random().toString(36).slice(2)}`;

describe('OAUTH2_CLIENT_CREDENTIALS connections', () => {
  let idp: TestIdp;
  let server: TestServer;
  let upstream: TestUpstream;
  let client: RecordingClient;
  let proxy: ProxyClient;
  let key: string;
  let cookie: string;
  const grants = () => idp.counters().tokenRequests['client_credentials'] ?? 0;

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    upstream = await startTestUpstream();
    server = await startTestServer();
    idp.addClient({
      clientId: 'grantkeeper-cc',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    client = new RecordingClient(server.url);
    proxy = new ProxyClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
    await createConnection(client, cookie, {
      code: 'MACHINE',
      name: 'Machine to machine',
      baseUrl: `${upstream.url}/v1`,
      authenticationType: 'OAUTH2_CLIENT_CREDENTIALS',
      allowTokenAccess: true,
      oauth2: { issuer: idp.issuer, clientId: 'grantkeeper-cc', clientSecret: CLIENT_SECRET, scopes: ['api.read'] },
    });
    key = await createKey(client, cookie, { name: 'm2m', connectionAccess: 'TOKEN', connectionCodes: ['MACHINE'] });
  });

  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await upstream?.close();
    await idp?.close();
  });

  it('adds one cached token, shared by sequential and concurrent requests', async () => {
    const before = grants();
    const first = await proxy.send('/proxy/MACHINE/echo', { key });
    expect(first.status).toBe(200);
    const bearer = sentFor(upstream, first).headers.authorization;
    expect(bearer).toMatch(/^Bearer \S+$/);
    const more = await Promise.all(Array.from({ length: 20 }, () => proxy.send('/proxy/MACHINE/echo', { key })));
    for (const res of more) expect(sentFor(upstream, res).headers.authorization).toBe(bearer);
    expect(grants()).toBe(before + 1);
  });

  it('hands the same cached token to accessToken', async () => {
    const seen = sentFor(upstream, await proxy.send('/proxy/MACHINE/echo', { key }));
    const res = await client.gql<{ accessToken: { accessToken: string; tokenType: string; scopes: string[] } }>(
      `{ accessToken(connectionCode: "MACHINE") { accessToken tokenType scopes } }`,
      {},
      { apiKey: key },
    );
    expect(res.body.errors).toBeUndefined();
    expect(`Bearer ${res.body.data?.accessToken.accessToken}`).toBe(seen.headers.authorization);
    expect(res.body.data?.accessToken.scopes).toContain('api.read');
  });

  it('gets one new token after a 401 and sends the request again', async () => {
    const before = grants();
    const res = await proxy.send('/proxy/MACHINE/unauthorized-once', { key });
    expect(res.status).toBe(200);
    expect(grants()).toBe(before + 1);
    const attempts = upstream.seen.filter((r) => r.url === '/v1/unauthorized-once');
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.headers.authorization).not.toBe(attempts[1]!.headers.authorization);
  });

  it('Test Token fetches a new token, which the management page shows as cached and the proxy then uses', async () => {
    const STATE = `{ connection(code: "MACHINE") { authorization { status } clientCredentialsToken { cached obtainedAt expiresAt scopes } } }`;
    type State = { connection: { authorization: null; clientCredentialsToken: { cached: boolean; expiresAt: string; scopes: string[] } } };
    const before = grants();
    const tested = await client.gql<{ testToken: { valid: boolean; expiresAt: string; message: string } }>(
      `mutation { testToken(connectionCode: "MACHINE") { valid expiresAt message } }`,
      {},
      { cookie },
    );
    expect(tested.body.errors).toBeUndefined();
    expect(tested.body.data?.testToken).toMatchObject({ valid: true, message: expect.stringContaining('client_credentials') });
    expect(grants()).toBe(before + 1);
    const state = (await client.gql<State>(STATE, {}, { cookie })).body.data!.connection;
    expect(state.authorization).toBeNull();
    expect(state.clientCredentialsToken).toMatchObject({
      cached: true,
      expiresAt: tested.body.data?.testToken.expiresAt,
      scopes: ['api.read'],
    });
    await proxy.send('/proxy/MACHINE/echo', { key });
    expect(grants()).toBe(before + 1);
    const events = await client.gql<{ auditEvents: { type: string; message: string }[] }>(
      `{ auditEvents(connectionCode: "MACHINE", first: 1) { type message } }`,
      {},
      { cookie },
    );
    expect(events.body.data?.auditEvents[0]).toMatchObject({ type: 'TOKEN_TESTED', message: expect.stringContaining('valid') });
  });

  it('Test Token with a wrong client secret says so (valid false) and caches nothing', async () => {
    await createConnection(client, cookie, {
      code: 'MACHINE_BAD',
      name: 'Wrong secret',
      baseUrl: `${upstream.url}/v1`,
      authenticationType: 'OAUTH2_CLIENT_CREDENTIALS',
      // A token endpoint alone is enough for this type (no authorization endpoint, no discovery).
      oauth2: { tokenEndpoint: idp.url('/token'), clientId: 'grantkeeper-cc', clientSecret: 'not-the-secret', scopes: ['api.read'] },
    });
    const tested = await client.gql<{ testToken: { valid: boolean; message: string } }>(
      `mutation { testToken(connectionCode: "MACHINE_BAD") { valid message } }`,
      {},
      { cookie },
    );
    expect(tested.body.data?.testToken.valid).toBe(false);
    expect(tested.body.data?.testToken.message).toContain('client_credentials');
    expect(tested.body.data?.testToken.message).not.toContain('not-the-secret');
    const state = await client.gql<{ connection: { clientCredentialsToken: { cached: boolean } } }>(
      `{ connection(code: "MACHINE_BAD") { clientCredentialsToken { cached } } }`,
      {},
      { cookie },
    );
    expect(state.body.data?.connection.clientCredentialsToken.cached).toBe(false);
  });

  it('leaks neither the client secret nor a token into a log line', () => {
    const logs = server.logs().join('\n');
    expect(logs).not.toContain(CLIENT_SECRET);
    expect(logs).not.toContain('not-the-secret');
    for (const body of client.bodies) {
      expect(body).not.toContain(CLIENT_SECRET);
      expect(body).not.toContain('not-the-secret');
    }
    for (const request of upstream.seen) {
      const token = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (token) expect(logs).not.toContain(token);
    }
  });
});
