/**
 * The full flow over real HTTP and WebSocket against the test IdP, on SQLite and PostgreSQL:
 * createConnection -> startAuthorization -> IdP login+consent -> GET /oauth/callback ->
 * testToken -> refreshToken -> revokeAuthorization, with a graphql-ws subscriber seeing each
 * change; then the secrets never appear in a response, a log line or the SQLite file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { RecordingClient, subscribe } from './test-support.js';

const CLIENT_SECRET = `flow-secret-${Math.random().toString(36).slice(2)}`;

const AUTHORIZATION_FIELDS = `connectionCode status tokenExpiresAt lastAuthorizedAt authorizedBy lastRefreshedAt refreshTokenExpiresAt grantedScopes statusReason nextRefreshAt`;

interface AuthorizationResult {
  connectionCode: string;
  status: string;
  tokenExpiresAt: string | null;
  lastAuthorizedAt: string | null;
  authorizedBy: string | null;
  lastRefreshedAt: string | null;
  grantedScopes: string[];
  statusReason: string | null;
  nextRefreshAt: string | null;
}

describe.each(testDatabases())('full authorization flow on %s', (database) => {
  let server: TestServer;
  let idp: TestIdp;
  let client: RecordingClient;
  let cookie: string;
  let operatorKey: string;
  const secrets: string[] = [CLIENT_SECRET];

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    server = await startTestServer({ database });
    idp.addClient({
      clientId: 'grantkeeper-flow',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
    secrets.push(cookie.split('=')[1] as string, server.adminPassword);
    operatorKey = await client.createApiKey(cookie, 'flow operator', 'OPERATOR');
    // The key is in the createApiKey response (shown once) by design; never anywhere else.
    client.bodies.length = 0;
    secrets.push(operatorKey);
  });

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  it('authorizes, tests, refreshes and revokes, publishing each change', async () => {
    const created = await client.gql<{ createConnection: { id: string; oauth2: { clientSecretSet: boolean; redirectUri: string } } }>(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id code oauth2 { clientSecretSet redirectUri issuer tokenEndpoint } authorization { status } } }`,
      {
        i: {
          code: 'CRM',
          name: 'CRM',
          baseUrl: 'https://api.example.com',
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: {
            issuer: idp.issuer,
            clientId: 'grantkeeper-flow',
            clientSecret: CLIENT_SECRET,
            scopes: ['openid', 'api.read', 'offline_access'],
          },
        },
      },
      { cookie },
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createConnection.oauth2.clientSecretSet).toBe(true);
    expect(created.body.data?.createConnection.oauth2.redirectUri).toBe(`${server.url}/oauth/callback`);
    const connectionId = created.body.data!.createConnection.id;

    const sub = await subscribe<{ authorizationChanged: AuthorizationResult }>(
      server,
      `subscription { authorizationChanged(connectionCode: "CRM") { ${AUTHORIZATION_FIELDS} } }`,
      {},
      { authorization: `Bearer ${operatorKey}` },
    );
    const op = { apiKey: operatorKey };

    // Start -> IdP -> callback
    const started = await client.gql<{ startAuthorization: { authorizationUrl: string; expiresAt: string } }>(
      `mutation { startAuthorization(connectionCode: "CRM") { authorizationUrl expiresAt } }`,
      {},
      op,
    );
    expect(started.body.errors).toBeUndefined();
    const authorizedEvent = sub.waitFor((e) => e.authorizationChanged.status === 'AUTHORIZED');
    const callback = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
    const landed = await client.raw({ method: 'GET', path: callback.pathname + callback.search });
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe(`${server.url}/connections/CRM/authorization?result=authorized`);
    const authorized = (await authorizedEvent).authorizationChanged;
    expect(authorized.tokenExpiresAt).not.toBeNull();
    expect(authorized.nextRefreshAt).not.toBeNull();
    expect(authorized.grantedScopes).toContain('api.read');

    const stored = await server.app.ports.state.read(connectionId);
    secrets.push(stored.tokens!.accessToken, stored.tokens!.refreshToken!);

    // Query (cache) agrees
    const view = await client.gql<{ authorization: AuthorizationResult }>(
      `query { authorization(connectionCode: "CRM") { ${AUTHORIZATION_FIELDS} } }`,
      {},
      op,
    );
    expect(view.body.data?.authorization.status).toBe('AUTHORIZED');
    expect(view.body.data?.authorization.lastAuthorizedAt).not.toBeNull();

    // Test
    const tested = await client.gql<{ testToken: { valid: boolean; expiresAt: string; message: string } }>(
      `mutation { testToken(connectionCode: "CRM") { valid expiresAt message } }`,
      {},
      op,
    );
    expect(tested.body.data?.testToken.valid).toBe(true);
    expect(tested.body.data?.testToken.message).toMatch(/UTC/);

    // Refresh (always asks the provider)
    const before = idp.counters().tokenRequests['refresh_token'] ?? 0;
    const refreshedEvent = sub.waitFor((e) => e.authorizationChanged.lastRefreshedAt !== null);
    const refreshed = await client.gql<{ refreshToken: AuthorizationResult }>(
      `mutation { refreshToken(connectionCode: "CRM") { ${AUTHORIZATION_FIELDS} } }`,
      {},
      op,
    );
    expect(refreshed.body.errors).toBeUndefined();
    expect(refreshed.body.data?.refreshToken.status).toBe('AUTHORIZED');
    expect(refreshed.body.data?.refreshToken.lastRefreshedAt).not.toBeNull();
    expect(idp.counters().tokenRequests['refresh_token']).toBe(before + 1);
    await refreshedEvent;
    const afterRefresh = await server.app.ports.state.read(connectionId);
    secrets.push(afterRefresh.tokens!.accessToken, afterRefresh.tokens!.refreshToken!);
    expect(afterRefresh.tokens!.refreshToken).not.toBe(stored.tokens!.refreshToken);

    // Revoke
    const revocationsBefore = idp.counters().revocations;
    const revokedEvent = sub.waitFor((e) => e.authorizationChanged.status === 'NOT_AUTHORIZED');
    const revoked = await client.gql<{ revokeAuthorization: AuthorizationResult }>(
      `mutation { revokeAuthorization(connectionCode: "CRM") { ${AUTHORIZATION_FIELDS} } }`,
      {},
      op,
    );
    expect(revoked.body.data?.revokeAuthorization).toMatchObject({ status: 'NOT_AUTHORIZED', tokenExpiresAt: null, nextRefreshAt: null });
    expect(idp.counters().revocations).toBeGreaterThan(revocationsBefore);
    await revokedEvent;
    expect((await server.app.ports.state.read(connectionId)).tokens).toBeNull();

    // After revoke: test says what to do; refresh is NOT_AUTHORIZED; revoke again is safe.
    const testedAfter = await client.gql<{ testToken: { valid: boolean; message: string } }>(
      `mutation { testToken(connectionCode: "CRM") { valid message } }`,
      {},
      op,
    );
    expect(testedAfter.body.data?.testToken.valid).toBe(false);
    expect(testedAfter.body.data?.testToken.message).toMatch(/Start Authorization/);
    const refreshAfter = await client.gql(`mutation { refreshToken(connectionCode: "CRM") { status } }`, {}, op);
    expect(refreshAfter.body.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORIZED');
    const revokeAgain = await client.gql(`mutation { revokeAuthorization(connectionCode: "CRM") { status } }`, {}, op);
    expect(revokeAgain.body.errors).toBeUndefined();

    const audit = await client.gql<{ auditEvents: { type: string; actor: string | null; message: string }[] }>(
      `query { auditEvents(connectionCode: "CRM", first: 50) { type actor message } }`,
      {},
      op,
    );
    const types = audit.body.data!.auditEvents.map((e) => e.type);
    for (const type of [
      'CONNECTION_CREATED',
      'AUTHORIZATION_STARTED',
      'AUTHORIZED',
      'TOKEN_TESTED',
      'TOKEN_REFRESHED',
      'AUTHORIZATION_REVOKED',
    ]) {
      expect(types).toContain(type);
    }
    expect(sub.events.length).toBeGreaterThanOrEqual(3);
    await sub.close();
  });

  it('lands failed callbacks on a clear message and stores nothing', async () => {
    const op = { apiKey: operatorKey };
    // Denied consent
    idp.setInteraction('deny');
    const started = await client.gql<{ startAuthorization: { authorizationUrl: string } }>(
      `mutation { startAuthorization(connectionCode: "CRM") { authorizationUrl } }`,
      {},
      op,
    );
    const denied = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
    idp.setInteraction('auto');
    const landed = await client.raw({ method: 'GET', path: denied.pathname + denied.search });
    const location = new URL(landed.headers.get('location')!);
    expect(location.pathname).toBe('/connections/CRM/authorization');
    expect(location.searchParams.get('result')).toBe('error');
    expect(location.searchParams.get('reason')).toBe('ACCESS_DENIED');
    expect(location.searchParams.get('message')).toMatch(/denied/i);

    // Replayed / unknown state
    const replay = await client.raw({ method: 'GET', path: denied.pathname + denied.search });
    const replayed = new URL(replay.headers.get('location')!);
    expect(replayed.pathname).toBe('/authorization-result');
    expect(replayed.searchParams.get('reason')).toBe('INVALID_STATE');
    const forged = await client.raw({ method: 'GET', path: '/oauth/callback?code=abc&state=forged' });
    expect(new URL(forged.headers.get('location')!).searchParams.get('reason')).toBe('INVALID_STATE');

    const view = await client.gql<{ authorization: { status: string } }>(
      `query { authorization(connectionCode: "CRM") { status } }`,
      {},
      op,
    );
    expect(view.body.data?.authorization.status).toBe('NOT_AUTHORIZED');

    // The denied consent is in the history, credited to the flow's starter, never to the refresher.
    const audit = await client.gql<{ auditEvents: { type: string; actor: string | null; message: string }[] }>(
      `query { auditEvents(connectionCode: "CRM", first: 50) { type actor message } }`,
      {},
      op,
    );
    const failed = audit.body.data!.auditEvents.find((e) => e.type === 'AUTHORIZATION_FAILED');
    expect(failed?.message).toMatch(/ACCESS_DENIED/);
    expect(failed?.actor).not.toBeNull();
  });

  it('never returns, logs or stores a token or secret in clear', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const logs = server.logs().join('\n');
    for (const secret of secrets) {
      for (const body of client.bodies) expect(body.includes(secret), 'response body').toBe(false);
      expect(logs.includes(secret), 'logs').toBe(false);
    }
    if (database === 'sqlite') {
      const dir = server.dataDir;
      const dbFile = server.database.database.kind === 'sqlite' ? server.database.database.path : '';
      const files = [dbFile, `${dbFile}-wal`, ...readdirSync(dir).map((f) => join(dir, f))];
      expect(readFileSync(dbFile).length).toBeGreaterThan(0);
      for (const file of files.filter(Boolean)) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch {
          continue;
        }
        for (const secret of secrets) expect(bytes.includes(Buffer.from(secret)), file).toBe(false);
      }
    }
  });
});
