/**
 * The refresher's repeated identical failures are one audit row with a count and first/last
 * time, in the audit table itself: a failure of another error class, or any other event in
 * between, starts a new row. Against the test IdP answering refresh grants with 503 / 500, on
 * SQLite and PostgreSQL.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { AuditEvent, Authorization } from '../persistence/entities/index.js';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';

const SECRET = `history-fold-${Math.random().toString(36).slice(2)}`;

interface Row {
  type: string;
  outcome: string;
  actor: string | null;
  count: number;
  at: string;
  lastAt: string;
  message: string;
}

describe.each(testDatabases())('audit folding of repeated refresh failures on %s', (kind) => {
  let server: TestServer;
  let idp: TestIdp;
  let client: RecordingClient;
  let operator: string;
  let connectionId: string;

  const makeDue = () =>
    server.app.orm.em
      .fork()
      .nativeUpdate(Authorization, { connectionId }, { nextRefreshAt: new Date(Date.now() - 1000), nextRetryAt: null });
  /** One refresher pass over a due row whose refresh the IdP answers with `status`. */
  const failOnce = async (status: number) => {
    idp.setQuirks({ failRefreshWith: { status, retryAfterSeconds: 1 } });
    await makeDue();
    await server.app.domain.refresher.tick();
  };
  const history = async (): Promise<Row[]> => {
    const res = await client.gql<{ auditEventPage: { events: Row[] } }>(
      `query { auditEventPage(filter: { connectionCode: "FOLD" }, first: 50) { events { type outcome actor count at lastAt message } } }`,
      {},
      { apiKey: operator },
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.auditEventPage.events;
  };

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 3600 });
    server = await startTestServer({ database: kind, env: { REFRESHER_INTERVAL_MS: '3600000' } });
    idp.addClient({ clientId: 'fold', clientSecret: SECRET, redirectUris: [`${server.url}/oauth/callback`] });
    client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    operator = await client.createApiKey(cookie, 'fold operator', 'OPERATOR');
    const created = await client.gql<{ createConnection: { id: string } }>(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`,
      {
        i: {
          code: 'FOLD',
          name: 'Fold',
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: { issuer: idp.issuer, clientId: 'fold', clientSecret: SECRET, scopes: ['openid'] },
        },
      },
      { cookie },
    );
    connectionId = created.body.data!.createConnection.id;
    const started = await client.gql<{ startAuthorization: { authorizationUrl: string } }>(
      `mutation { startAuthorization(connectionCode: "FOLD") { authorizationUrl } }`,
      {},
      { apiKey: operator },
    );
    const callback = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
    await client.raw({ method: 'GET', path: callback.pathname + callback.search });
  });

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  it('folds identical failures into one row (count, first and last time), in the table itself', async () => {
    await failOnce(503);
    await failOnce(503);
    await failOnce(503);
    const [newest] = await history();
    expect(newest).toMatchObject({ type: 'TOKEN_REFRESH_FAILED', outcome: 'FAILURE', actor: null, count: 3 });
    expect(Date.parse(newest!.lastAt)).toBeGreaterThan(Date.parse(newest!.at));
    const stored = await server.app.orm.em.fork().find(AuditEvent, { connectionId, type: 'TOKEN_REFRESH_FAILED' });
    expect(stored.map((row) => row.count)).toEqual([3]);
    // The run of failures began at the folded row's first time.
    const view = await client.gql<{ authorization: { refreshFailingSince: string; consecutiveRefreshFailures: number } }>(
      `query { authorization(connectionCode: "FOLD") { refreshFailingSince consecutiveRefreshFailures } }`,
      {},
      { apiKey: operator },
    );
    expect(view.body.data!.authorization).toEqual({ refreshFailingSince: newest!.at, consecutiveRefreshFailures: 3 });
  });

  it('starts a new row for another error class, and after any other event in between', async () => {
    await failOnce(500);
    let rows = await history();
    expect(rows.slice(0, 2).map((row) => [row.type, row.count])).toEqual([
      ['TOKEN_REFRESH_FAILED', 1],
      ['TOKEN_REFRESH_FAILED', 3],
    ]);
    expect(rows[0]!.message).toMatch(/500/);

    await failOnce(500);
    rows = await history();
    expect(rows[0]!.count).toBe(2);

    const tested = await client.gql(`mutation { testToken(connectionCode: "FOLD") { valid } }`, {}, { apiKey: operator });
    expect(tested.body.errors).toBeUndefined();
    await failOnce(500);
    rows = await history();
    expect(rows.slice(0, 3).map((row) => [row.type, row.actor, row.count])).toEqual([
      ['TOKEN_REFRESH_FAILED', null, 1],
      ['TOKEN_TESTED', 'API key "fold operator"', 1],
      ['TOKEN_REFRESH_FAILED', null, 2],
    ]);
  });

  it("never folds a person's failed refresh into the refresher's row", async () => {
    idp.setQuirks({ failRefreshWith: { status: 500, retryAfterSeconds: 1 } });
    const manual = await client.gql(`mutation { refreshToken(connectionCode: "FOLD") { status } }`, {}, { apiKey: operator });
    expect(manual.body.errors?.[0]?.extensions?.['code']).toBe('PROVIDER_ERROR');
    await failOnce(500);
    const rows = await history();
    expect(rows.slice(0, 3).map((row) => [row.actor, row.count])).toEqual([
      [null, 1],
      ['API key "fold operator"', 1],
      [null, 1],
    ]);
    idp.setQuirks({});
  });
});
