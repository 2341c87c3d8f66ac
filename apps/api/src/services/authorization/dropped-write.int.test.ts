/**
 * A manual refresh whose write of the rotated token set committed, but whose connection dropped
 * before the answer came back (PostgreSQL behind a proxy that resets the socket right after the
 * server answered the UPDATE). The retry finds the version moved on by that very write: it must
 * recognise its own write and answer success, not CONFLICT while the new tokens are stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authorization, Connection } from '../../persistence/entities/index.js';
import { startBehindCuttingProxy, type BehindCuttingProxy } from '../../testing/behind-cutting-proxy.js';
import { seedAtEndpoint } from '../../testing/seed-at-endpoint.js';
import { systemActor } from '../types.js';

const RETRIED = 'writing an authorization state failed transiently; retrying';
/** The state port's compare-and-swap of a token set (the lease's UPDATEs set no token column). */
const tokenWrite = (sent: string) => /update "authorizations" set "access_token_envelope"/.test(sent);

describe('a manual refresh whose committed write lost its connection (postgres)', () => {
  let setup: BehindCuttingProxy;

  beforeAll(async () => {
    setup = await startBehindCuttingProxy();
  });

  afterAll(() => setup?.close());

  it('recognises its own write on the retry and answers success; the next refresh presents the new token', async () => {
    const { endpoint, proxy, server } = setup;
    const workspace = await server.app.auth.workspaces.ensureDefault();
    await seedAtEndpoint(server, endpoint, { path: '/dropped/token', total: 1, due: 0, codePrefix: 'D' });
    const { id } = await server.app.orm.em.fork().findOneOrFail(Connection, { code: 'D0', workspaceId: workspace.id });
    const scope = { em: server.app.orm.em.fork(), workspaceId: workspace.id, actor: systemActor };

    const cut = proxy.cutAfter(tokenWrite);
    const view = await server.app.domain.services.authorizations.refresh(scope, 'D0');
    expect(view.lastRefreshedAt).not.toBeNull();
    expect(await cut).toBe('UPDATE 1'); // the server did write the row before the connection went
    const retried = server.logs().filter((line) => line.includes(RETRIED));
    expect(retried).toHaveLength(1);
    // The reset reaches node-postgres as ECONNRESET, or as the end of the stream when it reads that first.
    expect(JSON.parse(retried[0]!)).toMatchObject({
      level: 40,
      code: expect.stringMatching(/^(ECONNRESET|connection terminated)$/),
      attempt: 1,
    });

    const row = await server.app.orm.em.fork().findOneOrFail(Authorization, { connectionId: id });
    expect(row).toMatchObject({ version: 2, leaseOwner: null, refreshFailures: 0 });
    const state = await server.app.ports.state.read(id);
    expect(endpoint.isCurrent(state.tokens!.refreshToken!)).toBe(true);
    expect(endpoint.counts('/dropped/token')).toMatchObject({ received: 1, refreshed: 1 });

    // Due again: the refresh presents the rotated token, not the old one (which would revoke the grant).
    await server.app.orm.em.fork().nativeUpdate(Authorization, { connectionId: id }, { nextRefreshAt: new Date(Date.now() - 1000) });
    await server.app.domain.refresher.tick();
    expect(endpoint.counts('/dropped/token')).toMatchObject({ received: 2, refreshed: 2 });
    expect(endpoint.reused).toBe(0);
    expect(server.logs().join('\n')).not.toMatch(/rt-|at-\d|seed-/);
  });
});
