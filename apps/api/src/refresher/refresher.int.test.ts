/**
 * The refresher against the test IdP on SQLite, one pass at a time (`tick()`): a due
 * authorization is refreshed (audited with no actor, published); a transient failure backs off
 * (`nextRetryAt`, status unchanged); `invalid_grant` makes it REAUTHORIZATION_REQUIRED and
 * unscheduled; leased rows are left alone; `stop()` leaves no lease behind.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordingClient, subscribe } from '../graphql/test-support.js';
import { Authorization } from '../persistence/entities/index.js';
import { startTestServer, type TestServer } from '../testing/index.js';

const SECRET = `refresher-secret-${Math.random().toString(36).slice(2)}`;

describe('Refresher', () => {
  let server: TestServer;
  let idp: TestIdp;
  let client: RecordingClient;
  let operator: string;
  let connectionId: string;

  const row = async () => await server.app.orm.em.fork().findOneOrFail(Authorization, { connectionId });
  const makeDue = (extra: Partial<Authorization> = {}) =>
    server.app.orm.em
      .fork()
      .nativeUpdate(Authorization, { connectionId }, { nextRefreshAt: new Date(Date.now() - 1000), nextRetryAt: null, ...extra });
  const refreshCalls = () => idp.counters().tokenRequests['refresh_token'] ?? 0;

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 3600 });
    server = await startTestServer({ database: 'sqlite', env: { REFRESHER_INTERVAL_MS: '3600000' } });
    idp.addClient({ clientId: 'refresher', clientSecret: SECRET, redirectUris: [`${server.url}/oauth/callback`] });
    client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    operator = await client.createApiKey(cookie, 'refresher operator', 'OPERATOR');
    const created = await client.gql<{ createConnection: { id: string } }>(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`,
      {
        i: {
          code: 'AUTO',
          name: 'Auto',
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: { issuer: idp.issuer, clientId: 'refresher', clientSecret: SECRET, scopes: ['openid'] },
        },
      },
      { cookie },
    );
    connectionId = created.body.data!.createConnection.id;
    const started = await client.gql<{ startAuthorization: { authorizationUrl: string } }>(
      `mutation { startAuthorization(connectionCode: "AUTO") { authorizationUrl } }`,
      {},
      { apiKey: operator },
    );
    const callback = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
    await client.raw({ method: 'GET', path: callback.pathname + callback.search });
    expect((await row()).status).toBe('AUTHORIZED');
  });

  beforeEach(() => idp.setQuirks({}));

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  it('schedules the next refresh from the token lifetime and refreshes when due', async () => {
    const scheduled = (await row()).nextRefreshAt!;
    // 1 h token, 300 s margin (10 % of the lifetime leads): due about 54-55 min from now.
    expect(scheduled.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(scheduled.getTime()).toBeLessThan(Date.now() + 60 * 60_000);
    await server.app.domain.refresher.tick();
    expect(refreshCalls()).toBe(0);

    const sub = await subscribe<{ authorizationChanged: { lastRefreshedAt: string | null } }>(
      server,
      `subscription { authorizationChanged(connectionCode: "AUTO") { lastRefreshedAt } }`,
      {},
      { authorization: `Bearer ${operator}` },
    );
    const event = sub.waitFor((e) => e.authorizationChanged.lastRefreshedAt !== null);
    await makeDue();
    await server.app.domain.refresher.tick();
    expect(refreshCalls()).toBe(1);
    await event;
    const after = await row();
    expect(after.lastRefreshedAt).not.toBeNull();
    expect(after.nextRefreshAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const audit = await client.gql<{ auditEvents: { type: string; actor: string | null }[] }>(
      `query { auditEvents(connectionCode: "AUTO", first: 1) { type actor } }`,
      {},
      { apiKey: operator },
    );
    expect(audit.body.data!.auditEvents[0]).toEqual({ type: 'TOKEN_REFRESHED', actor: null });
    await sub.close();
  });

  it('backs off on a transient failure, status unchanged', async () => {
    idp.setQuirks({ failRefreshWith: { status: 503, retryAfterSeconds: 30 } });
    await makeDue();
    const before = refreshCalls();
    await server.app.domain.refresher.tick();
    expect(refreshCalls()).toBe(before + 1);
    const failed = await row();
    expect(failed.status).toBe('AUTHORIZED');
    expect(failed.refreshFailures).toBe(1);
    expect(failed.nextRetryAt!.getTime()).toBeGreaterThanOrEqual(Date.now() + 25_000);
    expect(failed.statusReason).toMatch(/Refresh failed/);
    await server.app.domain.refresher.tick();
    expect(refreshCalls()).toBe(before + 1);

    idp.setQuirks({});
    await makeDue();
    await server.app.domain.refresher.tick();
    const recovered = await row();
    expect(recovered.refreshFailures).toBe(0);
    expect(recovered.statusReason).toBeNull();
  });

  it('leaves leased rows alone', async () => {
    await makeDue({ leaseOwner: 'someone-else', leaseExpiresAt: new Date(Date.now() + 60_000) });
    const before = refreshCalls();
    await server.app.domain.refresher.tick();
    expect(refreshCalls()).toBe(before);
    await server.app.orm.em.fork().nativeUpdate(Authorization, { connectionId }, { leaseOwner: null, leaseExpiresAt: null });
  });

  it('stop() waits for the refresh in flight and leaves no lease', async () => {
    await makeDue();
    const before = refreshCalls();
    const pass = server.app.domain.refresher.tick();
    await server.app.domain.refresher.stop();
    await pass;
    const after = await row();
    expect(after.leaseOwner).toBeNull();
    expect(refreshCalls()).toBeLessThanOrEqual(before + 1);
    // The stored token set is whole: it decrypts.
    expect((await server.app.ports.state.read(connectionId)).tokens?.refreshToken).toBeTruthy();
    server.app.domain.refresher.start();
  });

  it('marks REAUTHORIZATION_REQUIRED on invalid_grant and stops scheduling it', async () => {
    idp.setQuirks({ errorIn200OnRefresh: 'invalid_grant' });
    await makeDue();
    await server.app.domain.refresher.tick();
    const rejected = await row();
    expect(rejected.status).toBe('REAUTHORIZATION_REQUIRED');
    expect(rejected.nextRefreshAt).toBeNull();
    const before = refreshCalls();
    await server.app.domain.refresher.tick();
    expect(refreshCalls()).toBe(before);
    const view = await client.gql<{ authorization: { status: string; statusReason: string } }>(
      `query { authorization(connectionCode: "AUTO") { status statusReason } }`,
      {},
      { apiKey: operator },
    );
    expect(view.body.data?.authorization.status).toBe('REAUTHORIZATION_REQUIRED');
  });
});
