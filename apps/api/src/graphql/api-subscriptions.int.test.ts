/**
 * The subscription over a real WebSocket, on SQLite and PostgreSQL: refused without valid
 * credentials, closed when its API key is deleted or its session signs out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestServer } from '../testing/index.js';
import { contractServer } from './contract-server.js';
import { subscribe, type RecordingClient } from './test-support.js';

describe.each(testDatabases())('GraphQL subscription credentials on %s', (database) => {
  const api = contractServer(database);
  const { principals } = api;
  let server: TestServer;
  let client: RecordingClient;
  let adminCookie: string;

  beforeAll(async () => {
    ({ server, client, adminCookie } = await api.start());
  });
  afterAll(() => api.close());

  it('refuses WebSocket subscriptions without valid credentials', async () => {
    // graphql-ws closes with 4403 Forbidden when onConnect refuses.
    await expect(subscribe(server, `subscription { authorizationChanged { status } }`, {}, {})).rejects.toMatchObject({ code: 4403 });
    await expect(
      subscribe(server, `subscription { authorizationChanged { status } }`, {}, { authorization: 'Bearer gk_wrong' }),
    ).rejects.toMatchObject({ code: 4403 });
    const errors: unknown[] = [];
    const invalid = await subscribe(
      server,
      `subscription { authorizationChanged(connectionCode: 1) { status } }`,
      {},
      { authorization: `Bearer ${principals['viewerKey']!.apiKey}` },
      (e) => errors.push(e),
    );
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    await invalid.close();
  });

  it('closes live subscriptions when their API key is deleted or their session signs out', async () => {
    const made = await client.gql<{ createApiKey: { key: string; apiKey: { id: string } } }>(
      `mutation { createApiKey(input: { name: "revoked-live", role: VIEWER }) { key apiKey { id } } }`,
      {},
      { cookie: adminCookie },
    );
    const { key, apiKey } = made.body.data!.createApiKey;
    const keyErrors: unknown[] = [];
    const byKey = await subscribe(server, `subscription { authorizationChanged { status } }`, {}, { authorization: `Bearer ${key}` }, (e) =>
      keyErrors.push(e),
    );
    const sessionCookie = await client.login(server.adminEmail, server.adminPassword);
    const sessionErrors: unknown[] = [];
    const bySession = await subscribe(server, `subscription { authorizationChanged { status } }`, {}, { cookie: sessionCookie }, (e) =>
      sessionErrors.push(e),
    );

    expect(
      (await client.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, { id: apiKey.id }, { cookie: adminCookie })).body.errors,
    ).toBeUndefined();
    await expect.poll(() => keyErrors.length).toBeGreaterThan(0);
    expect(keyErrors[0]).toMatchObject({ code: 4401 });
    expect(sessionErrors).toEqual([]);

    expect((await client.gql(`mutation { logout }`, {}, { cookie: sessionCookie })).body.errors).toBeUndefined();
    await expect.poll(() => sessionErrors.length).toBeGreaterThan(0);
    expect(sessionErrors[0]).toMatchObject({ code: 4401 });
    await byKey.close();
    await bySession.close();
  });
});
