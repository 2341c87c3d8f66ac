/**
 * Workspace isolation over real HTTP and WebSocket, on SQLite and PostgreSQL: queries,
 * mutations, the per-workspace response cache and subscriptions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestServer } from '../testing/index.js';
import { contractServer, codeOf } from './contract-server.js';
import { subscribe, type RecordingClient, type Credentials } from './test-support.js';

describe.each(testDatabases())('GraphQL workspace isolation on %s', (database) => {
  const api = contractServer(database);
  const { principals, createConnection, authorize } = api;
  let server: TestServer;
  let client: RecordingClient;
  let adminCookie: string;

  beforeAll(async () => {
    ({ server, client, adminCookie } = await api.start());
  });
  afterAll(() => api.close());

  it('isolates workspaces in queries, mutations and subscriptions', async () => {
    const admin = { cookie: adminCookie };
    expect(
      (
        await client.gql(
          `mutation { createWorkspace(input: { slug: "other", company: "Other Inc", environment: "sandbox" }) { slug } }`,
          {},
          admin,
        )
      ).body.errors,
    ).toBeUndefined();
    const inOther = { cookie: adminCookie, workspace: 'other' };
    expect((await createConnection('ISO', inOther)).body.errors).toBeUndefined();
    const otherKey = await client.createApiKey(adminCookie, 'other operator', 'OPERATOR', 'other');

    const defaultKey = principals['operatorKey']!;
    expect((await client.gql(`query { connection(code: "ISO") { code } }`, {}, defaultKey)).body.data).toEqual({ connection: null });
    expect(codeOf(await client.gql(`query { authorization(connectionCode: "ISO") { status } }`, {}, defaultKey))).toBe('NOT_FOUND');
    expect(codeOf(await client.gql(`mutation { startAuthorization(connectionCode: "ISO") { authorizationUrl } }`, {}, defaultKey))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await client.gql(`mutation { revokeAuthorization(connectionCode: "ISO") { status } }`, {}, defaultKey))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { ...defaultKey, workspace: 'other' }))).toBe('FORBIDDEN');
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { cookie: adminCookie, workspace: 'missing' }))).toBe('NOT_FOUND');
    const defaultList = await client.gql<{ connections: { code: string }[] }>(`query { connections { code } }`, {}, defaultKey);
    expect(defaultList.body.data!.connections.map((c) => c.code)).not.toContain('ISO');
    const otherList = await client.gql<{ connections: { code: string }[] }>(`query { connections { code } }`, {}, { apiKey: otherKey });
    expect(otherList.body.data!.connections.map((c) => c.code)).toEqual(['ISO']);
    const otherAudit = await client.gql<{ auditEvents: { connectionCode: string }[] }>(
      `query { auditEvents { connectionCode } }`,
      {},
      { apiKey: otherKey },
    );
    expect(new Set(otherAudit.body.data!.auditEvents.map((e) => e.connectionCode))).toEqual(new Set(['ISO']));

    // A BASE connection exists in both workspaces independently; the same polled query text
    // answers each workspace with its own state (the response cache is per workspace).
    expect((await createConnection('BASE', inOther)).body.errors).toBeUndefined();
    const poll = `query Poll($c: String!) { authorization(connectionCode: $c) { connectionCode status } }`;
    const statusIn = async (credentials: Credentials) =>
      (await client.gql<{ authorization: { status: string } }>(poll, { c: 'BASE' }, credentials)).body.data?.authorization.status;
    expect(await statusIn(defaultKey)).toBe('NOT_AUTHORIZED');
    expect(await statusIn({ apiKey: otherKey })).toBe('NOT_AUTHORIZED');
    await authorize('BASE', { apiKey: otherKey });
    for (let i = 0; i < 3; i += 1) {
      expect(await statusIn({ apiKey: otherKey })).toBe('AUTHORIZED');
      expect(await statusIn(defaultKey)).toBe('NOT_AUTHORIZED');
    }
    expect(codeOf(await client.gql(poll, { c: 'BASE' }))).toBe('UNAUTHENTICATED');
    await client.gql(`mutation { revokeAuthorization(connectionCode: "BASE") { status } }`, {}, { apiKey: otherKey });
    expect(await statusIn({ apiKey: otherKey })).toBe('NOT_AUTHORIZED');

    const defaultSub = await subscribe<{ authorizationChanged: { connectionCode: string } }>(
      server,
      `subscription { authorizationChanged { connectionCode } }`,
      {},
      { authorization: `Bearer ${defaultKey.apiKey}` },
    );
    const otherSub = await subscribe<{ authorizationChanged: { connectionCode: string } }>(
      server,
      `subscription { authorizationChanged(connectionCode: "ISO") { connectionCode } }`,
      {},
      { cookie: adminCookie, workspace: 'other' },
    );
    const seenInOther = otherSub.waitFor((e) => e.authorizationChanged.connectionCode === 'ISO');
    expect(
      (await client.gql(`mutation { revokeAuthorization(connectionCode: "ISO") { status } }`, {}, { apiKey: otherKey })).body.errors,
    ).toBeUndefined();
    await seenInOther;
    // An event of the default workspace, published after ISO's: had ISO's leaked into the default
    // workspace's subscription, it would have arrived there first.
    const seenInDefault = defaultSub.waitFor((e) => e.authorizationChanged.connectionCode === 'BASE');
    await client.gql(`mutation { revokeAuthorization(connectionCode: "BASE") { status } }`, {}, defaultKey);
    await seenInDefault;
    expect(defaultSub.events.map((e) => e.authorizationChanged.connectionCode)).toEqual(['BASE']);
    await defaultSub.close();
    await otherSub.close();
  });
});
