/**
 * The refresher's group commit committed, but its connection dropped before the answer came back
 * (PostgreSQL behind a proxy that resets the socket right after the server answered COMMIT). The
 * retry finds its rows moved on by that very commit: it must recognise its own write (the same
 * ciphertext, sealed once for every try) and count the refresh as done, publishing it, instead of
 * skipping it while the new tokens are stored and the console still shows the old ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationTopic } from '../events/index.js';
import { AuditEvent, Authorization } from '../persistence/entities/index.js';
import { startBehindCuttingProxy, type BehindCuttingProxy } from '../testing/behind-cutting-proxy.js';
import { seedAtEndpoint } from '../testing/seed-at-endpoint.js';

const RETRIED = 'writing refreshed token sets failed transiently; retrying';
/** A plain COMMIT (a simple Query message, 'Q', its length, the text): the group commit's end. No other transaction ends so while the test runs. */
const COMMIT_QUERY = Buffer.concat([Buffer.from('Q'), Buffer.from([0, 0, 0, 11]), Buffer.from('commit\0')]).toString('latin1');
const commit = (sent: string) => sent.endsWith(COMMIT_QUERY);

describe('a refresher group commit that committed but lost its connection (postgres)', () => {
  let setup: BehindCuttingProxy;

  beforeAll(async () => {
    setup = await startBehindCuttingProxy();
  });

  afterAll(() => setup?.close());

  it('recognises its own commit on the retry: refreshed, audited once, published; the next refresh presents the new token', async () => {
    const { endpoint, proxy, server } = setup;
    const workspace = await server.app.auth.workspaces.ensureDefault();
    let open!: () => void;
    endpoint.behave('/commit/token', { gate: new Promise<void>((resolve) => (open = resolve)) });
    const [id] = await seedAtEndpoint(server, endpoint, { path: '/commit/token', total: 1, due: 1, codePrefix: 'C' });
    const published: { lastRefreshedAt: Date | null }[] = [];
    const unsubscribe = server.app.domain.bus.on(authorizationTopic(workspace.id), (event) => {
      if (event.connectionCode === 'C0') published.push(event.authorization);
    });
    const refresher = server.app.domain.refresher;
    await refresher.settled();
    const before = { ...refresher.stats };
    const pass = refresher.tick();
    await endpoint.received('/commit/token', 1); // the grant is at the provider: the token rotates
    const cut = proxy.cutAfter(commit);
    open();
    await pass;
    unsubscribe();
    expect(await cut).toBe('COMMIT'); // the server committed before the connection went

    const retried = server.logs().filter((line) => line.includes(RETRIED));
    expect(retried).toHaveLength(1);
    expect(JSON.parse(retried[0]!)).toMatchObject({ level: 40, code: expect.stringMatching(/^(ECONNRESET|connection terminated)$/) });
    expect(refresher.stats.refreshed - before.refreshed).toBe(1);
    expect(refresher.stats.skipped - before.skipped).toBe(0);
    expect(published).toEqual([expect.objectContaining({ lastRefreshedAt: expect.any(Date) })]);
    const audited = await server.app.orm.em.fork().find(AuditEvent, { connectionId: id!, workspaceId: workspace.id });
    expect(audited.map((event) => event.type)).toEqual(['TOKEN_REFRESHED']);

    const row = await server.app.orm.em.fork().findOneOrFail(Authorization, { connectionId: id! });
    expect(row).toMatchObject({ version: 2, leaseOwner: null, refreshFailures: 0 });
    const state = await server.app.ports.state.read(id!);
    expect(endpoint.isCurrent(state.tokens!.refreshToken!)).toBe(true);

    // Due again: the refresh presents the rotated token, not the old one (which would revoke the grant).
    await server.app.orm.em.fork().nativeUpdate(Authorization, { connectionId: id! }, { nextRefreshAt: new Date(Date.now() - 1000) });
    await refresher.tick();
    expect(endpoint.counts('/commit/token')).toMatchObject({ received: 2, refreshed: 2 });
    expect(endpoint.reused).toBe(0);
    expect(server.logs().join('\n')).not.toMatch(/rt-|at-\d|seed-/);
  });
});
