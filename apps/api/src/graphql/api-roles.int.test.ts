/**
 * The role matrix over real HTTP, on SQLite and PostgreSQL: every contract operation for each
 * role by API key and by session, and with no credentials; me, login and logout.
 */
import type { TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../testing/index.js';
import { contractServer, codeOf, type RoleName } from './contract-server.js';
import type { RecordingClient, Credentials, GqlResponse } from './test-support.js';

describe.each(testDatabases())('GraphQL roles on %s', (database) => {
  const api = contractServer(database);
  const { principals, createConnection } = api;
  let idp: TestIdp;
  let client: RecordingClient;
  let adminCookie: string;

  beforeAll(async () => {
    ({ idp, client, adminCookie } = await api.start());
  });
  afterAll(() => api.close());

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

  /**
   * Every operation with its minimum role; `run` gets a per-principal suffix for unique names.
   * `instance`: an operation of the whole instance, for signed-in users only (API keys: FORBIDDEN).
   */
  const operations: { name: string; minimum: RoleName; instance?: true; run: (c: Credentials, suffix: string) => Promise<GqlResponse> }[] =
    [
      { name: 'connections', minimum: 'VIEWER', run: (c) => client.gql(`query { connections { code authorization { status } } }`, {}, c) },
      {
        name: 'connection',
        minimum: 'VIEWER',
        run: (c) => client.gql(`query { connection(code: "BASE") { code oauth2 { clientId } } }`, {}, c),
      },
      {
        name: 'authorization',
        minimum: 'VIEWER',
        run: (c) => client.gql(`query { authorization(connectionCode: "BASE") { status } }`, {}, c),
      },
      { name: 'auditEvents', minimum: 'VIEWER', run: (c) => client.gql(`query { auditEvents { type } }`, {}, c) },
      { name: 'workspaces', minimum: 'VIEWER', run: (c) => client.gql(`query { workspaces { slug } }`, {}, c) },
      { name: 'providerTemplates', minimum: 'VIEWER', run: (c) => client.gql(`query { providerTemplates { id } }`, {}, c) },
      { name: 'serverInfo', minimum: 'VIEWER', run: (c) => client.gql(`query { serverInfo { redirectUri version } }`, {}, c) },
      {
        name: 'discoverOAuth2',
        minimum: 'OPERATOR',
        run: (c) => client.gql(`query($i: String!) { discoverOAuth2(issuer: $i) { tokenEndpoint } }`, { i: idp.issuer }, c),
      },
      { name: 'apiKeys', minimum: 'ADMIN', run: (c) => client.gql(`query { apiKeys { id name } }`, {}, c) },
      {
        name: 'startAuthorization',
        minimum: 'OPERATOR',
        run: (c) => client.gql(`mutation { startAuthorization(connectionCode: "BASE") { authorizationUrl } }`, {}, c),
      },
      {
        name: 'testToken',
        minimum: 'OPERATOR',
        run: (c) => client.gql(`mutation { testToken(connectionCode: "BASE") { valid message } }`, {}, c),
      },
      {
        name: 'refreshToken',
        minimum: 'OPERATOR',
        run: (c) => client.gql(`mutation { refreshToken(connectionCode: "BASE") { status } }`, {}, c),
      },
      {
        name: 'revokeAuthorization',
        minimum: 'OPERATOR',
        run: (c) => client.gql(`mutation { revokeAuthorization(connectionCode: "BASE") { status } }`, {}, c),
      },
      { name: 'createConnection', minimum: 'ADMIN', run: (c, s) => createConnection(`RM_${s}`, c) },
      {
        name: 'updateConnection',
        minimum: 'ADMIN',
        run: (c) => client.gql(`mutation { updateConnection(code: "BASE", input: { name: "Base" }) { name } }`, {}, c),
      },
      {
        name: 'deleteConnection',
        minimum: 'ADMIN',
        run: async (c, s) => {
          await createConnection(`DEL_${s}`, { cookie: adminCookie });
          return client.gql(`mutation($c: String!) { deleteConnection(code: $c) }`, { c: `DEL_${s}` }, c);
        },
      },
      {
        name: 'createApiKey',
        minimum: 'ADMIN',
        run: (c, s) =>
          client.gql(`mutation($n: String!) { createApiKey(input: { name: $n, role: VIEWER }) { apiKey { id } } }`, { n: `k-${s}` }, c),
      },
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
      { name: 'users', minimum: 'ADMIN', instance: true, run: (c) => client.gql(`query { users { id email } }`, {}, c) },
      {
        name: 'createUser',
        minimum: 'ADMIN',
        instance: true,
        run: (c, s) =>
          client.gql(
            `mutation($e: String!) { createUser(input: { email: $e, displayName: "M", role: VIEWER }) { user { id } } }`,
            { e: `${s.toLowerCase()}@matrix.test` },
            c,
          ),
      },
      {
        name: 'createWorkspace',
        minimum: 'ADMIN',
        instance: true,
        run: (c, s) =>
          client.gql(
            `mutation($s: String!) { createWorkspace(input: { slug: $s, company: "Acme", environment: "sandbox" }) { id slug } }`,
            { s: `ws-${s.toLowerCase()}` },
            c,
          ),
      },
    ];

  it('enforces the minimum role of every operation for every principal', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      for (const [principal, role] of Object.entries(ROLE_OF)) {
        const res = await op.run(
          principals[principal]!,
          `${op.name}_${principal}`
            .toUpperCase()
            .replace(/[^A-Z0-9_]/g, '_')
            .slice(0, 40),
        );
        const code = codeOf(res);
        const keyRefused = op.instance === true && principal.endsWith('Key');
        const expected = role === null ? 'UNAUTHENTICATED' : RANK[role] >= RANK[op.minimum] && !keyRefused ? 'allowed' : 'FORBIDDEN';
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
    expect(login.headers.get('set-cookie')).toMatch(/^gk_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
  });
});
