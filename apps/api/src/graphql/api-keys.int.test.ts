/**
 * API keys over GraphQL: names unique per workspace (CONFLICT), the visible prefix, and an
 * optional expiry after which the key is refused (UNAUTHENTICATED, reason API_KEY_EXPIRED).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from './test-support.js';
import { startTestServer, type TestServer } from '../testing/index.js';

interface CreatedKey {
  createApiKey: { key: string; apiKey: { name: string; prefix: string | null; expiresAt: string | null } };
}

const CREATE = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { name prefix expiresAt } } }`;

describe('API keys over GraphQL', () => {
  let server: TestServer;
  let client: RecordingClient;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('returns the prefix and expiry, lists them, and refuses a taken name with CONFLICT', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await client.gql<CreatedKey>(CREATE, { i: { name: 'reporting', role: 'VIEWER', expiresAt } }, { cookie });
    expect(created.body.errors).toBeUndefined();
    const { key, apiKey } = created.body.data!.createApiKey;
    expect(apiKey).toEqual({ name: 'reporting', prefix: key.slice(0, 9), expiresAt });

    const listed = await client.gql<{ apiKeys: { name: string; prefix: string; expiresAt: string | null }[] }>(
      `{ apiKeys { name prefix expiresAt } }`,
      {},
      { cookie },
    );
    expect(listed.body.data?.apiKeys.find((k) => k.name === 'reporting')).toEqual({
      name: 'reporting',
      prefix: key.slice(0, 9),
      expiresAt,
    });
    expect(listed.text).not.toContain(key);

    const taken = await client.gql(CREATE, { i: { name: 'reporting', role: 'ADMIN' } }, { cookie });
    expect(taken.body.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect(taken.body.errors?.[0]?.message).toContain('"reporting"');

    const past = await client.gql(
      CREATE,
      { i: { name: 'late', role: 'VIEWER', expiresAt: new Date(Date.now() - 1000).toISOString() } },
      { cookie },
    );
    expect(past.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('refuses a key once it has expired', async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const created = await client.gql<CreatedKey>(CREATE, { i: { name: 'short-lived', role: 'VIEWER', expiresAt } }, { cookie });
    const apiKey = created.body.data!.createApiKey.key;
    const first = await client.gql<{ apiKeys: unknown }>(`{ serverInfo { version } }`, {}, { apiKey });
    expect(first.body.errors).toBeUndefined();

    // Poll until the expiry has passed (bounded); the answer must then be a refusal.
    let answer = first;
    while (Date.now() <= new Date(expiresAt).getTime() + 5_000) {
      answer = await client.gql(`{ serverInfo { version } }`, {}, { apiKey });
      if (answer.body.errors || Date.now() > new Date(expiresAt).getTime() + 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(Date.now()).toBeGreaterThan(new Date(expiresAt).getTime());
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'API_KEY_EXPIRED' });
    expect(answer.text).not.toContain(apiKey);
  });
});
