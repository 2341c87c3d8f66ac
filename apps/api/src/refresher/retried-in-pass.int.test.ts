/**
 * A row whose refresh failed early in a long pass comes due again (its backoff over) before the
 * pass's last due query, which leases it again. The pass does not refresh a row twice, so it
 * must give that lease back: kept (and renewed while the instance runs), the row was refreshed
 * by nobody, not counted as due, and its failed attempt never retried. Under load a backlog pass
 * outlasts the first backoffs (up to 1 s): backlog.int.test counted fewer refreshes than the
 * token endpoint made. Here the other rows' answers are held until the retry time has passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authorization } from '../persistence/entities/index.js';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { seedAtEndpoint, type SeedAtEndpointOptions } from '../testing/seed-at-endpoint.js';
import { startTokenEndpoint, type TokenEndpoint } from '../testing/token-endpoint.js';

/** Waits (polling) until `check` returns a value. */
async function until<T>(check: () => Promise<T | null | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(testDatabases())('a row retried within the pass that failed it (%s)', (kind) => {
  let endpoint: TokenEndpoint;
  let server: TestServer;

  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
    // Concurrency 3: due queries of 100 rows, the next one made once the last of a batch has started.
    server = await startTestServer({
      database: kind,
      env: { REFRESHER_INTERVAL_MS: '3600000', REFRESHER_CONCURRENCY: '3', LOG_LEVEL: 'warn' },
    });
  });

  afterAll(async () => {
    await server?.close();
    await endpoint?.close();
  });

  const seed = (options: SeedAtEndpointOptions) => seedAtEndpoint(server, endpoint, options);

  it('gives the lease back, and the next wake-up refreshes the row', async () => {
    const refresher = server.app.domain.refresher;
    // The first wake-up (at start, nothing due) is over before anything is due: it sleeps for the interval.
    await until(() => Promise.resolve((refresher.nextWakeAt ?? 0) > Date.now() + 60_000 ? true : null));
    let open!: () => void;
    endpoint.behave('/busy/token', { tooManyRequests: { retryAfterSeconds: 1 } });
    endpoint.behave('/held/token', { gate: new Promise<void>((resolve) => (open = resolve)) });
    // The earliest due row (first of the first due query) fails with a 1 s Retry-After; 110 more
    // make a second due query, whose rows (after the first 100) are answered at once.
    const [failing] = await seed({ path: '/busy/token', total: 1, due: 1, codePrefix: 'F', now: new Date(Date.now() - 120_000) });
    await seed({ path: '/held/token', total: 110, due: 110, codePrefix: 'H' });
    const row = () => server.app.orm.em.fork().findOneOrFail(Authorization, { connectionId: failing! });
    const pass = refresher.tick();

    const retryAt = await until(async () => (await row()).nextRetryAt);
    endpoint.behave('/busy/token', {});
    // The failure announced its retry time: the refresher wakes then and joins this pass (no
    // planned wake-up while it works), and the other rows are answered only after that.
    await until(() => Promise.resolve(Date.now() > retryAt.getTime() && refresher.nextWakeAt === null ? true : null));
    open();
    await pass;

    expect(endpoint.counts('/held/token').refreshed).toBe(110);
    const em = server.app.orm.em.fork();
    expect(await em.count(Authorization, { leaseOwner: { $ne: null } })).toBe(0);
    // Not left to the next interval (an hour here): the row's retry time falls within the pass.
    await endpoint.received('/busy/token', 2);
    await until(async () => ((await row()).version > 1 ? true : null));
    expect(endpoint.counts('/busy/token').refreshed).toBe(1);
    expect(endpoint.reused).toBe(0);
    expect((await row()).refreshFailures).toBe(0);
  }, 60_000);
});
