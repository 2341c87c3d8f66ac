/**
 * OAUTH2_CLIENT_CREDENTIALS tokens are shared through the database: two instances on one
 * PostgreSQL + Redis make one client_credentials grant between them, each shows the token the
 * other fetched, and a 401 through one replaces the token for both (published live); on SQLite a
 * restarted instance keeps using the stored token.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient, subscribe } from '../graphql/test-support.js';
import { createTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../testing/index.js';
import { createConnection, createKey, ProxyClient, sentFor, type ProxyResponse } from './proxy-test-support.js';
import { startTestUpstream, type TestUpstream } from './test-upstream.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLIENT_SECRET = `cc-shared-${Math.random().toString(36).slice(2)}`;
const STATE = `query($c: String!) { connection(code: $c) { clientCredentialsToken { cached obtainedAt expiresAt scopes } } }`;

interface TokenState {
  cached: boolean;
  obtainedAt: string | null;
  expiresAt: string | null;
  scopes: string[];
}

/** The bearer token the upstream received for an echo (the echo itself shows it masked). */
const bearerOf = (upstream: TestUpstream, res: ProxyResponse) => sentFor(upstream, res).headers.authorization;

async function stateOf(client: RecordingClient, cookie: string, code: string): Promise<TokenState> {
  const res = await client.gql<{ connection: { clientCredentialsToken: TokenState } }>(STATE, { c: code }, { cookie });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.connection.clientCredentialsToken;
}

function machine(code: string, upstream: TestUpstream, idp: TestIdp): Record<string, unknown> {
  return {
    code,
    name: code,
    baseUrl: `${upstream.url}/v1`,
    authenticationType: 'OAUTH2_CLIENT_CREDENTIALS',
    allowTokenAccess: true,
    oauth2: { tokenEndpoint: idp.url('/token'), clientId: 'grantkeeper-cc', clientSecret: CLIENT_SECRET, scopes: ['api.read'] },
  };
}

