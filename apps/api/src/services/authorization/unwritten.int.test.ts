/**
 * A manual refresh whose write of the rotated token set fails for good (an error the state port
 * does not retry): the set is kept in memory with the lease, and written in the background once
 * the database takes it. Until then no refresh (manual, scheduled) presents the spent token.
 * The failure is real: a trigger refuses every token write while the test's block table has a row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authorization, Connection } from '../../persistence/entities/index.js';
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

  const logged = async (text: string) => {
    while (!server.logs().some((line) => line.includes(text))) await new Promise((resolve) => setTimeout(resolve, 10));
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

    await server.app.orm.em.getConnection().execute('delete from gk_block');
    await logged(STORED);
    expect(coordinator.unwrittenCount).toBe(0);
    expect(await row()).toMatchObject({ version: 2, leaseOwner: null, refreshFailures: 0 });
    const state = await server.app.ports.state.read(id);
    expect(endpoint.isCurrent(state.tokens!.refreshToken!)).toBe(true);

    // Due again: the refresh presents the rotated token, not the spent one (which would revoke the grant).
    await server.app.orm.em.fork().nativeUpdate(Authorization, { connectionId: id }, { nextRefreshAt: new Date(Date.now() - 1000) });
    await server.app.domain.refresher.tick();
    expect(endpoint.counts('/kept/token')).toMatchObject({ received: 2, refreshed: 2 });
    expect(endpoint.reused).toBe(0);
    expect(server.logs().join('\n')).not.toMatch(/rt-|at-\d|seed-/);
  });
});
