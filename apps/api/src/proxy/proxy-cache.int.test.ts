/**
 * The proxy serves connections (and their decrypted credentials) from the `connection` read
 * cache: two instances on one PostgreSQL database and one Redis, the connection changed or
 * deleted through one while the other has it cached: the other's next proxied request already
 * uses the new settings within a second (event-bus invalidation, not the 60 s TTL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { startTestServer, type TestServer } from '../testing/index.js';
import { createConnection, createKey, grantkeeperError, ProxyClient, sentFor } from './proxy-test-support.js';
import { startTestUpstream, type TestUpstream } from './test-upstream.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const OLD_KEY = `old-${Math.random().toString(36).slice(2)}`;
const NEW_KEY = `new-${Math.random().toString(36).slice(2)}`;

describe('the proxy connection cache across two instances', () => {
  let upstream: TestUpstream;
  let a: TestServer;
  let b: TestServer;
  let client: RecordingClient;
  let cookie: string;
  let proxyB: ProxyClient;
  let key: string;

  const echoed = async (path: string) => {
    const res = await proxyB.send(path, { key });
    expect(res.status).toBe(200);
    return sentFor(upstream, res);
  };
  const update = async (input: Record<string, unknown>) => {
    const res = await client.gql(
      `mutation($i: UpdateConnectionInput!) { updateConnection(code: "CACHED", input: $i) { code } }`,
      { i: input },
      { cookie },
    );
    expect(res.body.errors).toBeUndefined();
  };

  beforeAll(async () => {
    upstream = await startTestUpstream();
    a = await startTestServer({ database: 'postgres', redisUrl: REDIS_URL });
    b = await startTestServer({ sharedDatabase: a.database, redisUrl: REDIS_URL });
    client = new RecordingClient(a.url);
    cookie = await client.login(a.adminEmail, a.adminPassword);
    await createConnection(client, cookie, {
      code: 'CACHED',
      name: 'Cached',
      baseUrl: `${upstream.url}/v1`,
      authenticationType: 'API_KEY',
      credentials: { apiKey: OLD_KEY, apiKeyHeader: 'X-Api-Key' },
    });
    key = await createKey(client, cookie, { name: 'proxy', connectionAccess: 'PROXY' });
    proxyB = new ProxyClient(b.url);
  }, 60_000);

  afterAll(async () => {
    await proxyB?.close();
    await b?.close();
    await a?.close();
    await upstream?.close();
  });

  it('uses new credentials and a new baseUrl changed on the other instance at once', async () => {
    expect((await echoed('/proxy/CACHED/echo')).headers['x-api-key']).toBe(OLD_KEY);
    expect((await echoed('/proxy/CACHED/echo')).headers['x-api-key']).toBe(OLD_KEY); // served from B's cache
    // Redis carries the invalidation: within a second (the cache's TTL is 60 s).
    await update({ credentials: { apiKey: NEW_KEY, apiKeyHeader: 'X-Api-Key' } });
    await expect.poll(async () => (await echoed('/proxy/CACHED/echo')).headers['x-api-key']).toBe(NEW_KEY);
    await update({ credentials: { apiKeyHeader: 'X-Other-Key' } }); // the stored key kept, sent elsewhere
    await expect.poll(async () => (await echoed('/proxy/CACHED/echo')).headers['x-other-key']).toBe(NEW_KEY);
    expect((await echoed('/proxy/CACHED/echo')).headers['x-api-key']).toBeUndefined();
    await update({ baseUrl: `${upstream.url}/v2` });
    await expect.poll(async () => (await echoed('/proxy/CACHED/echo')).url).toBe('/v2/echo');
  });

  it('answers 404 NOT_FOUND once the connection was deleted on the other instance', async () => {
    await echoed('/proxy/CACHED/echo');
    const res = await client.gql(`mutation { deleteConnection(code: "CACHED") }`, {}, { cookie });
    expect(res.body.errors).toBeUndefined();
    await expect.poll(async () => (await proxyB.send('/proxy/CACHED/echo', { key })).status).toBe(404);
    const before = upstream.seen.length;
    expect(grantkeeperError(await proxyB.send('/proxy/CACHED/echo', { key }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(upstream.seen.length).toBe(before);
  });
});
