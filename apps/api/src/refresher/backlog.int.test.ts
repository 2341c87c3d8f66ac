/**
 * The refresher against a backlog and a real local token endpoint (rotating refresh tokens,
 * counting what it sees), on SQLite and PostgreSQL: REFRESHER_CONCURRENCY bounds the requests in
 * flight; a provider answering 429 is left alone for its Retry-After while another provider's rows go on, then
 * resumes; two instances on PostgreSQL + Redis clear a 10,000-row backlog with every
 * authorization refreshed exactly once and no refresh token used twice.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { AuditEvent, Authorization } from '../persistence/entities/index.js';
import { createTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../testing/index.js';
import { seedAtEndpoint } from '../testing/seed-at-endpoint.js';
import { startTokenEndpoint, type TokenEndpoint } from '../testing/token-endpoint.js';
import { countDue } from './due-source.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const seed = seedAtEndpoint;

/** Provider A's Retry-After in the 429 test. */
const RETRY_AFTER_SECONDS = 5;

// On PostgreSQL a slot is free once its provider has answered (its write waits apart): the
// requests in flight stay bounded all the same, and a 429 still pauses its provider at once.
describe.each(['sqlite', 'postgres'] as const)('refresher backlog on %s (REFRESHER_CONCURRENCY=3)', (kind) => {
  let endpoint: TokenEndpoint;
  let server: TestServer;

  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
    server = await startTestServer({
      database: kind,
      env: { REFRESHER_INTERVAL_MS: '3600000', REFRESHER_CONCURRENCY: '3', LOG_LEVEL: 'warn' },
    });
  });

  afterAll(async () => {
    await server?.close();
    await endpoint?.close();
  });

  /** One pass over everything due now (after any wake-up already under way). */
  const pass = async () => {
    await server.app.domain.refresher.settled();
    await server.app.domain.refresher.tick();
  };

  it('never has more than REFRESHER_CONCURRENCY requests in flight at the token endpoint, and reaches it', async () => {
    // The endpoint answers nobody until 3 requests wait at once: a limit below 3 would hang here.
    endpoint.behave('/limit/token', { holdUntilInFlight: 3 });
    await seed(server, endpoint, { total: 40, due: 30, tokenEndpoint: () => `${endpoint.url}/limit/token`, codePrefix: 'L' });
    await pass();
    const counts = endpoint.counts('/limit/token');
    expect(counts.refreshed).toBe(30);
    expect(counts.peakInFlight).toBe(3);
    expect(server.app.domain.refresher.stats.peakInFlight).toBeLessThanOrEqual(3);
    expect(endpoint.reused).toBe(0);
    expect(await countDue(server.app.orm, new Date())).toBe(0);
  });

  it('leaves a provider answering 429 alone for its Retry-After while another provider goes on, then resumes it', async () => {
    // The checks below hold while A is paused: the pass over B's rows must end within the pause.
    // At 2 s a slowed pass outlasted it (B answering in 1 s: A's rows were sent a second wave,
    // a fourth 429); 5 s leaves a loaded machine room (this pass takes under 1.5 s at load 15).
    endpoint.behave('/a/token', { tooManyRequests: { retryAfterSeconds: RETRY_AFTER_SECONDS } });
    const provider = (i: number) => `${endpoint.url}/${i % 2 === 0 ? 'a' : 'b'}/token`;
    const ids = await seed(server, endpoint, { total: 40, due: 40, tokenEndpoint: provider, codePrefix: 'T' });
    const aIds = ids.filter((_, i) => i % 2 === 0);
    const before = Date.now();
    const refreshedBefore = endpoint.refreshed;
    await pass();

    // B's rows were all refreshed; A saw at most one wave of requests (the slots in flight when
    // its first 429 came back), and every one of A's rows waits at least its Retry-After.
    expect(endpoint.counts('/b/token').refreshed).toBe(20);
    const a = endpoint.counts('/a/token');
    expect(a.refreshed).toBe(0);
    expect(a.rejected429).toBeGreaterThanOrEqual(1);
    expect(a.rejected429).toBeLessThanOrEqual(3);
    const waiting = await server.app.orm.em.fork().find(Authorization, { connectionId: { $in: aIds } });
    expect(waiting).toHaveLength(20);
    for (const row of waiting) {
      expect(row.status).toBe('AUTHORIZED');
      expect(row.nextRetryAt!.getTime()).toBeGreaterThanOrEqual(before + RETRY_AFTER_SECONDS * 1000);
    }
    // Failed attempts count as failures; rows merely held back do not.
    expect(waiting.filter((row) => row.refreshFailures > 0)).toHaveLength(a.rejected429);

    // The provider recovers: the refresher wakes by itself when the pause is over.
    endpoint.behave('/a/token', {});
    await endpoint.refreshedCount(refreshedBefore + 40);
    expect(endpoint.counts('/a/token').refreshed).toBe(20);
    expect(endpoint.counts('/a/token').rejected429).toBe(a.rejected429);
    expect(endpoint.reused).toBe(0);
    expect(endpoint.late).toBe(0);
  }, 30_000);
});

