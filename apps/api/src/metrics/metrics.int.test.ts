/**
 * /metrics: answered only with METRICS_TOKEN as a bearer token; the refresh and webhook
 * counters move after a real refresh (test IdP) and a real delivery (local receiver), the proxy
 * counters after proxied requests to a local upstream (answered or refused); the
 * REAUTHORIZATION_REQUIRED webhook goes out once; no label carries a connection code, a user
 * or a token, and no webhook body carries a token.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { Authorization } from '../persistence/entities/index.js';
import { decryptTokenSet } from '../persistence/ports/token-columns.js';
import { startTestServer, startWebhookReceiver, type TestServer, type WebhookReceiver } from '../testing/index.js';
import { createWebhook, gqlOk } from '../webhooks/test-support.js';
import { createKey, ProxyClient } from '../proxy/proxy-test-support.js';
import { startTestUpstream } from '../proxy/test-upstream.js';

const METRICS_TOKEN = `metrics-${Math.random().toString(36).slice(2)}-token`;
const CLIENT_SECRET = `metrics-client-${Math.random().toString(36).slice(2)}`;

/** The value of one sample line, e.g. `grantkeeper_refreshes_total{outcome="success"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let idp: TestIdp;
  let server: TestServer;
  let receiver: WebhookReceiver;
  let client: RecordingClient;
  let adminKey: string;

  const scrape = async (authorization?: string) => {
    const res = await fetch(`${server.url}/metrics`, authorization ? { headers: { authorization } } : {});
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    server = await startTestServer({ env: { METRICS_TOKEN }, webhooks: { schedule: { delaysMs: [100], jitter: 0 }, pollIntervalMs: 200 } });
    receiver = await startWebhookReceiver();
    idp.addClient({
      clientId: 'metrics',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    adminKey = await client.createApiKey(cookie, 'metrics admin', 'ADMIN');
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await idp?.close();
  });

  it('is not found without the token, with another token, or when METRICS_TOKEN is unset', async () => {
    expect((await scrape()).status).toBe(404);
    expect((await scrape(`Bearer ${METRICS_TOKEN}x`)).status).toBe(404);
    expect((await scrape(METRICS_TOKEN)).status).toBe(404);
    const ok = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('process_cpu_user_seconds_total');
    expect(ok.text).toContain('nodejs_eventloop_lag_seconds');
    expect(sample(ok.text, 'grantkeeper_refresh_backlog')).toBe(0);
    const plain = await startTestServer();
    try {
      expect((await fetch(`${plain.url}/metrics`, { headers: { authorization: 'Bearer anything-at-all-1234' } })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  async function authorize(code: string): Promise<void> {
    await gqlOk(client, adminKey, `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`, {
      i: {
        code,
        name: code,
        authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
        oauth2: { issuer: idp.issuer, clientId: 'metrics', clientSecret: CLIENT_SECRET, scopes: ['openid', 'api.read', 'offline_access'] },
      },
    });
    const started = await gqlOk<{ startAuthorization: { authorizationUrl: string } }>(
      client,
      adminKey,
      `mutation($c: String!) { startAuthorization(connectionCode: $c) { authorizationUrl } }`,
      { c: code },
    );
    const callback = await idp.authorize(started.startAuthorization.authorizationUrl);
    expect((await client.raw({ method: 'GET', path: callback.pathname + callback.search })).status).toBe(302);
  }

  it('counts a refresh and a delivery; REAUTHORIZATION_REQUIRED is sent once; no secret in labels or bodies', async () => {
    const events = ['TOKEN_REFRESHED', 'REAUTHORIZATION_REQUIRED'];
    await createWebhook(client, adminKey, { url: receiver.url, events });
    await authorize('METERED');
    await authorize('REJECTED');
    await gqlOk(client, adminKey, `mutation { refreshToken(connectionCode: "METERED") { status } }`);
    const [refreshed] = await receiver.waitFor((r) => r.length >= 1);
    expect(JSON.parse(refreshed!.body)).toMatchObject({ type: 'TOKEN_REFRESHED', data: { authorization: { status: 'AUTHORIZED' } } });
    const [row] = await server.app.orm.em.fork().find(Authorization, { status: 'AUTHORIZED' }, { orderBy: { lastRefreshedAt: 'asc' } });
    const tokens = decryptTokenSet(row!, server.app.vault)!;

    idp.setQuirks({ errorIn200OnRefresh: 'invalid_grant' });
    const rejected = await client.gql(`mutation { refreshToken(connectionCode: "REJECTED") { status } }`, {}, { apiKey: adminKey });
    expect(rejected.body.errors?.[0]?.extensions?.code).toBe('REAUTHORIZATION_REQUIRED');
    // Already in that status: refused before the provider is asked, and no second event.
    await client.gql(`mutation { refreshToken(connectionCode: "REJECTED") { status } }`, {}, { apiKey: adminKey });
    const got = await receiver.waitFor((r) => r.length >= 2);
    expect(got.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual(events);

    await expect
      .poll(async () => sample((await scrape(`Bearer ${METRICS_TOKEN}`)).text, 'grantkeeper_webhook_deliveries_total{result="succeeded"}'))
      .toBe(2);
    const { text } = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(sample(text, 'grantkeeper_refreshes_total{outcome="success"}')).toBe(1);
    expect(sample(text, 'grantkeeper_refreshes_total{outcome="reauthorization_required"}')).toBe(1);
    expect(sample(text, 'grantkeeper_refresh_duration_seconds_count')).toBe(2);
    expect(sample(text, 'grantkeeper_authorizations{status="REAUTHORIZATION_REQUIRED"}')).toBe(1);
    expect(sample(text, 'grantkeeper_authorizations{status="AUTHORIZED"}')).toBe(1);
    const labels = text
      .split('\n')
      .filter((l) => !l.startsWith('#') && l.includes('{'))
      .join('\n');
    for (const value of ['METERED', 'REJECTED', 'metrics admin', server.adminEmail, tokens.accessToken, tokens.refreshToken!]) {
      expect(labels).not.toContain(value);
    }
    const bodies = receiver.received.map((r) => r.body).join('\n');
    for (const secret of [tokens.accessToken, tokens.refreshToken!, CLIENT_SECRET]) expect(bodies).not.toContain(secret);
    idp.setQuirks({});
  });

  it('counts proxied requests by status class and their duration, with no connection code or key in a label', async () => {
    const upstream = await startTestUpstream();
    const proxy = new ProxyClient(server.url);
    try {
      const cookie = await client.login(server.adminEmail, server.adminPassword);
      await gqlOk(client, adminKey, `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`, {
        i: { code: 'METERED_API', name: 'Metered API', baseUrl: `${upstream.url}/v1`, authenticationType: 'NONE' },
      });
      const proxyKey = await createKey(client, cookie, { name: 'metered proxy', connectionAccess: 'PROXY' });
      const before = (await scrape(`Bearer ${METRICS_TOKEN}`)).text;
      expect(sample(before, 'grantkeeper_proxy_duration_seconds_count')).toBe(0);
      expect((await proxy.send('/proxy/METERED_API/echo', { key: proxyKey })).status).toBe(200);
      expect((await proxy.send('/proxy/METERED_API/echo', { key: proxyKey })).status).toBe(200);
      expect((await proxy.send('/proxy/METERED_API/unauthorized', { key: proxyKey })).status).toBe(401); // the upstream's 401
      expect((await proxy.send('/proxy/METERED_API/echo', { key: adminKey })).status).toBe(403); // Grantkeeper's refusal
      expect((await proxy.send('/proxy/NO_SUCH_API/echo', { key: proxyKey })).status).toBe(404);
      const { text } = await scrape(`Bearer ${METRICS_TOKEN}`);
      expect(sample(text, 'grantkeeper_proxy_requests_total{code_class="2xx"}')).toBe(2);
      expect(sample(text, 'grantkeeper_proxy_requests_total{code_class="4xx"}')).toBe(3);
      expect(sample(text, 'grantkeeper_proxy_duration_seconds_count')).toBe(5);
      expect(sample(text, 'grantkeeper_proxy_duration_seconds_sum')).toBeGreaterThan(0);
      const labels = text
        .split('\n')
        .filter((l) => !l.startsWith('#') && l.includes('{'))
        .join('\n');
      for (const value of ['METERED_API', 'NO_SUCH_API', 'metered proxy', proxyKey, adminKey, upstream.url])
        expect(labels).not.toContain(value);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});
