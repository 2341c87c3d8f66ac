import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../auth/secrets.js';
import { createOrm } from '../persistence/orm.js';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { RecordingClient, subscribe } from './test-support.js';

/** Every string argument and input field kind: a top-level argument, a nested input field, a list item. */
const REQUESTS: { name: string; query: string; variables: (bad: string) => Record<string, unknown> }[] = [
  {
    name: 'authorization(connectionCode)',
    query: 'query($v: String!) { authorization(connectionCode: $v) { status } }',
    variables: (v) => ({ v }),
  },
  {
    name: 'connection(code)',
    query: 'query($v: String!) { connection(code: $v) { id } }',
    variables: (v) => ({ v }),
  },
  {
    name: 'auditEvents(connectionCode)',
    query: 'query($v: String) { auditEvents(connectionCode: $v) { id } }',
    variables: (v) => ({ v }),
  },
  {
    name: 'createConnection(input.name)',
    query: 'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }',
    variables: (v) => ({ i: { code: 'NUL_TEST', name: v, authenticationType: 'NONE' } }),
  },
  {
    name: 'createConnection(input.oauth2.scopes[])',
    query: 'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }',
    variables: (v) => ({
      i: {
        code: 'NUL_TEST',
        name: 'x',
        authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
        oauth2: { authorizationEndpoint: 'https://as.example/a', tokenEndpoint: 'https://as.example/t', clientId: 'c', scopes: ['a', v] },
      },
    }),
  },
  {
    name: 'deleteConnection(code)',
    query: 'mutation($v: String!) { deleteConnection(code: $v) }',
    variables: (v) => ({ v }),
  },
];

describe.each(testDatabases())('control characters in GraphQL input on %s', (kind) => {
  let server: TestServer;
  let client: RecordingClient;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await server?.close();
  });

  it.each(REQUESTS)('$name with a NUL byte is BAD_USER_INPUT', async ({ query, variables }) => {
    for (const bad of ['a\u0000b', 'a\u001bb', 'a\u007fb']) {
      const res = await client.gql(query, variables(bad), { cookie });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toBe('A text value contains a control character (such as NUL).');
    }
  });

  it('refuses a NUL byte before sign-in too (login email)', async () => {
    const res = await new RecordingClient(server.url).gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }', {
      e: 'admin\u0000@grantkeeper.test',
      p: 'x',
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a NUL byte in a subscription argument over graphql-ws too', async () => {
    let reported!: (error: unknown) => void;
    const error = new Promise<unknown>((resolve) => (reported = resolve));
    const subscriber = await subscribe(
      server,
      'subscription($c: String) { authorizationChanged(connectionCode: $c) { status } }',
      { c: 'a\u0000b' },
      { cookie },
      (e) => reported(e),
    );
    try {
      expect(JSON.stringify(await error)).toContain('BAD_USER_INPUT');
    } finally {
      await subscriber.close();
    }
  });

  it('still accepts tabs and line breaks in text', async () => {
    const res = await client.gql(
      'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { name } }',
      { i: { code: `TAB_${kind.toUpperCase()}`, name: 'two\tcolumns\r\nand lines', authenticationType: 'NONE' } },
      { cookie },
    );
    expect(res.body.errors).toBeUndefined();
  });
});

describe.each(testDatabases())('a database error on %s', (kind) => {
  it('is logged without the query parameters (an API key hash among them)', async () => {
    const server = await startTestServer({ database: kind });
    const orm = await createOrm(server.database.database);
    try {
      const connection = orm.em.getConnection();
      await connection.execute('alter table "api_keys" rename to "api_keys_away"');
      const key = `gk_${randomBytes(24).toString('base64url')}`;
      const res = await new RecordingClient(server.url).gql('{ connections { id } }', {}, { apiKey: key });
      await connection.execute('alter table "api_keys_away" rename to "api_keys"');
      expect(res.status).toBeGreaterThanOrEqual(400);

      const logs = server.logs();
      const errorLines = logs.filter((line) => /api_keys/.test(line));
      expect(errorLines.length).toBeGreaterThan(0); // the failure was logged, with its query
      const everything = logs.join('\n');
      expect(everything).not.toContain(sha256Hex(key));
      expect(everything).not.toContain(key);
    } finally {
      await orm.close(true);
      await server.close();
    }
  });
});
