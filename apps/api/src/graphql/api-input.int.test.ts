/**
 * Malformed and oversized requests over real HTTP, on SQLite and PostgreSQL: BAD_USER_INPUT
 * (or UNAUTHENTICATED), never a 500.
 */
import type { TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestServer } from '../testing/index.js';
import { contractServer } from './contract-server.js';
import type { RecordingClient } from './test-support.js';

describe.each(testDatabases())('GraphQL input checks on %s', (database) => {
  const api = contractServer(database);
  const { principals } = api;
  let server: TestServer;
  let idp: TestIdp;
  let client: RecordingClient;

  beforeAll(async () => {
    ({ server, idp, client } = await api.start());
  });
  afterAll(() => api.close());

  it('answers malformed and oversized requests with BAD_USER_INPUT, never a 500', async () => {
    const admin = principals['adminKey']!;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${admin.apiKey}` };
    const cases: { name: string; init: RequestInit & { path?: string } }[] = [
      { name: 'invalid JSON', init: { method: 'POST', headers, body: '{"query": ' } },
      { name: 'no query', init: { method: 'POST', headers, body: '{}' } },
      { name: 'syntax error', init: { method: 'POST', headers, body: JSON.stringify({ query: 'query { connections { ' }) } },
      { name: 'unknown field', init: { method: 'POST', headers, body: JSON.stringify({ query: 'query { nope }' }) } },
      {
        name: 'wrong variable type',
        init: {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: 'query($c: String!) { connection(code: $c) { code } }', variables: { c: 42 } }),
        },
      },
      {
        name: 'bad enum',
        init: {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: 'mutation { createApiKey(input: { name: "x", role: GOD }) { key } }' }),
        },
      },
      {
        name: 'body too large',
        init: { method: 'POST', headers, body: JSON.stringify({ query: `query { connection(code: "${'A'.repeat(400_000)}") { code } }` }) },
      },
      {
        name: 'oversized string',
        init: {
          method: 'POST',
          headers,
          body: JSON.stringify({
            query: 'query($c: String!) { authorization(connectionCode: $c) { status } }',
            variables: { c: 'A'.repeat(10_000) },
          }),
        },
      },
      {
        name: 'oversized list',
        init: {
          method: 'POST',
          headers,
          body: JSON.stringify({
            query: 'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }',
            variables: {
              i: {
                code: 'BIG',
                name: 'x',
                authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
                oauth2: { clientId: 'x', clientSecret: 'y', issuer: idp.issuer, scopes: Array.from({ length: 1000 }, (_, i) => `s${i}`) },
              },
            },
          }),
        },
      },
      {
        name: 'long name',
        init: {
          method: 'POST',
          headers,
          body: JSON.stringify({
            query: 'mutation($n: String!) { updateConnection(code: "BASE", input: { name: $n }) { name } }',
            variables: { n: 'n'.repeat(300) },
          }),
        },
      },
      {
        name: 'malformed Authorization',
        init: {
          method: 'POST',
          headers: { ...headers, authorization: 'Basic abc' },
          body: JSON.stringify({ query: '{ connections { code } }' }),
        },
      },
      {
        name: 'GET without preflight header (CSRF)',
        init: { method: 'GET', path: '/graphql?query=%7Bconnections%7Bcode%7D%7D', headers: { authorization: headers.authorization } },
      },
      {
        name: 'mutation over GET',
        init: {
          method: 'GET',
          path: '/graphql?query=mutation%7Blogout%7D',
          headers: { authorization: headers.authorization, 'apollo-require-preflight': 'true' },
        },
      },
    ];
    for (const c of cases) {
      const res = await client.raw(c.init);
      expect(res.status, c.name).toBeLessThan(500);
      let body: { errors?: { extensions?: { code?: string } }[] } = {};
      try {
        body = JSON.parse(res.text) as typeof body;
      } catch {
        // CSRF rejections may be plain text; the status decides.
      }
      if (res.status === 200) expect(body.errors, c.name).toBeDefined();
      if (body.errors) {
        const code = body.errors[0]?.extensions?.code;
        expect(['BAD_USER_INPUT', 'UNAUTHENTICATED'], `${c.name}: ${res.text.slice(0, 200)}`).toContain(code);
      }
    }
    // GET with the preflight header works (queries only).
    const get = await client.raw({
      method: 'GET',
      path: '/graphql?query=%7Bconnections%7Bcode%7D%7D',
      headers: { authorization: headers.authorization, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.text)).toMatchObject({ data: { connections: expect.any(Array) } });
    // No internal error was produced by any of this.
    expect(server.logs().filter((l) => l.includes('unexpected error'))).toEqual([]);
  });
});
