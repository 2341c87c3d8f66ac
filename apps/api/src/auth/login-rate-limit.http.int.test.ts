import { describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { createTestDatabase, startTestServer, testDatabases } from '../testing/index.js';
import { FREE_ATTEMPTS } from './login-limiter.js';

/**
 * The servers run on the wall clock, so these tests use a limit of FREE_ATTEMPTS: the attempt
 * after them waits for the window's end (15 minutes), whatever the machine's speed. The growing
 * delays in between are tested with an injected clock in login-limiter.int.test.ts.
 */
const env = { LOGIN_MAX_FAILURES: String(FREE_ATTEMPTS) };

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`;

/** POST a sign-in with extra headers (a forwarded address). */
async function login(client: RecordingClient, email: string, password: string, headers: Record<string, string> = {}) {
  const res = await client.raw({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
  });
  const body = JSON.parse(res.text) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { ...res, error: body.errors?.[0] };
}

describe.each(testDatabases())('sign-in rate limit over HTTP, two servers on one %s database', (kind) => {
  it('refuses one address guessing the admin on both servers, forged forwarding headers or not, quoting no password', async () => {
    const database = await createTestDatabase(kind);
    const first = await startTestServer({ sharedDatabase: database, env });
    const second = await startTestServer({ sharedDatabase: database, env });
    try {
      const clients = [new RecordingClient(first.url), new RecordingClient(second.url)];
      const guess = 'guessed-Passw0rd';
      for (let i = 0; i < FREE_ATTEMPTS; i++) {
        const res = await login(clients[i % 2]!, first.adminEmail, `${guess}-${i}`);
        expect(res.error).toMatchObject({
          message: 'Email or password is incorrect.',
          extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' },
        });
      }
      for (const client of clients) {
        // Without TRUST_PROXY, X-Forwarded-For is not the address: no fresh bucket.
        const forged: Record<string, string>[] = [{}, { 'x-forwarded-for': '198.51.100.23' }, { forwarded: 'for=198.51.100.24' }];
        for (const headers of forged) {
          const res = await login(client, first.adminEmail, first.adminPassword, headers);
          expect(res.headers.get('set-cookie')).toBeNull();
          expect(res.error).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS' } });
          const retryAfter = res.error?.extensions?.['retryAfterSeconds'] as number;
          expect(retryAfter).toBeGreaterThan(0);
          expect(retryAfter).toBeLessThanOrEqual(15 * 60);
        }
      }
      const everything = [...clients.flatMap((c) => c.bodies), ...first.logs(), ...second.logs()].join('\n');
      expect(everything).not.toContain(guess);
      expect(everything).not.toContain(first.adminPassword);
    } finally {
      await first.close();
      await second.close();
      await database.drop();
    }
  });
});

describe('sign-in lockout is not a weapon', () => {
  it('an attacker spending every attempt of an address does not keep the owner out (behind a trusted proxy)', async () => {
    const server = await startTestServer({ database: 'sqlite', env: { ...env, TRUST_PROXY: 'true' } });
    try {
      const client = new RecordingClient(server.url);
      const attacker = { 'x-forwarded-for': '203.0.113.9' };
      let refused = 0;
      for (let i = 0; i < 3 * FREE_ATTEMPTS; i++) {
        const res = await login(client, server.adminEmail, `wrong-${i}`, attacker);
        if (res.error?.extensions?.['reason'] === 'TOO_MANY_ATTEMPTS') refused++;
      }
      expect(refused).toBe(2 * FREE_ATTEMPTS);
      const stillAttacker = await login(client, server.adminEmail, server.adminPassword, attacker);
      expect(stillAttacker.error?.extensions?.['reason']).toBe('TOO_MANY_ATTEMPTS');
      const owner = await login(client, server.adminEmail, server.adminPassword, { 'x-forwarded-for': '198.51.100.7' });
      expect(owner.error).toBeUndefined();
      expect(owner.headers.get('set-cookie')).toMatch(/^gk_session=/);
    } finally {
      await server.close();
    }
  });
});

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
