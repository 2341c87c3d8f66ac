/**
 * Webhooks end to end on one instance (SQLite) with a local receiver: the Standard Webhooks
 * signature verifies with an independent implementation, retries keep the webhook-id, order per
 * connection holds, filters, disabled webhooks, redelivery and workspace isolation hold, and no
 * secret is in a body. The retry schedule is shortened (milliseconds) instead of waiting minutes.
 */
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { startTestServer, startWebhookReceiver, type TestServer, type WebhookReceiver } from '../testing/index.js';
import { createPlainConnection, createWebhook, deliveriesOf, gqlOk } from './test-support.js';

const schedule = { delaysMs: [100, 150, 200], jitter: 0 };

describe('webhooks', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let client: RecordingClient;
  let adminKey: string;
  let otherAdminKey: string;
  let operatorKey: string;
  const hooks: string[] = [];
  let codes = 0;
  const nextCode = () => `WH_${++codes}`;

  beforeAll(async () => {
    server = await startTestServer({ webhooks: { schedule, pollIntervalMs: 200 } });
    receiver = await startWebhookReceiver();
    client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    adminKey = await client.createApiKey(cookie, 'admin', 'ADMIN');
    operatorKey = await client.createApiKey(cookie, 'operator', 'OPERATOR');
    // Workspaces are instance-level: a signed-in admin creates them (API keys get FORBIDDEN).
    const made = await client.gql(
      `mutation { createWorkspace(input: { slug: "other", company: "Other", environment: "test" }) { id } }`,
      {},
      { cookie },
    );
    expect(made.body.errors).toBeUndefined();
    otherAdminKey = await client.createApiKey(cookie, 'other admin', 'ADMIN', 'other');
  }, 60_000);

  beforeEach(async () => {
    // Each test starts with no webhook and a receiver answering 204.
    for (const id of hooks.splice(0)) await gqlOk(client, adminKey, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id });
    receiver.received.length = 0;
    receiver.respond = () => 204;
  });

  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });

  async function hook(input: { url?: string; events?: string[] } = {}, apiKey = adminKey) {
    const created = await createWebhook(client, apiKey, { url: receiver.url, ...input });
    if (apiKey === adminKey) hooks.push(created.id);
    return created;
  }

  it('signs each delivery so that an independent Standard Webhooks implementation verifies it', async () => {
    const { id, secret } = await hook();
    expect(secret).toMatch(/^whsec_/);
    const code = nextCode();
    await createPlainConnection(client, adminKey, code);
    const [got] = await receiver.waitFor((r) => r.length >= 1);
    const payload = new StandardWebhook(secret).verify(got!.body, {
      'webhook-id': String(got!.headers['webhook-id']),
      'webhook-timestamp': String(got!.headers['webhook-timestamp']),
      'webhook-signature': String(got!.headers['webhook-signature']),
    });
    expect(got!.headers['content-type']).toBe('application/json');
    expect(payload).toMatchObject({
      type: 'CONNECTION_CREATED',
      workspace: 'default',
      data: { connectionCode: code, actor: 'API key "admin"', authorization: null },
    });
    // The outcome is written once the receiver's answer is in: shortly after it got the request.
    await expect
      .poll(async () => (await deliveriesOf(client, adminKey, id))[0])
      .toMatchObject({ id: got!.id, eventType: 'CONNECTION_CREATED', state: 'SUCCEEDED', attempts: 1, lastStatusCode: 204 });
    // The secret is shown once: no query returns it, and it is not in any body sent.
    const listed = await client.gql(`query { webhooks { id url events enabled description createdAt } }`, {}, { apiKey: adminKey });
    expect(listed.text).not.toContain(secret.slice(6));
    expect(receiver.received.map((r) => r.body).join('')).not.toContain(secret.slice(6));
    expect(server.logs().join('\n')).not.toContain(secret.slice(6));
  });

  it('puts the authorization view in the body, never a client secret', async () => {
    await hook();
    const clientSecret = `client-secret-${Math.random().toString(36).slice(2)}`;
    const code = nextCode();
    await gqlOk(client, adminKey, `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`, {
      i: {
        code,
        name: code,
        authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
        oauth2: {
          authorizationEndpoint: 'https://idp.example.test/auth',
          tokenEndpoint: 'https://idp.example.test/token',
          clientId: 'grantkeeper',
          clientSecret,
          scopes: ['api.read'],
        },
      },
    });
    const [got] = await receiver.waitFor((r) => r.length >= 1);
    expect(JSON.parse(got!.body)).toMatchObject({
      data: { connectionCode: code, authorization: { connectionCode: code, status: 'NOT_AUTHORIZED', grantedScopes: [] } },
    });
    expect(got!.body).not.toContain(clientSecret);
  });

  it('retries a 500-twice receiver with the same webhook-id until it succeeds', async () => {
    const { id } = await hook();
    let failures = 2;
    receiver.respond = () => (failures-- > 0 ? 500 : 200);
    await createPlainConnection(client, adminKey, nextCode());
    const got = await receiver.waitFor((r) => r.length >= 3);
    expect(new Set(got.map((r) => r.id)).size).toBe(1);
    const bodies = new Set(got.map((r) => r.body));
    expect(bodies.size).toBe(1);
    await expect.poll(async () => (await deliveriesOf(client, adminKey, id))[0]?.state).toBe('SUCCEEDED');
    expect((await deliveriesOf(client, adminKey, id))[0]).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null });
  });

  it('gives up after the last attempt (FAILED, with the status and error)', async () => {
    const { id } = await hook();
    receiver.respond = () => 503;
    await createPlainConnection(client, adminKey, nextCode());
    await receiver.waitFor((r) => r.length >= schedule.delaysMs.length + 1);
    await expect.poll(async () => (await deliveriesOf(client, adminKey, id))[0]?.state).toBe('FAILED');
    expect((await deliveriesOf(client, adminKey, id))[0]).toMatchObject({
      attempts: schedule.delaysMs.length + 1,
      lastStatusCode: 503,
      lastError: 'The receiver answered 503.',
    });
    expect(receiver.received).toHaveLength(schedule.delaysMs.length + 1);
  });

  it('keeps event order per connection while an earlier delivery is retried', async () => {
    await hook();
    let failures = 2;
    receiver.respond = (request) => (request.body.includes('CONNECTION_CREATED') && failures-- > 0 ? 500 : 204);
    const code = nextCode();
    await createPlainConnection(client, adminKey, code);
    await gqlOk(client, adminKey, `mutation($c: String!) { updateConnection(code: $c, input: { name: "renamed" }) { id } }`, { c: code });
    await gqlOk(client, adminKey, `mutation($c: String!) { deleteConnection(code: $c) }`, { c: code });
    const got = await receiver.waitFor((r) => r.some((x) => x.body.includes('CONNECTION_DELETED')));
    const types = got.map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types).toEqual(['CONNECTION_CREATED', 'CONNECTION_CREATED', 'CONNECTION_CREATED', 'CONNECTION_UPDATED', 'CONNECTION_DELETED']);
  });

  it('sends only the event types a webhook asked for, and nothing to a disabled one', async () => {
    const filtered = await hook({ events: ['CONNECTION_DELETED'] });
    const disabled = await hook();
    await gqlOk(client, adminKey, `mutation($id: ID!) { updateWebhook(id: $id, input: { enabled: false }) { enabled } }`, {
      id: disabled.id,
    });
    const code = nextCode();
    await createPlainConnection(client, adminKey, code);
    await gqlOk(client, adminKey, `mutation($c: String!) { deleteConnection(code: $c) }`, { c: code });
    const got = await receiver.waitFor((r) => r.length >= 1);
    expect(got.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual(['CONNECTION_DELETED']);
    expect(await deliveriesOf(client, adminKey, filtered.id)).toHaveLength(1);
    expect(await deliveriesOf(client, adminKey, disabled.id)).toEqual([]);
  });

  it('redelivers a delivery now with the same webhook-id', async () => {
    const { id } = await hook();
    await createPlainConnection(client, adminKey, nextCode());
    const [first] = await receiver.waitFor((r) => r.length >= 1);
    // Redelivery waits for the first attempt's outcome (a delivery being sent is not touched).
    await expect.poll(async () => (await deliveriesOf(client, adminKey, id))[0]?.state).toBe('SUCCEEDED');
    const data = await gqlOk<{ redeliverWebhookDelivery: { id: string } }>(
      client,
      adminKey,
      `mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id state } }`,
      { id: first!.id },
    );
    expect(data.redeliverWebhookDelivery.id).toBe(first!.id);
    const got = await receiver.waitFor((r) => r.length >= 2);
    expect(got[1]!.id).toBe(first!.id);
    await expect.poll(async () => (await deliveriesOf(client, adminKey, id))[0]).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
  });

  it('sends once more after the attempt under way when Redeliver is pressed during it', async () => {
    const { id } = await hook();
    let answer: (status: number) => void = () => undefined;
    receiver.respond = () => new Promise<number>((resolve) => (answer = resolve));
    await createPlainConnection(client, adminKey, nextCode());
    const [first] = await receiver.waitFor((r) => r.length >= 1);
    // The first attempt waits for the receiver's answer while Redeliver is pressed.
    const data = await gqlOk<{ redeliverWebhookDelivery: { id: string } }>(
      client,
      adminKey,
      `mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id state } }`,
      { id: first!.id },
    );
    expect(data.redeliverWebhookDelivery.id).toBe(first!.id);
    receiver.respond = () => 204;
    answer(204);
    const got = await receiver.waitFor((r) => r.length >= 2);
    expect(got.map((r) => r.id)).toEqual([first!.id, first!.id]);
    await expect.poll(async () => (await deliveriesOf(client, adminKey, id))[0]).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
    expect(receiver.received).toHaveLength(2);
  });

  it('keeps workspaces apart and lets only ADMIN manage webhooks', async () => {
    const other = await hook({}, otherAdminKey);
    await createPlainConnection(client, adminKey, nextCode());
    const mine = await hook();
    await createPlainConnection(client, adminKey, nextCode());
    await receiver.waitFor((r) => r.length >= 1);
    expect(await deliveriesOf(client, otherAdminKey, other.id)).toEqual([]);
    const foreign = await client.gql(
      `query($w: ID!) { webhookDeliveries(webhookId: $w) { id } }`,
      { w: mine.id },
      { apiKey: otherAdminKey },
    );
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const listed = await gqlOk<{ webhooks: { id: string }[] }>(client, otherAdminKey, `query { webhooks { id } }`);
    expect(listed.webhooks.map((w) => w.id)).toEqual([other.id]);
    const operator = await client.gql(`query { webhooks { id } }`, {}, { apiKey: operatorKey });
    expect(operator.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await gqlOk(client, otherAdminKey, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: other.id });
  });
});