/** The backlog two instances clear together: as large as the refresher bench's. */
const BACKLOG = 10_000;

describe('two instances on PostgreSQL + Redis and a 10,000-row backlog', () => {
  let endpoint: TokenEndpoint;
  let database: TestDatabase;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
    database = await createTestDatabase('postgres');
    for (let i = 0; i < 2; i += 1) {
      servers.push(
        await startTestServer({
          sharedDatabase: database,
          redisUrl: REDIS_URL,
          env: { REFRESHER_INTERVAL_MS: '3600000', LOG_LEVEL: 'warn' },
        }),
      );
    }
    // A database and two servers took over 60 s at load 17 (the hook timed out before any test ran).
  }, 180_000);

  afterAll(async () => {
    for (const server of servers.splice(0)) await server.close();
    await database?.drop();
    await endpoint?.close();
  });

  // Both first passes at the same moment, as when instances start together (the first pass is not spread
  // over a second): the due query's leases split the backlog.
  it('refreshes every due authorization exactly once, with no refresh token used twice', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    // A failure under load keeps what the servers warned about (a failed write, a lease lost).
    onTestFailed(() => {
      const lines = servers.flatMap((server) => server.logs()).filter((line) => /"level":(40|50|"warn"|"error")/.test(line));
      console.log(`${lines.length} warnings and errors:\n${lines.slice(0, 20).join('\n')}`);
      console.log(JSON.stringify(servers.map((server) => server.app.domain.refresher.stats)));
    });
    const ids = await seed(a, endpoint, {
      total: 12_000,
      due: BACKLOG,
      tokenEndpoint: () => `${endpoint.url}/cluster/token`,
      codePrefix: 'C',
    });
    await Promise.all([a.app.domain.refresher.tick(), b.app.domain.refresher.tick()]);
    await endpoint.refreshedCount(BACKLOG);
    // A row retried after the passes (a failure's backoff wakes a refresher) reached the endpoint
    // before its write: the wake-up that sent it ends once it is written.
    await Promise.all(servers.map((server) => server.app.domain.refresher.settled()));

    expect(await countDue(a.app.orm, new Date())).toBe(0);
    // A second refresh of a row would present its rotated token: counted as one more refresh.
    expect(endpoint.refreshed).toBe(BACKLOG);
    expect(endpoint.reused).toBe(0);
    expect(endpoint.late).toBe(0);
    // Both took part: each due query leases the batch it returns, so the first two split the backlog.
    expect(a.app.domain.refresher.stats.refreshed).toBeGreaterThan(0);
    expect(b.app.domain.refresher.stats.refreshed).toBeGreaterThan(0);
    expect(a.app.domain.refresher.stats.refreshed + b.app.domain.refresher.stats.refreshed).toBe(BACKLOG);
    const em = a.app.orm.em.fork();
    expect(await em.count(AuditEvent, { type: 'TOKEN_REFRESHED', connectionId: { $in: ids } })).toBe(BACKLOG);
    const rows = await em.find(Authorization, { connectionId: { $in: ids } }, { fields: ['version', 'leaseOwner', 'nextRefreshAt'] });
    expect(rows.every((row) => row.version === 2 && row.leaseOwner === null)).toBe(true);
    expect(rows.every((row) => row.nextRefreshAt!.getTime() > Date.now() + 50 * 60_000)).toBe(true);
  }, 300_000);
});
