/**
 * A refreshed token set whose first write fails with a transient database error (PostgreSQL: a
 * deadlock, raised once by a trigger; SQLite: SQLITE_BUSY, another connection holding the write
 * lock) is written again under the lease it still holds: the provider rotated the refresh token,
 * so giving up would leave the old one stored and the next refresh would present it (the
 * provider then revokes the grant).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authorization, Connection } from '../persistence/entities/index.js';
import { createOrm, type Orm } from '../persistence/orm.js';
import { createRawSql } from '../persistence/raw-sql.js';
import { systemActor } from '../services/index.js';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { seedAtEndpoint } from '../testing/seed-at-endpoint.js';
import { startTokenEndpoint, type TokenEndpoint } from '../testing/token-endpoint.js';

const RETRIED = 'writing refreshed token sets failed transiently; retrying';

/** The manual refresh's write (the state port's compare-and-swap). */
const MANUAL_RETRIED = 'writing an authorization state failed transiently; retrying';

const failOncePostgres = [
  `create sequence if not exists gk_fail_once`,
  `select setval('gk_fail_once', 1, false)`,
  `create or replace function gk_fail_once() returns trigger language plpgsql as $$
   begin
     if nextval('gk_fail_once') = 1 then raise exception 'deadlock detected' using errcode = '40P01'; end if;
     return new;
   end $$`,
  `create trigger gk_fail_once before update on authorizations for each row
   when (old.refresh_token_envelope is distinct from new.refresh_token_envelope) execute function gk_fail_once()`,
];

describe.each(testDatabases())('a transient failure of the write of refreshed tokens (%s)', (kind) => {
  let endpoint: TokenEndpoint;
  let server: TestServer;
  let other: Orm;

  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
    server = await startTestServer({ database: kind, env: { REFRESHER_INTERVAL_MS: '3600000', LOG_LEVEL: 'warn' } });
    other = await createOrm(server.app.config.database);
  });

  afterAll(async () => {
    await other?.close(true);
    await server?.close();
    await endpoint?.close();
  });

  /**
   * Makes the next write of a refresh token fail transiently; resolves when the failure is
   * over. SQLite: the app's connection stops waiting for the lock (busy_timeout 0, restored by
   * `release`) and a second connection takes it until the app has logged `retried`. Called while
   * the provider holds its answer: the lease is taken by then (the lock would refuse it too).
   */
  const failNextWrite = async (retried = RETRIED): Promise<() => Promise<void>> => {
    if (kind === 'postgres') {
      for (const sql of failOncePostgres) await other.em.getConnection().execute(sql);
      return async () => {
        await other.em.getConnection().execute('drop trigger gk_fail_once on authorizations');
      };
    }
    const appSql = createRawSql(server.app.orm, 'sqlite');
    await appSql.run('pragma busy_timeout = 0', []);
    let unlock!: () => void;
    let locked!: () => void;
    const taken = new Promise<void>((resolve) => (locked = resolve));
    const held = createRawSql(other, 'sqlite').transaction(async () => {
      locked();
      await new Promise<void>((resolve) => (unlock = resolve));
    });
    await taken;
    let done = false; // the refresh ended without a retry (as before the change): stop holding the lock
    const waited = (async () => {
      while (!done && !server.logs().some((line) => line.includes(retried))) await new Promise((resolve) => setTimeout(resolve, 2));
      unlock();
      await held;
    })();
    return async () => {
      done = true;
      await waited;
      await appSql.run('pragma busy_timeout = 10000', []);
    };
  };

  it('writes them on a retry, keeps the lease until then, and the next refresh presents the new refresh token', async () => {
    let open!: () => void;
    endpoint.behave('/retry/token', { gate: new Promise<void>((resolve) => (open = resolve)) });
    const [id] = await seedAtEndpoint(server, endpoint, { path: '/retry/token', total: 1, due: 1, codePrefix: 'R' });
    const refresher = server.app.domain.refresher;
    await refresher.settled();
    const pass = refresher.tick();
    await endpoint.received('/retry/token', 1); // the grant is at the provider: the token rotates
    const restore = await failNextWrite();
    open();
    await pass;
    await restore();

    expect(server.logs().some((line) => line.includes(RETRIED))).toBe(true); // the first write did fail
    expect(endpoint.counts('/retry/token')).toMatchObject({ received: 1, refreshed: 1 });
    const state = await server.app.ports.state.read(id!);
    expect(endpoint.isCurrent(state.tokens!.refreshToken!)).toBe(true);
    const row = await server.app.orm.em.fork().findOneOrFail(Authorization, { connectionId: id! });
    expect(row).toMatchObject({ version: 2, leaseOwner: null, leaseExpiresAt: null, refreshFailures: 0 });

    // Due again: the refresh presents the rotated token, not the old one (which would revoke the grant).
    await server.app.orm.em.fork().nativeUpdate(Authorization, { connectionId: id! }, { nextRefreshAt: new Date(Date.now() - 1000) });
    await refresher.tick();
    expect(endpoint.counts('/retry/token')).toMatchObject({ received: 2, refreshed: 2 });
    expect(endpoint.reused).toBe(0);
    expect(server.logs().join('\n')).not.toMatch(/rt-|at-\d/);
  });

  // The manual refresh writes its token set through the state port's compare-and-swap (one
  // statement), after the provider answered: the write fails while the lease is held.
  it('a manual refresh writes them on a retry too, and logs the retry', async () => {
    const workspace = await server.app.auth.workspaces.ensureDefault();
    let open!: () => void;
    endpoint.behave('/manual/token', { gate: new Promise<void>((resolve) => (open = resolve)) });
    await seedAtEndpoint(server, endpoint, { path: '/manual/token', total: 1, due: 0, codePrefix: 'M' });
    const scope = { em: server.app.orm.em.fork(), workspaceId: workspace.id, actor: systemActor };
    const refreshed = server.app.domain.services.authorizations.refresh(scope, 'M0');
    await endpoint.received('/manual/token', 1); // the lease is held, the token rotates
    const restore = await failNextWrite(MANUAL_RETRIED);
    open();
    try {
      expect((await refreshed).lastRefreshedAt).not.toBeNull();
    } finally {
      await restore();
    }
    const retries = server.logs().filter((line) => line.includes(MANUAL_RETRIED));
    expect(retries.length).toBeGreaterThan(0); // the first write did fail, and was logged
    expect(JSON.parse(retries[0]!)).toMatchObject({
      level: 40,
      code: kind === 'postgres' ? '40P01' : expect.stringMatching(/^SQLITE_BUSY/),
    });
    const { id } = await server.app.orm.em.fork().findOneOrFail(Connection, { code: 'M0', workspaceId: workspace.id });
    const state = await server.app.ports.state.read(id);
    expect(endpoint.isCurrent(state.tokens!.refreshToken!)).toBe(true);
    expect(endpoint.counts('/manual/token')).toMatchObject({ received: 1, refreshed: 1 });
    expect(endpoint.reused).toBe(0);
    expect(server.logs().join('\n')).not.toMatch(/rt-|at-\d|seed-/);
  });
});
