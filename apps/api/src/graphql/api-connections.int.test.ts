/**
 * Contract operations over real HTTP, on SQLite and PostgreSQL, success and failure paths:
 * connections, refreshToken errors, audit events, API keys, workspaces, templates, discovery.
 */
import type { TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestServer } from '../testing/index.js';
import { contractServer, codeOf, SECRET } from './contract-server.js';
import { subscribe, type RecordingClient } from './test-support.js';

describe.each(testDatabases())('GraphQL operations on %s', (database) => {
  const api = contractServer(database);
  const { principals, oauth2, createConnection, authorize } = api;
  let server: TestServer;
  let idp: TestIdp;
  let client: RecordingClient;
  let adminCookie: string;

  beforeAll(async () => {
    ({ server, idp, client, adminCookie } = await api.start());
  });
  afterAll(() => api.close());

  it('creates, reads, updates and deletes connections with validation', async () => {
    const admin = principals['adminKey']!;
    const created = await client.gql<{ createConnection: Record<string, unknown> }>(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code name baseUrl authenticationType oauth2 { issuer authorizationEndpoint tokenEndpoint revocationEndpoint clientId clientSecretSet scopes tokenEndpointAuthMethod redirectUri extraAuthorizationParams { key value } templateId } authorization { status } } }`,
      {
        i: {
          code: 'DISCOVERED',
          name: 'Discovered',
          baseUrl: 'https://api.example.com/v1',
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: {
            issuer: idp.issuer,
            clientId: 'api-test',
            clientSecret: SECRET,
            scopes: ['api.read'],
            tokenEndpointAuthMethod: 'CLIENT_SECRET_POST',
            extraAuthorizationParams: [{ key: 'prompt', value: 'consent' }],
          },
        },
      },
      admin,
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createConnection).toMatchObject({
      code: 'DISCOVERED',
      authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
      oauth2: {
        issuer: idp.issuer,
        tokenEndpoint: idp.url('/token'),
        clientSecretSet: true,
        tokenEndpointAuthMethod: 'CLIENT_SECRET_POST',
        redirectUri: `${server.url}/oauth/callback`,
        extraAuthorizationParams: [{ key: 'prompt', value: 'consent' }],
      },
      authorization: { status: 'NOT_AUTHORIZED' },
    });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);

    const basic = await client.gql(
      `mutation { createConnection(input: { code: "PLAIN", name: "Plain", authenticationType: BASIC }) { code oauth2 { clientId } authorization { status } } }`,
      {},
      admin,
    );
    expect(basic.body.data).toEqual({ createConnection: { code: 'PLAIN', oauth2: null, authorization: null } });
    expect(
      codeOf(
        await client.gql(`mutation { startAuthorization(connectionCode: "PLAIN") { authorizationUrl } }`, {}, principals['operatorKey']),
      ),
    ).toBe('BAD_USER_INPUT');

    expect(codeOf(await createConnection('DISCOVERED', admin))).toBe('CONFLICT');
    for (const [code, extra] of [
      ['lower', {}],
      ['X'.repeat(51), {}],
      ['BADURL', { oauth2: oauth2({ tokenEndpoint: 'ftp://example.com/token' }) }],
      ['PLAINHTTP', { oauth2: oauth2({ tokenEndpoint: 'http://example.com/token' }) }],
      ['NOENDPOINTS', { oauth2: oauth2({ issuer: null, authorizationEndpoint: null, tokenEndpoint: null }) }],
      ['BADSCOPE', { oauth2: oauth2({ scopes: ['a b'] }) }],
      ['NOSECRET', { oauth2: oauth2({ clientSecret: null }) }],
      ['RESERVED', { oauth2: oauth2({ extraAuthorizationParams: [{ key: 'state', value: 'x' }] }) }],
      ['BADISSUER', { oauth2: oauth2({ issuer: 'https://127.0.0.1:1/nothing', authorizationEndpoint: null, tokenEndpoint: null }) }],
    ] as const) {
      const res = await createConnection(code, admin, extra);
      expect(codeOf(res), code).toBe('BAD_USER_INPUT');
      expect(res.status).toBeLessThan(500);
    }

    const list = await client.gql<{ connections: { code: string }[] }>(`query { connections { code } }`, {}, principals['viewerKey']);
    expect(list.body.data!.connections.map((c) => c.code)).toEqual(expect.arrayContaining(['BASE', 'DISCOVERED', 'PLAIN']));
    expect((await client.gql(`query { connection(code: "NOPE") { code } }`, {}, principals['viewerKey'])).body.data).toEqual({
      connection: null,
    });

    const updated = await client.gql<{
      updateConnection: { name: string; baseUrl: string | null; oauth2: { clientSecretSet: boolean; scopes: string[] } };
    }>(
      `mutation($i: UpdateConnectionInput!) { updateConnection(code: "DISCOVERED", input: $i) { name baseUrl oauth2 { clientSecretSet scopes } } }`,
      { i: { name: 'Renamed', baseUrl: null, oauth2: oauth2({ scopes: ['api.read', 'api.write'], clientSecret: null }) } },
      admin,
    );
    expect(updated.body.data?.updateConnection).toEqual({
      name: 'Renamed',
      baseUrl: null,
      oauth2: { clientSecretSet: true, scopes: ['api.read', 'api.write'] },
    });
    expect(codeOf(await client.gql(`mutation { updateConnection(code: "NOPE", input: { name: "x" }) { name } }`, {}, admin))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(
        await client.gql(
          `mutation { updateConnection(code: "PLAIN", input: { oauth2: { clientId: "x", scopes: [] } }) { name } }`,
          {},
          admin,
        ),
      ),
    ).toBe('BAD_USER_INPUT');

    // Delete revokes at the provider and clears tokens, and publishes.
    await authorize('DISCOVERED');
    const sub = await subscribe<{ authorizationChanged: { connectionCode: string; status: string; statusReason: string | null } }>(
      server,
      `subscription { authorizationChanged { connectionCode status statusReason } }`,
      {},
      { authorization: `Bearer ${principals['viewerKey']!.apiKey}` },
    );
    const gone = sub.waitFor((e) => e.authorizationChanged.connectionCode === 'DISCOVERED');
    const revocations = idp.counters().revocations;
    expect((await client.gql(`mutation { deleteConnection(code: "DISCOVERED") }`, {}, admin)).body.data).toEqual({
      deleteConnection: true,
    });
    expect((await gone).authorizationChanged.status).toBe('NOT_AUTHORIZED');
    expect(idp.counters().revocations).toBeGreaterThan(revocations);
    expect(codeOf(await client.gql(`mutation { deleteConnection(code: "DISCOVERED") }`, {}, admin))).toBe('NOT_FOUND');
    expect(codeOf(await client.gql(`query { authorization(connectionCode: "DISCOVERED") { status } }`, {}, admin))).toBe('NOT_FOUND');
    await sub.close();
  });

  it('refreshToken: REAUTHORIZATION_REQUIRED on invalid_grant, PROVIDER_ERROR on outage', async () => {
    const op = principals['operatorKey']!;
    expect((await createConnection('FLAKY', { cookie: adminCookie })).body.errors).toBeUndefined();
    expect(codeOf(await client.gql(`mutation { refreshToken(connectionCode: "FLAKY") { status } }`, {}, op))).toBe('NOT_AUTHORIZED');
    await authorize('FLAKY');

    idp.setQuirks({ failRefreshWith: { status: 503, retryAfterSeconds: 1 } });
    const outage = await client.gql(`mutation { refreshToken(connectionCode: "FLAKY") { status } }`, {}, op);
    expect(codeOf(outage)).toBe('PROVIDER_ERROR');
    const during = await client.gql<{ authorization: { status: string; statusReason: string } }>(
      `query { authorization(connectionCode: "FLAKY") { status statusReason } }`,
      {},
      op,
    );
    expect(during.body.data?.authorization.status).toBe('AUTHORIZED');

    idp.setQuirks({ errorIn200OnRefresh: 'invalid_grant' });
    const rejected = await client.gql(`mutation { refreshToken(connectionCode: "FLAKY") { status } }`, {}, op);
    idp.setQuirks({});
    expect(codeOf(rejected)).toBe('REAUTHORIZATION_REQUIRED');
    const after = await client.gql<{ authorization: { status: string; statusReason: string } }>(
      `query { authorization(connectionCode: "FLAKY") { status statusReason } }`,
      {},
      op,
    );
    expect(after.body.data?.authorization.status).toBe('REAUTHORIZATION_REQUIRED');
    expect(after.body.data?.authorization.statusReason).toBeTruthy();
    const tested = await client.gql<{ testToken: { valid: boolean; message: string } }>(
      `mutation { testToken(connectionCode: "FLAKY") { valid message } }`,
      {},
      op,
    );
    expect(tested.body.data?.testToken).toMatchObject({ valid: false, message: expect.stringMatching(/Start Authorization/) });
    expect(codeOf(await client.gql(`mutation { refreshToken(connectionCode: "FLAKY") { status } }`, {}, op))).toBe(
      'REAUTHORIZATION_REQUIRED',
    );

    // Start Authorization recovers it.
    await authorize('FLAKY');
    const recovered = await client.gql<{ authorization: { status: string; statusReason: string | null } }>(
      `query { authorization(connectionCode: "FLAKY") { status statusReason } }`,
      {},
      op,
    );
    expect(recovered.body.data?.authorization).toEqual({ status: 'AUTHORIZED', statusReason: null });
  });

  it('audit events, API keys, workspaces, templates, discovery and server info', async () => {
    const admin = principals['adminKey']!;
    const events = await client.gql<{
      auditEvents: { connectionCode: string; type: string; actor: string | null; at: string; message: string }[];
    }>(`query { auditEvents(connectionCode: "FLAKY", first: 3) { id connectionCode type actor at message } }`, {}, principals['viewerKey']);
    expect(events.body.data!.auditEvents).toHaveLength(3);
    expect(events.body.data!.auditEvents.every((e) => e.connectionCode === 'FLAKY')).toBe(true);
    expect(codeOf(await client.gql(`query { auditEvents(first: 100000) { id } }`, {}, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await client.gql(`query { auditEvents(first: 0) { id } }`, {}, admin))).toBe('BAD_USER_INPUT');

    const keys = await client.gql<{ apiKeys: { id: string; name: string; role: string; lastUsedAt: string | null }[] }>(
      `query { apiKeys { id name role createdAt lastUsedAt } }`,
      {},
      admin,
    );
    expect(keys.body.data!.apiKeys.map((k) => k.name)).toEqual(expect.arrayContaining(['ADMIN key', 'OPERATOR key', 'VIEWER key']));
    const made = await client.gql<{ createApiKey: { key: string; apiKey: { id: string } } }>(
      `mutation { createApiKey(input: { name: "short-lived", role: VIEWER }) { key apiKey { id } } }`,
      {},
      admin,
    );
    const key = made.body.data!.createApiKey;
    expect((await client.gql(`query { connections { code } }`, {}, { apiKey: key.key })).body.errors).toBeUndefined();
    expect((await client.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, { id: key.apiKey.id }, admin)).body.data).toEqual({
      deleteApiKey: true,
    });
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { apiKey: key.key }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await client.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, { id: key.apiKey.id }, admin))).toBe('NOT_FOUND');
    expect(codeOf(await client.gql(`mutation { createApiKey(input: { name: "", role: VIEWER }) { key } }`, {}, admin))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { apiKey: 'gk_not-a-key' }))).toBe('UNAUTHENTICATED');

    // Instance-level: a signed-in admin, not an API key (see user-workspaces.int.test.ts).
    const signedIn = { cookie: adminCookie };
    expect(
      codeOf(
        await client.gql(`mutation { createWorkspace(input: { slug: "Bad Slug", company: "x", environment: "y" }) { id } }`, {}, signedIn),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await client.gql(`mutation { createWorkspace(input: { slug: "default", company: "x", environment: "y" }) { id } }`, {}, signedIn),
      ),
    ).toBe('CONFLICT');
    const viewerWorkspaces = await client.gql<{ workspaces: { slug: string }[] }>(
      `query { workspaces { slug } }`,
      {},
      principals['viewerKey'],
    );
    expect(viewerWorkspaces.body.data!.workspaces.map((w) => w.slug)).toEqual(['default']);

    const templates = await client.gql<{
      providerTemplates: { id: string; parameters: { name: string }[]; tokenEndpointAuthMethod: string }[];
    }>(
      `query { providerTemplates { id name issuer authorizationEndpoint tokenEndpoint revocationEndpoint scopes tokenEndpointAuthMethod extraAuthorizationParams { key value } parameters { name label example } notes documentationUrl } }`,
      {},
      principals['viewerKey'],
    );
    expect(templates.body.data!.providerTemplates.length).toBeGreaterThanOrEqual(12);
    const discovered = await client.gql<{ discoverOAuth2: Record<string, unknown> }>(
      `query($i: String!) { discoverOAuth2(issuer: $i) { issuer authorizationEndpoint tokenEndpoint revocationEndpoint scopesSupported } }`,
      { i: idp.issuer },
      principals['operatorKey'],
    );
    expect(discovered.body.data?.discoverOAuth2).toMatchObject({ issuer: idp.issuer, tokenEndpoint: idp.url('/token') });
    expect(
      codeOf(await client.gql(`query { discoverOAuth2(issuer: "https://127.0.0.1:1") { issuer } }`, {}, principals['operatorKey'])),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(await client.gql(`query { discoverOAuth2(issuer: "not a url") { issuer } }`, {}, principals['operatorKey']))).toBe(
      'BAD_USER_INPUT',
    );
    expect((await client.gql(`query { serverInfo { redirectUri } }`, {}, principals['viewerKey'])).body.data).toEqual({
      serverInfo: { redirectUri: `${server.url}/oauth/callback` },
    });
  });
});
