/**
 * TOKEN_ISSUED webhooks against the real test IdP and a local receiver: an `accessToken` query
 * by a TOKEN key sends one signed TOKEN_ISSUED delivery (naming the connection and the key, never
 * the token) to the webhooks subscribed to it, and none to the others; a refused query sends
 * nothing.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { authorizedConnection, createKey } from '../proxy/proxy-test-support.js';
import { startTestServer, startWebhookReceiver, type TestServer, type WebhookReceiver } from '../testing/index.js';
import { createWebhook, deliveriesOf, gqlOk } from './test-support.js';

const CLIENT_SECRET = `issued-secret-${Math.random().toString(36).slice(2)}`;
const QUERY = `query($c: String!) { accessToken(connectionCode: $c) { accessToken } }`;

describe('TOKEN_ISSUED webhooks', () => {
  let idp: TestIdp;
  let server: TestServer;
  let receiver: WebhookReceiver;
  let client: RecordingClient;
  let adminKey: string;
  let tokenKey: string;
  let proxyKey: string;

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    server = await startTestServer({
      env: { REFRESHER_INTERVAL_MS: '3600000' },
      webhooks: { schedule: { delaysMs: [100], jitter: 0 }, pollIntervalMs: 200 },
    });
    receiver = await startWebhookReceiver();
    idp.addClient({
      clientId: 'grantkeeper-proxy',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    adminKey = await client.createApiKey(cookie, 'admin', 'ADMIN');
    await authorizedConnection({ client, cookie, adminKey, idp, server }, 'CRM', 'https://api.example.com', CLIENT_SECRET);
    await gqlOk(client, adminKey, `mutation { updateConnection(code: "CRM", input: { allowTokenAccess: true }) { code } }`);
    tokenKey = await createKey(client, cookie, { name: 'sdk', connectionAccess: 'TOKEN' });
    proxyKey = await createKey(client, cookie, { name: 'proxy only', connectionAccess: 'PROXY' });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await idp?.close();
  });

  it('sends one signed TOKEN_ISSUED delivery per issued token to subscribed webhooks only, without the token', async () => {
    const subscribed = await createWebhook(client, adminKey, { url: receiver.url, events: ['TOKEN_ISSUED'] });
    const other = await createWebhook(client, adminKey, {
      url: `${receiver.url}/other`,
      events: ['TOKEN_REFRESHED', 'CONNECTION_UPDATED'],
    });
    // Refused (a PROXY key): nothing is issued, so nothing is sent.
    const refused = await client.gql(QUERY, { c: 'CRM' }, { apiKey: proxyKey });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const issued = await client.gql<{ accessToken: { accessToken: string } }>(QUERY, { c: 'CRM' }, { apiKey: tokenKey });
    expect(issued.body.errors).toBeUndefined();
    const token = issued.body.data!.accessToken.accessToken;

    const [got] = await receiver.waitFor((r) => r.length >= 1);
    const payload = new StandardWebhook(subscribed.secret).verify(got!.body, {
      'webhook-id': String(got!.headers['webhook-id']),
      'webhook-timestamp': String(got!.headers['webhook-timestamp']),
      'webhook-signature': String(got!.headers['webhook-signature']),
    });
    expect(payload).toMatchObject({
      type: 'TOKEN_ISSUED',
      workspace: 'default',
      data: { connectionCode: 'CRM', actor: 'API key "sdk"', authorization: { status: 'AUTHORIZED' } },
    });
    expect(got!.body).not.toContain(token);
    // Per (webhook, connection) order: had the refused query been delivered, it would be first.
    await expect
      .poll(() => deliveriesOf(client, adminKey, subscribed.id))
      .toEqual([expect.objectContaining({ id: got!.id, eventType: 'TOKEN_ISSUED', state: 'SUCCEEDED', attempts: 1 })]);
    expect(await deliveriesOf(client, adminKey, other.id)).toEqual([]);
    expect(receiver.received).toHaveLength(1);
    expect(server.logs().join('\n')).not.toContain(token);
  });
});
