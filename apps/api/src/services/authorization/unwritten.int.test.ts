/**
 * A refresh whose write of the rotated token set fails for good (manual: an error the state port
 * does not retry; scheduled: the refresher's group commit, its transient retries spent or an
 * error it does not retry): the set is kept in memory with the lease, the lease renewed, and the
 * set written in the background once the database takes it. Until then no refresh (manual,
 * scheduled, this instance or another) presents the spent token; once written it is audited and
 * published, so the console drops the failure it was shown. The failure is real: a trigger
 * refuses every token write while the test's block table has a row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent, Authorization, Connection } from '../../persistence/entities/index.js';
import { authorizationTopic } from '../../events/index.js';
import { createRawSql } from '../../persistence/raw-sql.js';
import { OrmRefreshSource, RefreshClaims, Refresher } from '../../refresher/index.js';
import { startTestServer, testDatabases, type TestServer } from '../../testing/index.js';
import { seedAtEndpoint } from '../../testing/seed-at-endpoint.js';
import { startTokenEndpoint, type TokenEndpoint } from '../../testing/token-endpoint.js';
import { systemActor } from '../types.js';

const KEPT = 'refreshed tokens still not stored; kept with the lease, retrying';
const STORED = 'refreshed tokens stored on a background retry; lease released';

const blockTokenWrites = {
  sqlite: [
    `create table gk_block (n integer)`,
    `create trigger gk_block before update of refresh_token_envelope on authorizations
     when exists (select 1 from gk_block) begin select raise(abort, 'token writes blocked by the test'); end`,
  ],
  postgres: [
    `create table gk_block (n int)`,
    `create function gk_block() returns trigger language plpgsql as $$
     begin
       if exists (select 1 from gk_block) then raise exception 'token writes blocked by the test'; end if;
       return new;
     end $$`,
    `create trigger gk_block before update on authorizations for each row
     when (old.refresh_token_envelope is distinct from new.refresh_token_envelope) execute function gk_block()`,
  ],
};

describe.each(testDatabases())('a rotated token set whose write fails for good (%s)', (kind) => {
  let endpoint: TokenEndpoint;
  let server: TestServer;

  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
    server = await startTestServer({ database: kind, env: { REFRESHER_INTERVAL_MS: '3600000', LOG_LEVEL: 'warn' } });
    for (const sql of blockTokenWrites[kind]) await server.app.orm.em.getConnection().execute(sql);
  });

  afterAll(async () => {
    await server?.close();
    await endpoint?.close();
  });

  /** Waits for a log line with `text` (and `about`, a connection id, when given). */
  const logged = async (text: string, about = '') => {
    while (!server.logs().some((line) => line.includes(text) && line.includes(about)))
      await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('is kept with the lease and written in the background; meanwhile no refresh presents the spent token', async () => {
    const workspace = await server.app.auth.workspaces.ensureDefault();
    await seedAtEndpoint(server, endpoint, { path: '/kept/token', total: 1, due: 0, codePrefix: 'K' });
    const { id } = await server.app.orm.em.fork().findOneOrFail(Connection, { code: 'K0', workspaceId: workspace.id });
    const scope = { em: server.app.orm.em.fork(), workspaceId: workspace.id, actor: systemActor };
    const refreshes = server.app.domain.services.authorizations;
    const coordinator = server.app.domain.services.coordinator;
    const row = () => server.app.orm.em.fork().findOneOrFail(Authorization, { connectionId: id });

    await server.app.orm.em.getConnection().execute('insert into gk_block (n) values (1)');
    await expect(refreshes.refresh(scope, 'K0')).rejects.toThrow(/blocked by the test/);
    expect(endpoint.counts('/kept/token')).toMatchObject({ received: 1, refreshed: 1 }); // the token rotated
    expect(coordinator.unwrittenCount).toBe(1);
    expect(await row()).toMatchObject({ version: 1, leaseOwner: coordinator.ownerId });

    // Meanwhile: a manual refresh fails at once, the refresher leaves the leased row alone.
    await expect(refreshes.refresh(scope, 'K0')).rejects.toMatchObject({ code: 'REFRESH_BUSY' });
    await server.app.orm.em.fork().nativeUpdate(Authorization, { connectionId: id }, { nextRefreshAt: new Date(Date.now() - 1000) });
    await server.app.domain.refresher.tick();
    expect(endpoint.counts('/kept/token')).toMatchObject({ received: 1 });
    await logged(KEPT); // a background retry failed too

    // The failed write was reported as a failure; what the console reads says so meanwhile.
    expect((await refreshes.view(scope, 'K0')).statusReason).toMatch(/^Refresh failed/);
    const published: { lastRefreshedAt: Date | null; statusReason: string | null }[] = [];
    const unsubscribe = server.app.domain.bus.on(authorizationTopic(workspace.id), (event) => {
      if (event.connectionCode === 'K0') published.push(event.authorization);
    });
    await server.app.orm.em.getConnection().execute('delete from gk_block');
    await logged(STORED);
    expect(coordinator.unwrittenCount).toBe(0);
    expect(await row()).toMatchObject({ version: 2, leaseOwner: null, refreshFailures: 0 });
    const state = await server.app.ports.state.read(id);
    expect(endpoint.isCurrent(state.tokens!.refreshToken!)).toBe(true);

    // Stored late, it is audited and published as any refresh: the console and the read cache
    // do not keep the failure they were told of.
    while (!published.some((view) => view.statusReason === null)) await new Promise((resolve) => setTimeout(resolve, 10));
    unsubscribe();
    expect(published.at(-1)).toMatchObject({ statusReason: null, lastRefreshedAt: expect.any(Date) });
    const audited = await server.app.orm.em.fork().find(AuditEvent, { connectionId: id, type: 'TOKEN_REFRESHED' });
    expect(audited.map((event) => event.message)).toEqual([expect.stringMatching(/^Token refreshed; stored on a background retry/)]);
    expect(await refreshes.view(scope, 'K0')).toMatchObject({ statusReason: null, lastRefreshedAt: expect.any(Date) });

    // Due again: the refresh presents the rotated token, not the spent one (which would revoke the grant).
    await server.app.orm.em.fork().nativeUpdate(Authorization, { connectionId: id }, { nextRefreshAt: new Date(Date.now() - 1000) });
    await server.app.domain.refresher.tick();
    expect(endpoint.counts('/kept/token')).toMatchObject({ received: 2, refreshed: 2 });
    expect(endpoint.reused).toBe(0);
    expect(server.logs().join('\n')).not.toMatch(/rt-|at-\d|seed-/);
  });

  it('a scheduled refresh keeps them with its lease, renewed past its TTL, and writes them (audited) in the background', async () => {
    const workspace = await server.app.auth.workspaces.ensureDefault();
    const path = '/kept-scheduled/token';
    const [id] = await seedAtEndpoint(server, endpoint, { path, total: 1, due: 1, codePrefix: 'S' });
    const row = () => server.app.orm.em.fork().findOneOrFail(Authorization, { connectionId: id! });
    // A second refresher over the same database, as another instance's, with a lease of 600 ms:
    // renewed every 200 ms while its set is kept, the lease must outlive its TTL.
    const leaseTtlMs = 600;
    const sql = createRawSql(server.app.orm, kind);
    const claims = new RefreshClaims(sql, 'kept-refresher', leaseTtlMs);
    const { logger } = server.app;
    const source = new OrmRefreshSource(server.app.orm, sql, server.app.domain.services.authorizations, claims, logger);
    const second = new Refresher({ source, bus: server.app.domain.bus, logger, intervalMs: 3_600_000 });
    await server.app.domain.refresher.settled();

    await server.app.orm.em.getConnection().execute('insert into gk_block (n) values (1)');
    try {
      second.start();
      await second.tick();
      expect(endpoint.counts(path)).toMatchObject({ received: 1, refreshed: 1 }); // the token rotated
      expect(second.stats.failed).toBe(1);
      expect(source.unwrittenCount).toBe(1);
      expect(await row()).toMatchObject({ version: 1, leaseOwner: 'kept-refresher' });

      // Past the lease's TTL, twice over: still held (renewed), so the app's own refresher (another
      // instance's) leaves the due row alone instead of presenting the spent token.
      await logged(KEPT, id); // a background retry failed too (1 s after the first write)
      expect((await row()).leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now());
      await server.app.domain.refresher.tick();
      await second.tick();
      expect(endpoint.counts(path)).toMatchObject({ received: 1 });
    } finally {
      await server.app.orm.em.getConnection().execute('delete from gk_block');
    }
    await logged(STORED, id);
    expect(source.unwrittenCount).toBe(0);
    expect(await row()).toMatchObject({ version: 2, leaseOwner: null, leaseExpiresAt: null, refreshFailures: 0 });
    const state = await server.app.ports.state.read(id!);
    expect(endpoint.isCurrent(state.tokens!.refreshToken!)).toBe(true);
    const audited = await server.app.orm.em.fork().find(AuditEvent, { connectionId: id!, workspaceId: workspace.id });
    expect(audited.map((event) => event.type)).toEqual(['TOKEN_REFRESHED']);

    // Due again: the refresh presents the rotated token, not the spent one (which would revoke the grant).
    await server.app.orm.em.fork().nativeUpdate(Authorization, { connectionId: id! }, { nextRefreshAt: new Date(Date.now() - 1000) });
    await server.app.domain.refresher.tick();
    expect(endpoint.counts(path)).toMatchObject({ received: 2, refreshed: 2 });
    expect(endpoint.reused).toBe(0);
    await second.stop();
    expect(server.logs().join('\n')).not.toMatch(/rt-|at-\d|seed-/);
  });
});
