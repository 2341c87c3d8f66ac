/**
 * The refresh decisions inside the real domain (SQLite, the test IdP, the real coordinator and
 * ports) with an injected clock: the coalescing window of manual refreshes, not-due skipping of
 * scheduled ones, and the backoff after a transient failure (Retry-After), each counted at the
 * IdP's token endpoint.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { generateMasterKey, parseMasterKey, TokenVault, type Clock } from '@grantkeeper/oauth-core';
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../events/index.js';
import { Authorization } from '../../persistence/entities/index.js';
import { createOrm, migrate, type Orm } from '../../persistence/orm.js';
import { createPorts } from '../../persistence/ports/index.js';
import { createTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { createServices, type RequestScope, type Services } from '../index.js';
import { REFRESH_COALESCE_WINDOW_MS } from './policy.js';

const SECRET = `clock-secret-${randomUUID()}`;
const REDIRECT_URI = 'http://127.0.0.1:4000/oauth/callback';

/** Time stands still until the test moves it. */
class SettableClock implements Clock {
  constructor(public ms = Date.now()) {}
  now(): Date {
    return new Date(this.ms);
  }
}

describe('refreshes with an injected clock', () => {
  let idp: TestIdp;
  let db: TestDatabase;
  let orm: Orm;
  let services: Services;
  let scope: RequestScope;
  let connectionId: string;
  const clock = new SettableClock();
  const bus = new InProcessEventBus();
  const refreshCalls = () => idp.counters().tokenRequests['refresh_token'] ?? 0;
  const row = () => orm.em.fork().findOneOrFail(Authorization, { connectionId });

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 3600 });
    idp.addClient({ clientId: 'clock', clientSecret: SECRET, redirectUris: [REDIRECT_URI] });
    db = await createTestDatabase('sqlite');
    orm = await createOrm(db.database);
    await migrate(orm);
    const vault = new TokenVault({ activeKey: parseMasterKey(generateMasterKey()) });
    const ports = createPorts({ orm, vault, refreshMarginSeconds: 300, clock });
    const logger = pino({ level: 'silent' });
    services = createServices({ vault, bus, logger, ports, redirectUri: REDIRECT_URI, clock });
    scope = { em: orm.em.fork(), workspaceId: randomUUID(), actor: { kind: 'user', id: null, name: 'tester' } };
    const oauth2 = { issuer: idp.issuer, clientId: 'clock', clientSecret: SECRET, scopes: ['openid'] };
    const created = await services.connections.create(scope, {
      code: 'CLK',
      name: 'Clock',
      authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
      oauth2,
    });
    connectionId = created.id;
    const { authorizationUrl } = await services.authorizations.start(scope, 'CLK');
    const callback = await idp.authorize(authorizationUrl);
    expect(await services.authorizations.complete(orm.em.fork(), callback.href, null)).toEqual({ ok: true, connectionCode: 'CLK' });
  });

  afterAll(async () => {
    services?.close();
    await bus.close();
    await orm?.close(true);
    await db?.drop();
    await idp?.close();
  });

  it('a manual refresh within the coalescing window shares the previous one', async () => {
    const before = refreshCalls();
    const first = await services.authorizations.refresh(scope, 'CLK');
    expect(refreshCalls()).toBe(before + 1);
    clock.ms += REFRESH_COALESCE_WINDOW_MS - 1;
    expect((await services.authorizations.refresh(scope, 'CLK')).lastRefreshedAt).toEqual(first.lastRefreshedAt);
    expect(refreshCalls()).toBe(before + 1);
    clock.ms += 2;
    await services.authorizations.refresh(scope, 'CLK');
    expect(refreshCalls()).toBe(before + 2);
  });

  it('a manual refresh shares one completed after it was asked for, however late the server gets to it', async () => {
    clock.ms += REFRESH_COALESCE_WINDOW_MS + 1;
    const before = refreshCalls();
    // Asked for now; another caller's refresh completes just after, and the server reaches this
    // call only past the window (a loaded server: the request waited for the database).
    const askedAt = clock.now();
    clock.ms += 1;
    const first = await services.authorizations.refresh(scope, 'CLK');
    clock.ms += REFRESH_COALESCE_WINDOW_MS + 1_000;
    const late = await services.authorizations.refresh({ ...scope, requestedAt: askedAt }, 'CLK');
    expect(late.lastRefreshedAt).toEqual(first.lastRefreshedAt);
    expect(refreshCalls()).toBe(before + 1);
    // Asked for now (no arrival time given), the same refresh is past the window: a new one.
    await services.authorizations.refresh(scope, 'CLK');
    expect(refreshCalls()).toBe(before + 2);
  });

  it('a scheduled refresh skips the row until it is due by the clock', async () => {
    const before = refreshCalls();
    const due = (await row()).nextRefreshAt!;
    clock.ms = due.getTime() - 1;
    expect(await services.authorizations.refreshScheduled(orm.em.fork(), connectionId)).toEqual({ outcome: 'skipped' });
    expect(refreshCalls()).toBe(before);
    clock.ms = due.getTime();
    expect(await services.authorizations.refreshScheduled(orm.em.fork(), connectionId)).toEqual({ outcome: 'refreshed' });
    expect(refreshCalls()).toBe(before + 1);
  });

  it('backs off after a transient failure for the provider’s Retry-After, and announces the retry', async () => {
    const announced: Date[] = [];
    const off = bus.on('refresher/due', (event) => announced.push(event.dueAt));
    idp.setQuirks({ failRefreshWith: { status: 503, retryAfterSeconds: 30 } });
    clock.ms = (await row()).nextRefreshAt!.getTime();
    const before = refreshCalls();
    expect(await services.authorizations.refreshScheduled(orm.em.fork(), connectionId)).toEqual({ outcome: 'failed' });
    const failed = await row();
    expect(failed).toMatchObject({ status: 'AUTHORIZED', refreshFailures: 1 });
    expect(failed.nextRetryAt).toEqual(new Date(clock.ms + 30_000));
    expect(announced).toEqual([failed.nextRetryAt]);

    // Still due, but backing off: no provider call until the retry time.
    idp.setQuirks({});
    expect(await services.authorizations.refreshScheduled(orm.em.fork(), connectionId)).toEqual({ outcome: 'skipped' });
    expect(refreshCalls()).toBe(before + 1);
    clock.ms += 30_000;
    expect(await services.authorizations.refreshScheduled(orm.em.fork(), connectionId)).toEqual({ outcome: 'refreshed' });
    expect(await row()).toMatchObject({ refreshFailures: 0, nextRetryAt: null, statusReason: null });
    off();
  });
});
