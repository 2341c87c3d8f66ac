import { describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { createTestDatabase, startTestServer, testDatabases } from '../testing/index.js';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`;
/** AuthService's default policy (the servers are started with their normal configuration). */
const DEFAULT_MAX_FAILURES = 10;

describe.each(testDatabases())(
  'sign-in rate limit over HTTP, two servers on one %s database',
  (kind) => {
    it('refuses the admin on both servers after 10 failures spread over them, quoting no password', async () => {
      const database = await createTestDatabase(kind);
      const first = await startTestServer({ sharedDatabase: database });
      const second = await startTestServer({ sharedDatabase: database });
      try {
        const clients = [new RecordingClient(first.url), new RecordingClient(second.url)];
        const guess = 'guessed-Passw0rd';
        for (let i = 0; i < DEFAULT_MAX_FAILURES; i++) {
          const res = await clients[i % 2]!.gql(LOGIN, { e: first.adminEmail, p: `${guess}-${i}` });
          expect(res.body.errors?.[0]).toMatchObject({
            message: 'Email or password is incorrect.',
            extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' },
          });
        }
        for (const client of clients) {
          const res = await client.gql(LOGIN, { e: first.adminEmail, p: first.adminPassword });
          expect(res.headers.get('set-cookie')).toBeNull();
          expect(res.body.errors?.[0]).toMatchObject({
            message: 'Too many failed sign-in attempts. Try again in 15 minutes.',
            extensions: { code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS' },
          });
          const retryAfter = (
            res.body.errors?.[0]?.extensions as { retryAfterSeconds?: number } | undefined
          )?.retryAfterSeconds;
          expect(retryAfter).toBeGreaterThan(0);
          expect(retryAfter).toBeLessThanOrEqual(15 * 60);
        }
        const everything = [
          ...clients.flatMap((c) => c.bodies),
          ...first.logs(),
          ...second.logs(),
        ].join('\n');
        expect(everything).not.toContain(guess);
        expect(everything).not.toContain(first.adminPassword);
      } finally {
        await first.close();
        await second.close();
        await database.drop();
      }
    });
  },
);

describe('sign-in rate limit configuration', () => {
  it('follows LOGIN_MAX_FAILURES and LOGIN_WINDOW_MINUTES', async () => {
    const server = await startTestServer({
      database: 'sqlite',
      env: { LOGIN_MAX_FAILURES: '2', LOGIN_WINDOW_MINUTES: '5' },
    });
    try {
      const client = new RecordingClient(server.url);
      for (let i = 0; i < 2; i++) {
        const res = await client.gql(LOGIN, { e: server.adminEmail, p: `wrong-${i}` });
        expect(res.body.errors?.[0]?.extensions?.reason).toBe('INVALID_CREDENTIALS');
      }
      const locked = await client.gql(LOGIN, { e: server.adminEmail, p: server.adminPassword });
      expect(locked.body.errors?.[0]).toMatchObject({
        message: 'Too many failed sign-in attempts. Try again in 5 minutes.',
        extensions: { code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS' },
      });
    } finally {
      await server.close();
    }
  });
});
