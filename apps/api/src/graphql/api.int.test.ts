/**
 * Every contract operation over real HTTP (and the subscription over WebSocket), on SQLite and
 * PostgreSQL: success and failure paths, the role matrix (each role by API key and by session,
 * and no credentials), workspace isolation, malformed and oversized inputs (BAD_USER_INPUT,
 * never a 500).
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { RecordingClient, subscribe, type Credentials, type GqlResponse } from './test-support.js';

const SECRET = `api-secret-${Math.random().toString(36).slice(2)}`;
type RoleName = 'ADMIN' | 'OPERATOR' | 'VIEWER';

const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code;

describe.each(testDatabases())('GraphQL contract on %s', (database) => {
  let server: TestServer;
  let idp: TestIdp;
  let client: RecordingClient;
  let adminCookie: string;
  const principals: Record<string, Credentials> = {};

  function oauth2(overrides: Record<string, unknown> = {}) {
    return {
      authorizationEndpoint: idp.url('/auth'),
      tokenEndpoint: idp.url('/token'),
      revocationEndpoint: idp.url('/token/revocation'),
      issuer: idp.issuer,
      clientId: 'api-test',
      clientSecret: SECRET,
      scopes: ['openid', 'api.read'],
      ...overrides,
    };
  }

  async function createConnection(code: string, credentials: Credentials, extra: Record<string, unknown> = {}) {
    return client.gql<{ createConnection: { id: string; code: string } }>(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id code name authenticationType oauth2 { clientSecretSet tokenEndpointAuthMethod scopes } authorization { status } } }`,
      { i: { code, name: `Connection ${code}`, authenticationType: 'OAUTH2_AUTHORIZATION_CODE', oauth2: oauth2(), ...extra } },
      credentials,
    );
  }

  async function authorize(code: string, credentials: Credentials = principals['operatorKey']!) {
    const started = await client.gql<{ startAuthorization: { authorizationUrl: string } }>(
      `mutation($c: String!) { startAuthorization(connectionCode: $c) { authorizationUrl expiresAt } }`,
      { c: code },
      credentials,
    );
    expect(started.body.errors).toBeUndefined();
    const callback = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
    const landed = await client.raw({ method: 'GET', path: callback.pathname + callback.search });
    expect(landed.headers.get('location')).toContain('result=authorized');
  }

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    server = await startTestServer({ database });
    idp.addClient({ clientId: 'api-test', clientSecret: SECRET, redirectUris: [`${server.url}/oauth/callback`], scopes: ['api.read'] });
    client = new RecordingClient(server.url);
    adminCookie = await client.login(server.adminEmail, server.adminPassword);
    for (const role of ['ADMIN', 'OPERATOR', 'VIEWER'] as RoleName[]) {
      principals[`${role.toLowerCase()}Key`] = { apiKey: await client.createApiKey(adminCookie, `${role} key`, role) };
      const email = `${role.toLowerCase()}@example.test`;
      await server.app.auth.createUser({ email, password: 'password-123', role, displayName: `${role} user` });
      principals[`${role.toLowerCase()}Session`] = { cookie: await client.login(email, 'password-123') };
    }
    principals['none'] = {};
    expect((await createConnection('BASE', { cookie: adminCookie })).body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  // ---------------------------------------------------------------- role matrix

  const ROLE_OF: Record<string, RoleName | null> = {
    adminKey: 'ADMIN',
    operatorKey: 'OPERATOR',
    viewerKey: 'VIEWER',
    adminSession: 'ADMIN',
    operatorSession: 'OPERATOR',
    viewerSession: 'VIEWER',
    none: null,
  };
  const RANK: Record<RoleName, number> = { VIEWER: 1, OPERATOR: 2, ADMIN: 3 };

  /** Every operation with its minimum role; `run` gets a per-principal suffix for unique names. */
  const operations: { name: string; minimum: RoleName; run: (c: Credentials, suffix: string) => Promise<GqlResponse> }[] = [
    { name: 'connections', minimum: 'VIEWER', run: (c) => client.gql(`query { connections { code authorization { status } } }`, {}, c) },
    { name: 'connection', minimum: 'VIEWER', run: (c) => client.gql(`query { connection(code: "BASE") { code oauth2 { clientId } } }`, {}, c) },
    { name: 'authorization', minimum: 'VIEWER', run: (c) => client.gql(`query { authorization(connectionCode: "BASE") { status } }`, {}, c) },
    { name: 'auditEvents', minimum: 'VIEWER', run: (c) => client.gql(`query { auditEvents { type } }`, {}, c) },
    { name: 'workspaces', minimum: 'VIEWER', run: (c) => client.gql(`query { workspaces { slug } }`, {}, c) },
    { name: 'providerTemplates', minimum: 'VIEWER', run: (c) => client.gql(`query { providerTemplates { id } }`, {}, c) },
    { name: 'serverInfo', minimum: 'VIEWER', run: (c) => client.gql(`query { serverInfo { redirectUri version } }`, {}, c) },
    { name: 'discoverOAuth2', minimum: 'OPERATOR', run: (c) => client.gql(`query($i: String!) { discoverOAuth2(issuer: $i) { tokenEndpoint } }`, { i: idp.issuer }, c) },
    { name: 'apiKeys', minimum: 'ADMIN', run: (c) => client.gql(`query { apiKeys { id name } }`, {}, c) },
    { name: 'startAuthorization', minimum: 'OPERATOR', run: (c) => client.gql(`mutation { startAuthorization(connectionCode: "BASE") { authorizationUrl } }`, {}, c) },
    { name: 'testToken', minimum: 'OPERATOR', run: (c) => client.gql(`mutation { testToken(connectionCode: "BASE") { valid message } }`, {}, c) },
    { name: 'refreshToken', minimum: 'OPERATOR', run: (c) => client.gql(`mutation { refreshToken(connectionCode: "BASE") { status } }`, {}, c) },
    { name: 'revokeAuthorization', minimum: 'OPERATOR', run: (c) => client.gql(`mutation { revokeAuthorization(connectionCode: "BASE") { status } }`, {}, c) },
    { name: 'createConnection', minimum: 'ADMIN', run: (c, s) => createConnection(`RM_${s}`, c) },
    { name: 'updateConnection', minimum: 'ADMIN', run: (c) => client.gql(`mutation { updateConnection(code: "BASE", input: { name: "Base" }) { name } }`, {}, c) },
    {
      name: 'deleteConnection',
      minimum: 'ADMIN',
      run: async (c, s) => {
        await createConnection(`DEL_${s}`, { cookie: adminCookie });
        return client.gql(`mutation($c: String!) { deleteConnection(code: $c) }`, { c: `DEL_${s}` }, c);
      },
    },
    { name: 'createApiKey', minimum: 'ADMIN', run: (c, s) => client.gql(`mutation($n: String!) { createApiKey(input: { name: $n, role: VIEWER }) { apiKey { id } } }`, { n: `k-${s}` }, c) },
    {
      name: 'deleteApiKey',
      minimum: 'ADMIN',
      run: async (c, s) => {
        const made = await client.gql<{ createApiKey: { apiKey: { id: string } } }>(
          `mutation($n: String!) { createApiKey(input: { name: $n, role: VIEWER }) { apiKey { id } } }`,
          { n: `del-${s}` },
          { cookie: adminCookie },
        );
        return client.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, { id: made.body.data!.createApiKey.apiKey.id }, c);
      },
    },
    { name: 'createWorkspace', minimum: 'ADMIN', run: (c, s) => client.gql(`mutation($s: String!) { createWorkspace(input: { slug: $s, company: "Acme", environment: "sandbox" }) { id slug } }`, { s: `ws-${s.toLowerCase()}` }, c) },
  ];

  it('enforces the minimum role of every operation for every principal', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      for (const [principal, role] of Object.entries(ROLE_OF)) {
        const res = await op.run(principals[principal]!, `${op.name}_${principal}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_').slice(0, 40));
        const code = codeOf(res);
        const expected = role === null ? 'UNAUTHENTICATED' : RANK[role] >= RANK[op.minimum] ? 'allowed' : 'FORBIDDEN';
        const actual = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? code : 'allowed';
        if (actual !== expected) failures.push(`${op.name} as ${principal}: expected ${expected}, got ${code ?? 'data'}`);
        expect(res.status).toBeLessThan(500);
      }
    }
    expect(failures).toEqual([]);
  });

  it('me, login and logout work with sessions, API keys and nobody', async () => {
    expect((await client.gql(`query { me { email role } }`, {}, principals['viewerSession'])).body.data).toEqual({
      me: { email: 'viewer@example.test', role: 'VIEWER' },
    });
    expect((await client.gql(`query { me { email } }`, {}, principals['viewerKey'])).body.data).toEqual({ me: null });
    expect((await client.gql(`query { me { email } }`)).body.data).toEqual({ me: null });
    const wrong = await client.gql(`mutation { login(email: "viewer@example.test", password: "nope-nope") { id } }`);
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const cookie = await client.login('operator@example.test', 'password-123');
    const out = await client.gql(`mutation { logout }`, {}, { cookie });
    expect(out.body.data).toEqual({ logout: true });
    expect(out.headers.get('set-cookie')).toMatch(/gk_session=;.*Max-Age=0/);
    expect((await client.gql(`query { me { email } }`, {}, { cookie })).body.data).toEqual({ me: null });
    const login = await client.raw({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(email: "viewer@example.test", password: "password-123") { id } }` }),
    });
    expect(login.headers.get('set-cookie')).toMatch(/^gk_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
  });

  // ---------------------------------------------------------------- operations

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
          oauth2: { issuer: idp.issuer, clientId: 'api-test', clientSecret: SECRET, scopes: ['api.read'], tokenEndpointAuthMethod: 'CLIENT_SECRET_POST', extraAuthorizationParams: [{ key: 'prompt', value: 'consent' }] },
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

    const basic = await client.gql(`mutation { createConnection(input: { code: "PLAIN", name: "Plain", authenticationType: BASIC }) { code oauth2 { clientId } authorization { status } } }`, {}, admin);
    expect(basic.body.data).toEqual({ createConnection: { code: 'PLAIN', oauth2: null, authorization: null } });
    expect(codeOf(await client.gql(`mutation { startAuthorization(connectionCode: "PLAIN") { authorizationUrl } }`, {}, principals['operatorKey']))).toBe('BAD_USER_INPUT');

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
    expect((await client.gql(`query { connection(code: "NOPE") { code } }`, {}, principals['viewerKey'])).body.data).toEqual({ connection: null });

    const updated = await client.gql<{ updateConnection: { name: string; baseUrl: string | null; oauth2: { clientSecretSet: boolean; scopes: string[] } } }>(
      `mutation($i: UpdateConnectionInput!) { updateConnection(code: "DISCOVERED", input: $i) { name baseUrl oauth2 { clientSecretSet scopes } } }`,
      { i: { name: 'Renamed', baseUrl: null, oauth2: oauth2({ scopes: ['api.read', 'api.write'], clientSecret: null }) } },
      admin,
    );
    expect(updated.body.data?.updateConnection).toEqual({ name: 'Renamed', baseUrl: null, oauth2: { clientSecretSet: true, scopes: ['api.read', 'api.write'] } });
    expect(codeOf(await client.gql(`mutation { updateConnection(code: "NOPE", input: { name: "x" }) { name } }`, {}, admin))).toBe('NOT_FOUND');
    expect(codeOf(await client.gql(`mutation { updateConnection(code: "PLAIN", input: { oauth2: { clientId: "x", scopes: [] } }) { name } }`, {}, admin))).toBe('BAD_USER_INPUT');

    // Delete revokes at the provider and clears tokens, and publishes.
    await authorize('DISCOVERED');
    const sub = await subscribe<{ authorizationChanged: { connectionCode: string; status: string; statusReason: string | null } }>(
      server.url,
      `subscription { authorizationChanged { connectionCode status statusReason } }`,
      {},
      { authorization: `Bearer ${principals['viewerKey']!.apiKey}` },
    );
    const gone = sub.waitFor((e) => e.authorizationChanged.connectionCode === 'DISCOVERED');
    const revocations = idp.counters().revocations;
    expect((await client.gql(`mutation { deleteConnection(code: "DISCOVERED") }`, {}, admin)).body.data).toEqual({ deleteConnection: true });
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
    const during = await client.gql<{ authorization: { status: string; statusReason: string } }>(`query { authorization(connectionCode: "FLAKY") { status statusReason } }`, {}, op);
    expect(during.body.data?.authorization.status).toBe('AUTHORIZED');

    idp.setQuirks({ errorIn200OnRefresh: 'invalid_grant' });
    const rejected = await client.gql(`mutation { refreshToken(connectionCode: "FLAKY") { status } }`, {}, op);
    idp.setQuirks({});
    expect(codeOf(rejected)).toBe('REAUTHORIZATION_REQUIRED');
    const after = await client.gql<{ authorization: { status: string; statusReason: string } }>(`query { authorization(connectionCode: "FLAKY") { status statusReason } }`, {}, op);
    expect(after.body.data?.authorization.status).toBe('REAUTHORIZATION_REQUIRED');
    expect(after.body.data?.authorization.statusReason).toBeTruthy();
    const tested = await client.gql<{ testToken: { valid: boolean; message: string } }>(`mutation { testToken(connectionCode: "FLAKY") { valid message } }`, {}, op);
    expect(tested.body.data?.testToken).toMatchObject({ valid: false, message: expect.stringMatching(/Start Authorization/) });
    expect(codeOf(await client.gql(`mutation { refreshToken(connectionCode: "FLAKY") { status } }`, {}, op))).toBe('REAUTHORIZATION_REQUIRED');

    // Start Authorization recovers it.
    await authorize('FLAKY');
    const recovered = await client.gql<{ authorization: { status: string; statusReason: string | null } }>(`query { authorization(connectionCode: "FLAKY") { status statusReason } }`, {}, op);
    expect(recovered.body.data?.authorization).toEqual({ status: 'AUTHORIZED', statusReason: null });
  });

  it('audit events, API keys, workspaces, templates, discovery and server info', async () => {
    const admin = principals['adminKey']!;
    const events = await client.gql<{ auditEvents: { connectionCode: string; type: string; actor: string | null; at: string; message: string }[] }>(
      `query { auditEvents(connectionCode: "FLAKY", first: 3) { id connectionCode type actor at message } }`,
      {},
      principals['viewerKey'],
    );
    expect(events.body.data!.auditEvents).toHaveLength(3);
    expect(events.body.data!.auditEvents.every((e) => e.connectionCode === 'FLAKY')).toBe(true);
    expect(codeOf(await client.gql(`query { auditEvents(first: 100000) { id } }`, {}, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await client.gql(`query { auditEvents(first: 0) { id } }`, {}, admin))).toBe('BAD_USER_INPUT');

    const keys = await client.gql<{ apiKeys: { id: string; name: string; role: string; lastUsedAt: string | null }[] }>(`query { apiKeys { id name role createdAt lastUsedAt } }`, {}, admin);
    expect(keys.body.data!.apiKeys.map((k) => k.name)).toEqual(expect.arrayContaining(['ADMIN key', 'OPERATOR key', 'VIEWER key']));
    const made = await client.gql<{ createApiKey: { key: string; apiKey: { id: string } } }>(`mutation { createApiKey(input: { name: "short-lived", role: VIEWER }) { key apiKey { id } } }`, {}, admin);
    const key = made.body.data!.createApiKey;
    expect((await client.gql(`query { connections { code } }`, {}, { apiKey: key.key })).body.errors).toBeUndefined();
    expect((await client.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, { id: key.apiKey.id }, admin)).body.data).toEqual({ deleteApiKey: true });
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { apiKey: key.key }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await client.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, { id: key.apiKey.id }, admin))).toBe('NOT_FOUND');
    expect(codeOf(await client.gql(`mutation { createApiKey(input: { name: "", role: VIEWER }) { key } }`, {}, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { apiKey: 'gk_not-a-key' }))).toBe('UNAUTHENTICATED');

    expect(codeOf(await client.gql(`mutation { createWorkspace(input: { slug: "Bad Slug", company: "x", environment: "y" }) { id } }`, {}, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await client.gql(`mutation { createWorkspace(input: { slug: "default", company: "x", environment: "y" }) { id } }`, {}, admin))).toBe('CONFLICT');
    const viewerWorkspaces = await client.gql<{ workspaces: { slug: string }[] }>(`query { workspaces { slug } }`, {}, principals['viewerKey']);
    expect(viewerWorkspaces.body.data!.workspaces.map((w) => w.slug)).toEqual(['default']);

    const templates = await client.gql<{ providerTemplates: { id: string; parameters: { name: string }[]; tokenEndpointAuthMethod: string }[] }>(
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
    expect(codeOf(await client.gql(`query { discoverOAuth2(issuer: "https://127.0.0.1:1") { issuer } }`, {}, principals['operatorKey']))).toBe('BAD_USER_INPUT');
    expect(codeOf(await client.gql(`query { discoverOAuth2(issuer: "not a url") { issuer } }`, {}, principals['operatorKey']))).toBe('BAD_USER_INPUT');
    expect((await client.gql(`query { serverInfo { redirectUri } }`, {}, principals['viewerKey'])).body.data).toEqual({
      serverInfo: { redirectUri: `${server.url}/oauth/callback` },
    });
  });

  // ---------------------------------------------------------------- isolation

  it('isolates workspaces in queries, mutations and subscriptions', async () => {
    const admin = { cookie: adminCookie };
    expect((await client.gql(`mutation { createWorkspace(input: { slug: "other", company: "Other Inc", environment: "sandbox" }) { slug } }`, {}, admin)).body.errors).toBeUndefined();
    const inOther = { cookie: adminCookie, workspace: 'other' };
    expect((await createConnection('ISO', inOther)).body.errors).toBeUndefined();
    const otherKey = await client.createApiKey(adminCookie, 'other operator', 'OPERATOR', 'other');

    const defaultKey = principals['operatorKey']!;
    expect((await client.gql(`query { connection(code: "ISO") { code } }`, {}, defaultKey)).body.data).toEqual({ connection: null });
    expect(codeOf(await client.gql(`query { authorization(connectionCode: "ISO") { status } }`, {}, defaultKey))).toBe('NOT_FOUND');
    expect(codeOf(await client.gql(`mutation { startAuthorization(connectionCode: "ISO") { authorizationUrl } }`, {}, defaultKey))).toBe('NOT_FOUND');
    expect(codeOf(await client.gql(`mutation { revokeAuthorization(connectionCode: "ISO") { status } }`, {}, defaultKey))).toBe('NOT_FOUND');
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { ...defaultKey, workspace: 'other' }))).toBe('FORBIDDEN');
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { cookie: adminCookie, workspace: 'missing' }))).toBe('NOT_FOUND');
    const defaultList = await client.gql<{ connections: { code: string }[] }>(`query { connections { code } }`, {}, defaultKey);
    expect(defaultList.body.data!.connections.map((c) => c.code)).not.toContain('ISO');
    const otherList = await client.gql<{ connections: { code: string }[] }>(`query { connections { code } }`, {}, { apiKey: otherKey });
    expect(otherList.body.data!.connections.map((c) => c.code)).toEqual(['ISO']);
    const otherAudit = await client.gql<{ auditEvents: { connectionCode: string }[] }>(`query { auditEvents { connectionCode } }`, {}, { apiKey: otherKey });
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

    const defaultSub = await subscribe<{ authorizationChanged: { connectionCode: string } }>(server.url, `subscription { authorizationChanged { connectionCode } }`, {}, { authorization: `Bearer ${defaultKey.apiKey}` });
    const otherSub = await subscribe<{ authorizationChanged: { connectionCode: string } }>(server.url, `subscription { authorizationChanged(connectionCode: "ISO") { connectionCode } }`, {}, { cookie: adminCookie, workspace: 'other' });
    const seenInOther = otherSub.waitFor((e) => e.authorizationChanged.connectionCode === 'ISO');
    expect((await client.gql(`mutation { revokeAuthorization(connectionCode: "ISO") { status } }`, {}, { apiKey: otherKey })).body.errors).toBeUndefined();
    await seenInOther;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(defaultSub.events).toEqual([]);
    await defaultSub.close();
    await otherSub.close();
  });

  it('refuses WebSocket subscriptions without valid credentials', async () => {
    // graphql-ws closes with 4403 Forbidden when onConnect refuses.
    await expect(subscribe(server.url, `subscription { authorizationChanged { status } }`, {}, {})).rejects.toMatchObject({ code: 4403 });
    await expect(subscribe(server.url, `subscription { authorizationChanged { status } }`, {}, { authorization: 'Bearer gk_wrong' })).rejects.toMatchObject({ code: 4403 });
    const errors: unknown[] = [];
    const invalid = await subscribe(server.url, `subscription { authorizationChanged(connectionCode: 1) { status } }`, {}, { authorization: `Bearer ${principals['viewerKey']!.apiKey}` }, (e) => errors.push(e));
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
    const byKey = await subscribe(server.url, `subscription { authorizationChanged { status } }`, {}, { authorization: `Bearer ${key}` }, (e) => keyErrors.push(e));
    const sessionCookie = await client.login(server.adminEmail, server.adminPassword);
    const sessionErrors: unknown[] = [];
    const bySession = await subscribe(server.url, `subscription { authorizationChanged { status } }`, {}, { cookie: sessionCookie }, (e) => sessionErrors.push(e));

    expect((await client.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, { id: apiKey.id }, { cookie: adminCookie })).body.errors).toBeUndefined();
    await expect.poll(() => keyErrors.length).toBeGreaterThan(0);
    expect(keyErrors[0]).toMatchObject({ code: 4401 });
    expect(sessionErrors).toEqual([]);

    expect((await client.gql(`mutation { logout }`, {}, { cookie: sessionCookie })).body.errors).toBeUndefined();
    await expect.poll(() => sessionErrors.length).toBeGreaterThan(0);
    expect(sessionErrors[0]).toMatchObject({ code: 4401 });
    await byKey.close();
    await bySession.close();
  });

  // ---------------------------------------------------------------- malformed input

  it('answers malformed and oversized requests with BAD_USER_INPUT, never a 500', async () => {
    const admin = principals['adminKey']!;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${admin.apiKey}` };
    const cases: { name: string; init: RequestInit & { path?: string } }[] = [
      { name: 'invalid JSON', init: { method: 'POST', headers, body: '{"query": ' } },
      { name: 'no query', init: { method: 'POST', headers, body: '{}' } },
      { name: 'syntax error', init: { method: 'POST', headers, body: JSON.stringify({ query: 'query { connections { ' }) } },
      { name: 'unknown field', init: { method: 'POST', headers, body: JSON.stringify({ query: 'query { nope }' }) } },
      { name: 'wrong variable type', init: { method: 'POST', headers, body: JSON.stringify({ query: 'query($c: String!) { connection(code: $c) { code } }', variables: { c: 42 } }) } },
      { name: 'bad enum', init: { method: 'POST', headers, body: JSON.stringify({ query: 'mutation { createApiKey(input: { name: "x", role: GOD }) { key } }' }) } },
      { name: 'body too large', init: { method: 'POST', headers, body: JSON.stringify({ query: `query { connection(code: "${'A'.repeat(400_000)}") { code } }` }) } },
      { name: 'oversized string', init: { method: 'POST', headers, body: JSON.stringify({ query: 'query($c: String!) { authorization(connectionCode: $c) { status } }', variables: { c: 'A'.repeat(10_000) } }) } },
      { name: 'oversized list', init: { method: 'POST', headers, body: JSON.stringify({ query: 'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }', variables: { i: { code: 'BIG', name: 'x', authenticationType: 'OAUTH2_AUTHORIZATION_CODE', oauth2: { clientId: 'x', clientSecret: 'y', issuer: idp.issuer, scopes: Array.from({ length: 1000 }, (_, i) => `s${i}`) } } } }) } },
      { name: 'long name', init: { method: 'POST', headers, body: JSON.stringify({ query: 'mutation($n: String!) { updateConnection(code: "BASE", input: { name: $n }) { name } }', variables: { n: 'n'.repeat(300) } }) } },
      { name: 'malformed Authorization', init: { method: 'POST', headers: { ...headers, authorization: 'Basic abc' }, body: JSON.stringify({ query: '{ connections { code } }' }) } },
      { name: 'GET without preflight header (CSRF)', init: { method: 'GET', path: '/graphql?query=%7Bconnections%7Bcode%7D%7D', headers: { authorization: headers.authorization } } },
      { name: 'mutation over GET', init: { method: 'GET', path: '/graphql?query=mutation%7Blogout%7D', headers: { authorization: headers.authorization, 'apollo-require-preflight': 'true' } } },
    ];
    for (const c of cases) {
      const res = await client.raw(c.init);
      expect(res.status, c.name).toBeLessThan(500);
      let body: { errors?: { extensions?: { code?: string } }[] } = {};
      try {
        body = JSON.parse(res.text) as typeof body;
      } catch {
        // CSRF rejections may be plain text; the status decides.
      }
      if (res.status === 200) expect(body.errors, c.name).toBeDefined();
      if (body.errors) {
        const code = body.errors[0]?.extensions?.code;
        expect(['BAD_USER_INPUT', 'UNAUTHENTICATED'], `${c.name}: ${res.text.slice(0, 200)}`).toContain(code);
      }
    }
    // GET with the preflight header works (queries only).
    const get = await client.raw({ method: 'GET', path: '/graphql?query=%7Bconnections%7Bcode%7D%7D', headers: { authorization: headers.authorization, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.text)).toMatchObject({ data: { connections: expect.any(Array) } });
    // No internal error was produced by any of this.
    expect(server.logs().filter((l) => l.includes('unexpected error'))).toEqual([]);
  });
});