describe('client credentials tokens shared by two instances on one PostgreSQL + Redis', () => {
  let idp: TestIdp;
  let upstream: TestUpstream;
  let a: TestServer;
  let b: TestServer;
  let clientA: RecordingClient;
  let clientB: RecordingClient;
  let proxyA: ProxyClient;
  let proxyB: ProxyClient;
  let cookie: string;
  let key: string;
  const grants = () => idp.counters().tokenRequests['client_credentials'] ?? 0;

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    upstream = await startTestUpstream();
    a = await startTestServer({ database: 'postgres', redisUrl: REDIS_URL });
    b = await startTestServer({ sharedDatabase: a.database, redisUrl: REDIS_URL });
    idp.addClient({
      clientId: 'grantkeeper-cc',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${a.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    clientA = new RecordingClient(a.url);
    clientB = new RecordingClient(b.url);
    proxyA = new ProxyClient(a.url);
    proxyB = new ProxyClient(b.url);
    cookie = await clientA.login(a.adminEmail, a.adminPassword);
    for (const code of ['RUSH', 'SEEN', 'REPLACED']) await createConnection(clientA, cookie, machine(code, upstream, idp));
    key = await createKey(clientA, cookie, { name: 'm2m', connectionAccess: 'TOKEN' });
  }, 120_000);

  afterAll(async () => {
    await proxyA?.close();
    await proxyB?.close();
    await b?.close();
    await a?.close();
    await upstream?.close();
    await idp?.close();
  });

  it('concurrent proxied requests through both instances cost exactly one grant and carry one token', async () => {
    const before = grants();
    const requests = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? proxyA : proxyB).send('/proxy/RUSH/echo', { key }));
    const responses = await Promise.all(requests);
    for (const res of responses) expect(res.status).toBe(200);
    expect(new Set(responses.map((res) => bearerOf(upstream, res))).size).toBe(1);
    expect(grants()).toBe(before + 1);
  });

  it("the second instance's management view and accessToken show the token the first fetched", async () => {
    const before = grants();
    const bearer = bearerOf(upstream, await proxyA.send('/proxy/SEEN/echo', { key }));
    expect(grants()).toBe(before + 1);
    const onA = await stateOf(clientA, cookie, 'SEEN');
    const onB = await stateOf(clientB, cookie, 'SEEN');
    expect(onA).toMatchObject({ cached: true, scopes: ['api.read'] });
    expect(onB).toEqual(onA);
    const res = await clientB.gql<{ accessToken: { accessToken: string } }>(
      `{ accessToken(connectionCode: "SEEN") { accessToken } }`,
      {},
      { apiKey: key },
    );
    expect(`Bearer ${res.body.data?.accessToken.accessToken}`).toBe(bearer);
    expect(bearerOf(upstream, await proxyB.send('/proxy/SEEN/echo', { key }))).toBe(bearer);
    expect(grants()).toBe(before + 1);
  });

  it('a 401 through one instance replaces the token for both, published live to the other', async () => {
    const first = bearerOf(upstream, await proxyB.send('/proxy/REPLACED/echo', { key }));
    expect(bearerOf(upstream, await proxyA.send('/proxy/REPLACED/echo', { key }))).toBe(first);
    const old = await stateOf(clientB, cookie, 'REPLACED');
    const sub = await subscribe<{ authorizationChanged: { connectionCode: string; status: string; tokenExpiresAt: string } }>(
      b,
      `subscription { authorizationChanged(connectionCode: "REPLACED") { connectionCode status tokenExpiresAt } }`,
      {},
      { cookie },
    );
    const published = sub.waitFor((e) => e.authorizationChanged.status === 'AUTHORIZED');
    const before = grants();
    let event;
    try {
      const retried = await proxyA.send('/proxy/REPLACED/unauthorized-once', { key });
      expect(retried.status).toBe(200);
      expect(grants()).toBe(before + 1);
      event = (await published).authorizationChanged;
    } finally {
      await sub.close();
    }
    const fresh = await stateOf(clientB, cookie, 'REPLACED');
    expect(event.tokenExpiresAt).toBe(fresh.expiresAt);
    expect(fresh.obtainedAt).not.toBe(old.obtainedAt);
    expect(await stateOf(clientA, cookie, 'REPLACED')).toEqual(fresh);
    const onB = bearerOf(upstream, await proxyB.send('/proxy/REPLACED/echo', { key }));
    expect(onB).not.toBe(first);
    expect(bearerOf(upstream, await proxyA.send('/proxy/REPLACED/echo', { key }))).toBe(onB);
    expect(grants()).toBe(before + 1);
  });

  it("a change of the connection's settings through one instance drops the token for both", async () => {
    const bearer = bearerOf(upstream, await proxyA.send('/proxy/SEEN/echo', { key }));
    const sub = await subscribe<{ authorizationChanged: { status: string } }>(
      a,
      `subscription { authorizationChanged(connectionCode: "SEEN") { status } }`,
      {},
      { cookie },
    );
    const dropped = sub.waitFor((e) => e.authorizationChanged.status === 'NOT_AUTHORIZED');
    try {
      const updated = await clientB.gql(
        `mutation { updateConnection(code: "SEEN", input: { name: "Seen again" }) { code } }`,
        {},
        { cookie },
      );
      expect(updated.body.errors).toBeUndefined();
      await dropped;
    } finally {
      await sub.close();
    }
    expect(await stateOf(clientA, cookie, 'SEEN')).toEqual({ cached: false, obtainedAt: null, expiresAt: null, scopes: [] });
    const before = grants();
    expect(bearerOf(upstream, await proxyA.send('/proxy/SEEN/echo', { key }))).not.toBe(bearer);
    expect(grants()).toBe(before + 1);
  });

  it('no token in a log line or a GraphQL response', () => {
    const logs = [...a.logs(), ...b.logs()].join('\n');
    const bodies = [...clientA.bodies, ...clientB.bodies].join('\n');
    const tokens = new Set(upstream.seen.map((r) => String(r.headers.authorization ?? '').replace(/^Bearer /, '')).filter(Boolean));
    expect(tokens.size).toBeGreaterThan(0);
    for (const token of tokens) expect(logs).not.toContain(token);
    expect(logs).not.toContain(CLIENT_SECRET);
    // accessToken's answer is the one response allowed to carry a token: only SEEN's was asked for.
    const seen = bodies.split('\n').filter((line) => !line.includes('"accessToken"'));
    for (const token of tokens) expect(seen.join('\n')).not.toContain(token);
  });
});

describe('client credentials token on SQLite', () => {
  let idp: TestIdp;
  let upstream: TestUpstream;
  let database: TestDatabase;
  let server: TestServer | undefined;

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    upstream = await startTestUpstream();
    database = await createTestDatabase('sqlite');
  });

  afterAll(async () => {
    await server?.close();
    await database?.drop();
    await upstream?.close();
    await idp?.close();
  });

  it('a restarted instance keeps the stored token: no new grant after the restart', async () => {
    server = await startTestServer({ sharedDatabase: database });
    idp.addClient({
      clientId: 'grantkeeper-cc',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    const client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    await createConnection(client, cookie, machine('KEPT', upstream, idp));
    const key = await createKey(client, cookie, { name: 'm2m', connectionAccess: 'PROXY' });
    let proxy = new ProxyClient(server.url);
    const bearer = bearerOf(upstream, await proxy.send('/proxy/KEPT/echo', { key }));
    const state = await stateOf(client, cookie, 'KEPT');
    await proxy.close();
    await server.close();
    const grantsBefore = idp.counters().tokenRequests['client_credentials'];

    server = await startTestServer({ sharedDatabase: database });
    const again = new RecordingClient(server.url);
    proxy = new ProxyClient(server.url);
    expect(bearerOf(upstream, await proxy.send('/proxy/KEPT/echo', { key }))).toBe(bearer);
    await proxy.close();
    expect(idp.counters().tokenRequests['client_credentials']).toBe(grantsBefore);
    expect(await stateOf(again, await again.login(server.adminEmail, server.adminPassword), 'KEPT')).toEqual(state);
  });
});
