/**
 * A manual refresh whose write of the rotated token set committed, but whose connection dropped
 * before the answer came back (PostgreSQL behind a proxy that resets the socket right after the
 * server answered the UPDATE). The retry finds the version moved on by that very write: it must
 * recognise its own write and answer success, not CONFLICT while the new tokens are stored. So
 * must the background retry of a set kept after every try of the write lost its connection, the
 * first after it committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationTopic } from '../../events/index.js';
import { AuditEvent, Authorization, Connection } from '../../persistence/entities/index.js';
import { startBehindCuttingProxy, type BehindCuttingProxy } from '../../testing/behind-cutting-proxy.js';
import { seedAtEndpoint } from '../../testing/seed-at-endpoint.js';
import { systemActor } from '../types.js';

const RETRIED = 'writing an authorization state failed transiently; retrying';
const STORED = 'refreshed tokens stored on a background retry; lease released';
const GIVEN_UP = 'refreshed tokens not stored and given up';
/** Tries of a compare-and-swap (`retryTransient`'s default). */
const ATTEMPTS = 5;
/** The state port's compare-and-swap of a token set (the lease's UPDATEs set no token column). */
const tokenWrite = (sent: string) => /update "authorizations" set "access_token_envelope"/.test(sent);

describe('a manual refresh whose committed write lost its connection (postgres)', () => {
  let setup: BehindCuttingProxy;

  beforeAll(async () => {
    setup = await startBehindCuttingProxy();
  });

  afterAll(() => setup?.close());

  /** One authorized connection, `<codePrefix>0`, at the endpoint's `path`, not yet due. */
  async function seeded(path: string, codePrefix: string) {
    const { endpoint, server } = setup;
    const workspace = await server.app.auth.workspaces.ensureDefault();
    await seedAtEndpoint(server, endpoint, { path, total: 1, due: 0, codePrefix });
    const { id } = await server.app.orm.em.fork().findOneOrFail(Connection, { code: `${codePrefix}0`, workspaceId: workspace.id });
    return { workspace, id, scope: { em: server.app.orm.em.fork(), workspaceId: workspace.id, actor: systemActor } };
  }

  /** Due again: the refresh presents the rotated token, not the spent one (which would revoke the grant). */
  async function refreshedAgain(id: string, path: string) {
    const { endpoint, server } = setup;
    await server.app.orm.em.fork().nativeUpdate(Authorization, { connectionId: id }, { nextRefreshAt: new Date(Date.now() - 1000) });
    await server.app.domain.refresher.tick();
    expect(endpoint.counts(path)).toMatchObject({ received: 2, refreshed: 2 });
    expect(endpoint.reused).toBe(0);
    expect(server.logs().join('\n')).not.toMatch(/rt-|at-\d|seed-/);
  }

  it('recognises its own write on the retry and answers success; the next refresh presents the new token', async () => {
    const { endpoint, proxy, server } = setup;
    const { id, scope } = await seeded('/dropped/token', 'D');

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
    await refreshedAgain(id, '/dropped/token');
  });

  it('recognises the write as its own on the background retry of a set kept after every try lost its connection', async () => {
    const { endpoint, proxy, server } = setup;
    const { workspace, id, scope } = await seeded('/dropped-kept/token', 'K');
    const coordinator = server.app.domain.services.coordinator;
    const published: { lastRefreshedAt: Date | null; statusReason: string | null }[] = [];
    const unsubscribe = server.app.domain.bus.on(authorizationTopic(workspace.id), (event) => {
      if (event.connectionCode === 'K0') published.push(event.authorization);
    });

    // Every try of the write loses its connection after the server answered: the first committed.
    const tags: string[] = [];
    const cuts = (async () => {
      for (let i = 0; i < ATTEMPTS; i += 1) tags.push(await proxy.cutAfter(tokenWrite));
    })();
    await expect(server.app.domain.services.authorizations.refresh(scope, 'K0')).rejects.toThrow();
    await cuts;
    expect(tags).toEqual(['UPDATE 1', ...Array<string>(ATTEMPTS - 1).fill('UPDATE 0')]);
    expect(coordinator.unwrittenCount).toBe(1);

    // The background retry finds the version moved on by the set's own first try: stored, not given up.
    while (!server.logs().some((line) => line.includes(STORED) || line.includes(GIVEN_UP)))
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.logs().filter((line) => line.includes(GIVEN_UP))).toEqual([]);
    expect(coordinator.unwrittenCount).toBe(0);
    const row = await server.app.orm.em.fork().findOneOrFail(Authorization, { connectionId: id });
    expect(row).toMatchObject({ version: 2, leaseOwner: null, refreshFailures: 0 });
    const state = await server.app.ports.state.read(id);
    expect(endpoint.isCurrent(state.tokens!.refreshToken!)).toBe(true);

    // Audited and published as stored, after the failure its caller was told of (audited and published too).
    while (published.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(published[1]).toMatchObject({ statusReason: null, lastRefreshedAt: expect.any(Date) });
    unsubscribe();
    const audited = await server.app.orm.em.fork().find(AuditEvent, { connectionId: id, type: 'TOKEN_REFRESHED' });
    expect(audited.map((event) => event.message)).toEqual([expect.stringMatching(/^Token refreshed; stored on a background retry/)]);

    await refreshedAgain(id, '/dropped-kept/token');
  });
});
