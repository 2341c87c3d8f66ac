/**
 * The v2 token-state fields of Authorization over HTTP, on SQLite and PostgreSQL: a refresh
 * that fails with HTTP 503 counts as a failure run (since when, how many, next try), the token
 * is EXPIRING and then EXPIRED, the requested scopes are the connection's, and a successful
 * refresh ends the run.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { RecordingClient, type Credentials } from './test-support.js';

const SECRET = `state-secret-${Math.random().toString(36).slice(2)}`;
const FIELDS =
  'status tokenState tokenExpiresAt nextRefreshAt refreshFailingSince consecutiveRefreshFailures requestedScopes grantedScopes';

interface State {
  status: string;
  tokenState: string;
  tokenExpiresAt: string | null;
  nextRefreshAt: string | null;
  refreshFailingSince: string | null;
  consecutiveRefreshFailures: number;
  requestedScopes: string[];
}

describe.each(testDatabases())('token state on %s', (database) => {
  let server: TestServer;
  let idp: TestIdp;
  let client: RecordingClient;
  let admin: Credentials;

  const state = async (): Promise<State> =>
    (await client.gql<{ authorization: State }>(`{ authorization(connectionCode: "STATE") { ${FIELDS} } }`, {}, admin)).body.data!
      .authorization;
  const refresh = () => client.gql(`mutation { refreshToken(connectionCode: "STATE") { status } }`, {}, admin);

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 3600 });
    // One-hour tokens: the refresher has nothing due; every refresh here is asked for by the test.
    server = await startTestServer({ database });
    idp.addClient({ clientId: 'state-test', clientSecret: SECRET, redirectUris: [`${server.url}/oauth/callback`], scopes: ['api.read'] });
    client = new RecordingClient(server.url);
    admin = { cookie: await client.login(server.adminEmail, server.adminPassword) };
    const created = await client.gql(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }`,
      {
        i: {
          code: 'STATE',
          name: 'State',
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: { issuer: idp.issuer, clientId: 'state-test', clientSecret: SECRET, scopes: ['openid', 'offline_access', 'api.read'] },
        },
      },
      admin,
    );
    expect(created.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  it('is NONE before the authorization, VALID after it, with the requested scopes', async () => {
    expect(await state()).toMatchObject({ tokenState: 'NONE', consecutiveRefreshFailures: 0, refreshFailingSince: null });
    const started = await client.gql<{ startAuthorization: { authorizationUrl: string } }>(
      `mutation { startAuthorization(connectionCode: "STATE") { authorizationUrl } }`,
      {},
      admin,
    );
    const callback = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
    await client.raw({ method: 'GET', path: callback.pathname + callback.search });
    expect(await state()).toMatchObject({
      status: 'AUTHORIZED',
      tokenState: 'VALID',
      requestedScopes: ['openid', 'offline_access', 'api.read'],
    });
  });

  it('counts a run of HTTP 503 refresh failures from its first, and a success ends it', async () => {
    idp.setQuirks({ failRefreshWith: { status: 503 } });
    await refresh();
    const first = await state();
    expect(first).toMatchObject({ status: 'AUTHORIZED', tokenState: 'EXPIRING', consecutiveRefreshFailures: 1 });
    expect(first.refreshFailingSince).not.toBeNull();
    expect(new Date(first.nextRefreshAt!).getTime()).toBeGreaterThan(Date.now() - 1000);
    await refresh();
    const second = await state();
    expect(second.consecutiveRefreshFailures).toBe(2);
    expect(second.refreshFailingSince).toBe(first.refreshFailingSince);

    idp.setQuirks({});
    expect((await refresh()).body.errors).toBeUndefined();
    expect(await state()).toMatchObject({ tokenState: 'VALID', consecutiveRefreshFailures: 0, refreshFailingSince: null });
  });
});
