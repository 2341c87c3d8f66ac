/**
 * The v2 settings behind outbound calls, over GraphQL on both databases: API keys with
 * connectionAccess and connectionCodes, write-only credentials of BASIC and API_KEY connections
 * (shown only as CredentialsInfo), and allowTokenAccess. No secret comes back in any response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';

const PASSWORD = `basic-password-${Math.random().toString(36).slice(2)}`;
const API_KEY = `upstream-key-${Math.random().toString(36).slice(2)}`;
const CONNECTION = `code name authenticationType allowTokenAccess credentials { username passwordSet apiKeySet apiKeyHeader apiKeyQueryParam }`;

describe.each(testDatabases())('outbound settings on %s', (database) => {
  let server: TestServer;
  let client: RecordingClient;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer({ database });
    client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('creates API keys with a connection access level and codes, and lists them', async () => {
    const created = await client.gql<{ createApiKey: { apiKey: { connectionAccess: string; connectionCodes: string[] | null } } }>(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { name connectionAccess connectionCodes } } }`,
      { i: { name: 'etl', role: 'VIEWER', connectionAccess: 'PROXY', connectionCodes: ['CRM', 'CRM', 'ERP'] } },
      { cookie },
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createApiKey.apiKey).toEqual({ name: 'etl', connectionAccess: 'PROXY', connectionCodes: ['CRM', 'ERP'] });
    await client.createApiKey(cookie, 'plain', 'VIEWER');
    const listed = await client.gql<{ apiKeys: { name: string; connectionAccess: string; connectionCodes: string[] | null }[] }>(
      `{ apiKeys { name connectionAccess connectionCodes } }`,
      {},
      { cookie },
    );
    expect(listed.body.data?.apiKeys).toEqual([
      { name: 'etl', connectionAccess: 'PROXY', connectionCodes: ['CRM', 'ERP'] },
      { name: 'plain', connectionAccess: 'NONE', connectionCodes: null },
    ]);
    const bad = await client.gql(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }`,
      { i: { name: 'bad', role: 'VIEWER', connectionAccess: 'TOKEN', connectionCodes: ['not a code'] } },
      { cookie },
    );
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('stores BASIC and API_KEY credentials write-only and shows only what may be shown', async () => {
    const basic = await client.gql<{ createConnection: unknown }>(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { ${CONNECTION} } }`,
      {
        i: {
          code: 'BASIC_API',
          name: 'Basic API',
          baseUrl: 'https://basic.example.com/v1',
          authenticationType: 'BASIC',
          credentials: { username: 'svc', password: PASSWORD },
        },
      },
      { cookie },
    );
    expect(basic.body.data?.createConnection).toEqual({
      code: 'BASIC_API',
      name: 'Basic API',
      authenticationType: 'BASIC',
      allowTokenAccess: false,
      credentials: { username: 'svc', passwordSet: true, apiKeySet: false, apiKeyHeader: null, apiKeyQueryParam: null },
    });

    const keyed = await client.gql<{ createConnection: { credentials: unknown } }>(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { ${CONNECTION} } }`,
      {
        i: {
          code: 'KEYED',
          name: 'Keyed',
          authenticationType: 'API_KEY',
          credentials: { apiKey: API_KEY, apiKeyHeader: 'X-Api-Key' },
        },
      },
      { cookie },
    );
    expect(keyed.body.data?.createConnection.credentials).toEqual({
      username: null,
      passwordSet: false,
      apiKeySet: true,
      apiKeyHeader: 'X-Api-Key',
      apiKeyQueryParam: null,
    });

    // Moving the key to a query parameter keeps the stored secret.
    const moved = await client.gql<{ updateConnection: { allowTokenAccess: boolean; credentials: unknown } }>(
      `mutation($i: UpdateConnectionInput!) { updateConnection(code: "KEYED", input: $i) { ${CONNECTION} } }`,
      { i: { credentials: { apiKeyQueryParam: 'api_key' }, allowTokenAccess: true } },
      { cookie },
    );
    expect(moved.body.errors).toBeUndefined();
    expect(moved.body.data?.updateConnection).toMatchObject({
      allowTokenAccess: true,
      credentials: { apiKeySet: true, apiKeyHeader: null, apiKeyQueryParam: 'api_key' },
    });
    for (const body of client.bodies) {
      expect(body).not.toContain(PASSWORD);
      expect(body).not.toContain(API_KEY);
    }
  });

  it('dates the stored secret: set on create, kept when only the header moves, renewed by a new key', async () => {
    type Info = { credentials: { apiKeySet: boolean; secretChangedAt: string | null } };
    const started = Date.now();
    const created = await client.gql<{ createConnection: Info }>(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { credentials { apiKeySet secretChangedAt } } }`,
      { i: { code: 'DATED', name: 'Dated', authenticationType: 'API_KEY', credentials: { apiKey: 'k-1', apiKeyHeader: 'X-Key' } } },
      { cookie },
    );
    const first = created.body.data!.createConnection.credentials.secretChangedAt!;
    expect(Date.parse(first)).toBeGreaterThanOrEqual(started - 1000);
    const UPDATE = `mutation($i: UpdateConnectionInput!) { updateConnection(code: "DATED", input: $i) { credentials { apiKeySet secretChangedAt } } }`;
    const moved = await client.gql<{ updateConnection: Info }>(UPDATE, { i: { credentials: { apiKeyHeader: 'X-Other' } } }, { cookie });
    expect(moved.body.data?.updateConnection.credentials).toEqual({ apiKeySet: true, secretChangedAt: first });
    // A later millisecond than the first date, so that a renewed date differs.
    while (Date.now() <= Date.parse(first)) await new Promise<void>((resolve) => setImmediate(resolve));
    const renewed = await client.gql<{ updateConnection: Info }>(
      UPDATE,
      { i: { credentials: { apiKey: 'k-2', apiKeyHeader: 'X-Other' } } },
      { cookie },
    );
    expect(Date.parse(renewed.body.data!.updateConnection.credentials.secretChangedAt!)).toBeGreaterThan(Date.parse(first));
  });

  it.each([
    ['NONE', { username: 'a', password: 'b' }, 'apply only to the BASIC and API_KEY'],
    ['BASIC', { username: 'a' }, '"credentials.password" is required'],
    ['API_KEY', { apiKey: 'k' }, 'exactly one of'],
    ['API_KEY', { apiKey: 'k', apiKeyHeader: 'X-A', apiKeyQueryParam: 'a' }, 'exactly one of'],
    ['API_KEY', { apiKey: 'k', apiKeyHeader: 'Bad Header' }, 'must be a header name'],
  ])('refuses %s credentials %j with BAD_USER_INPUT', async (type, credentials, message) => {
    const res = await client.gql(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }`,
      { i: { code: `BAD_${Math.random().toString(36).slice(2, 8).toUpperCase()}`, name: 'x', authenticationType: type, credentials } },
      { cookie },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toContain(message);
  });
});
