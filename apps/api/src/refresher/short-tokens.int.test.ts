/**
 * End to end with 30-second access tokens from the real test IdP, REFRESH_MARGIN_SECONDS=8 and
 * the default 15 s interval, watched for 90 s (SQLite only: the timing does not depend on the
 * database): a client polling the authorization never sees it AUTHORIZED with an expired token,
 * each refresh starts after its due time and before the token it replaces expires (from the audit
 * trail; the lateness is printed: 37-58 ms measured), and the IdP counts
 * exactly one refresh grant per audited refresh.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { AuditEvent } from '../persistence/entities/index.js';
import { startTestServer, type TestServer } from '../testing/index.js';

const SECRET = `short-tokens-${Math.random().toString(36).slice(2)}`;
const WATCH_MS = 90_000;
const POLL_MS = 500;
const MARGIN_MS = 8_000;

describe('30 s tokens, 8 s margin, 15 s interval', () => {
  let server: TestServer;
  let idp: TestIdp;
  let client: RecordingClient;
  let operator: string;

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 30 });
    server = await startTestServer({ database: 'sqlite', env: { REFRESH_MARGIN_SECONDS: '8', REFRESHER_INTERVAL_MS: '15000' } });
    idp.addClient({ clientId: 'short', clientSecret: SECRET, redirectUris: [`${server.url}/oauth/callback`] });
    client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    operator = await client.createApiKey(cookie, 'short operator', 'OPERATOR');
    await client.gql(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`,
      {
        i: {
          code: 'SHORT',
          name: 'Short',
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: { issuer: idp.issuer, clientId: 'short', clientSecret: SECRET, scopes: ['openid'] },
        },
      },
      { cookie },
    );
  });

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  it(
    'never shows an expired token as AUTHORIZED, refreshes on time and exactly once per due time',
    { timeout: WATCH_MS + 60_000 },
    async () => {
      const started = await client.gql<{ startAuthorization: { authorizationUrl: string } }>(
        `mutation { startAuthorization(connectionCode: "SHORT") { authorizationUrl } }`,
        {},
        { apiKey: operator },
      );
      const callback = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
      await client.raw({ method: 'GET', path: callback.pathname + callback.search });

      const stale: string[] = [];
      let samples = 0;
      const until = Date.now() + WATCH_MS;
      while (Date.now() < until) {
        const view = await client.gql<{ authorization: { status: string; tokenExpiresAt: string | null } }>(
          `query { authorization(connectionCode: "SHORT") { status tokenExpiresAt } }`,
          {},
          { apiKey: operator },
        );
        const seenAt = Date.now();
        const { status, tokenExpiresAt } = view.body.data!.authorization;
        expect(status).toBe('AUTHORIZED');
        if (tokenExpiresAt === null || Date.parse(tokenExpiresAt) <= seenAt)
          stale.push(`${new Date(seenAt).toISOString()}: ${tokenExpiresAt}`);
        samples += 1;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      expect(stale).toEqual([]);
      expect(samples).toBeGreaterThan(WATCH_MS / POLL_MS / 4);

      const refreshes = await server.app.orm.em
        .fork()
        .find(AuditEvent, { connectionCode: 'SHORT', type: 'TOKEN_REFRESHED' }, { orderBy: { at: 'asc' } });
      // Due 22 s (less up to 0.8 s of jitter) after each token: three or four in 90 s.
      expect(refreshes.length).toBeGreaterThanOrEqual(3);
      expect(refreshes.length).toBeLessThanOrEqual(4);
      expect(idp.counters().tokenRequests['refresh_token']).toBe(refreshes.length);
      const late: number[] = [];
      for (const event of refreshes) {
        const { dueAt, startedAt } = event.details as { dueAt: string; startedAt: string };
        const lateMs = Date.parse(startedAt) - Date.parse(dueAt);
        late.push(lateMs);
        // Never early; and started while the token it replaces was still valid (due = expiry - margin).
        expect(lateMs, `refresh due at ${dueAt} started at ${startedAt}`).toBeGreaterThanOrEqual(0);
        expect(lateMs, `refresh due at ${dueAt} started at ${startedAt}`).toBeLessThan(MARGIN_MS);
      }
      console.info(`refreshes started ${late.join(', ')} ms after their due time`);
    },
  );
});
