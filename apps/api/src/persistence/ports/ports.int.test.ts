import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { TokenVault, VaultError, generateMasterKey, parseMasterKey, type TokenSet } from '@grantkeeper/oauth-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../testing/databases.js';
import { Authorization } from '../entities/index.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { OrmAuthorizationStatePort } from './authorization-state-port.js';
import { OrmLeasePort } from './lease-port.js';
import { OrmPendingFlowStore } from './pending-flow-store.js';

function tokenSet(suffix: string, obtainedAt = new Date()): TokenSet {
  return {
    accessToken: `access-${suffix}-${randomUUID()}`,
    tokenType: 'bearer',
    expiresAt: new Date(obtainedAt.getTime() + 3_600_000),
    refreshToken: `refresh-${suffix}-${randomUUID()}`,
    refreshTokenExpiresAt: null,
    scopes: ['openid', 'offline_access'],
    idToken: null,
    obtainedAt,
  };
}

describe.each(testDatabases())('persistence ports on %s', (kind) => {
  let db: TestDatabase;
  // Two ORM instances = two independent connection pools, as two API processes would have.
  let ormA: Orm;
  let ormB: Orm;
  const vault = new TokenVault({ activeKey: parseMasterKey(generateMasterKey()) });

  async function newAuthorization(): Promise<{ connectionId: string; workspaceId: string }> {
    const em = ormA.em.fork();
    const row = em.create(Authorization, { workspaceId: randomUUID(), connectionId: randomUUID() });
    await em.flush();
    return { connectionId: row.connectionId, workspaceId: row.workspaceId };
  }

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ormA = await createOrm(db.database);
    await migrate(ormA);
    ormB = await createOrm(db.database);
  });

  afterAll(async () => {
    await ormA?.close(true);
    await ormB?.close(true);
    await db?.drop();
  });

  describe('LeasePort', () => {
    it('gives a free lease to exactly one of many concurrent acquirers across processes', async () => {
      const { connectionId } = await newAuthorization();
      const leases = [new OrmLeasePort(ormA), new OrmLeasePort(ormB)];
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) => (leases[i % 2] as OrmLeasePort).acquire(connectionId, `owner-${i}`, 30_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = `owner-${results.indexOf(true)}`;
      const row = await ormA.em.fork().findOneOrFail(Authorization, { connectionId });
      expect(row.leaseOwner).toBe(winner);
    });

    it('lets only the owner renew or release the lease', async () => {
      const { connectionId } = await newAuthorization();
      const lease = new OrmLeasePort(ormA);
      const other = new OrmLeasePort(ormB);
      expect(await lease.acquire(connectionId, 'owner-1', 30_000)).toBe(true);

      expect(await other.renew(connectionId, 'intruder', 30_000)).toBe(false);
      await other.release(connectionId, 'intruder');
      expect(await other.acquire(connectionId, 'intruder', 30_000)).toBe(false);

      expect(await lease.renew(connectionId, 'owner-1', 30_000)).toBe(true);
      await lease.release(connectionId, 'owner-1');
      expect(await other.acquire(connectionId, 'intruder', 30_000)).toBe(true);
    });

    it('lets an expired lease be taken over, after which the old owner cannot renew it', async () => {
      const { connectionId } = await newAuthorization();
      let now = Date.now();
      const clock = { now: () => new Date(now) };
      const lease = new OrmLeasePort(ormA, clock);
      const other = new OrmLeasePort(ormB, clock);
      expect(await lease.acquire(connectionId, 'crashed', 5_000)).toBe(true);
      expect(await other.acquire(connectionId, 'successor', 5_000)).toBe(false);
      now += 5_001;
      expect(await other.acquire(connectionId, 'successor', 5_000)).toBe(true);
      expect(await lease.renew(connectionId, 'crashed', 5_000)).toBe(false);
      await lease.release(connectionId, 'crashed');
      const row = await ormA.em.fork().findOneOrFail(Authorization, { connectionId });
      expect(row.leaseOwner).toBe('successor');
    });

    it('refuses a lease on a connection without an authorization record', async () => {
      await expect(new OrmLeasePort(ormA).acquire(randomUUID(), 'owner', 1_000)).rejects.toMatchObject({
        code: 'NOT_AUTHORIZED',
      });
    });

    it('releases every lease of one owner at shutdown', async () => {
      const a = await newAuthorization();
      const b = await newAuthorization();
      const lease = new OrmLeasePort(ormA);
      await lease.acquire(a.connectionId, 'shutting-down', 60_000);
      await lease.acquire(b.connectionId, 'shutting-down', 60_000);
      expect(await lease.releaseAll('shutting-down')).toBe(2);
      expect(await new OrmLeasePort(ormB).acquire(a.connectionId, 'next', 1_000)).toBe(true);
    });
  });

  describe('AuthorizationStatePort', () => {
    it('starts empty, stores an encrypted token set with a version bump, and reads it back', async () => {
      const { connectionId } = await newAuthorization();
      const state = new OrmAuthorizationStatePort({ orm: ormA, vault, refreshMarginSeconds: 300 });
      expect(await state.read(connectionId)).toEqual({
        version: 0,
        status: 'NOT_AUTHORIZED',
        tokens: null,
        statusReason: null,
        // The refresh bookkeeping of the same row read (the refresh uses it under the lease).
        schedule: expect.objectContaining({ version: 0, status: 'NOT_AUTHORIZED', hasRefreshToken: false, nextRefreshAt: null }),
      });
      const tokens = tokenSet('first');
      expect(await state.compareAndSwap(connectionId, 0, { status: 'AUTHORIZED', tokens, statusReason: null })).toBe(true);
      const read = await new OrmAuthorizationStatePort({ orm: ormB, vault, refreshMarginSeconds: 300 }).read(connectionId);
      expect(read.version).toBe(1);
      expect(read.status).toBe('AUTHORIZED');
      expect(read.tokens).toEqual(tokens);

      const row = await ormA.em.fork().findOneOrFail(Authorization, { connectionId });
      expect(row.nextRefreshAt).not.toBeNull();
      expect(row.nextRefreshAt!.getTime()).toBeLessThan(tokens.expiresAt!.getTime());
      const raw = JSON.stringify(
        await ormA.em.getConnection().execute('select * from authorizations where connection_id = ?', [connectionId]),
      );
      expect(raw).not.toContain(tokens.accessToken);
      expect(raw).not.toContain(tokens.refreshToken);
    });

    it('refuses a write to a row deleted after it was read (NOT_AUTHORIZED, as before it was read)', async () => {
      const { connectionId } = await newAuthorization();
      const state = new OrmAuthorizationStatePort({ orm: ormA, vault, refreshMarginSeconds: 300 });
      await state.read(connectionId); // remembers the row's workspace
      await state.remove(connectionId);
      await expect(
        state.compareAndSwap(connectionId, 0, { status: 'AUTHORIZED', tokens: tokenSet('late'), statusReason: null }),
      ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    });

    it('rejects a write with a stale version and leaves the state unchanged', async () => {
      const { connectionId } = await newAuthorization();
      const state = new OrmAuthorizationStatePort({ orm: ormA, vault, refreshMarginSeconds: 300 });
      const first = tokenSet('first');
      await state.compareAndSwap(connectionId, 0, { status: 'AUTHORIZED', tokens: first, statusReason: null });
      const stale = await state.compareAndSwap(connectionId, 0, {
        status: 'AUTHORIZED',
        tokens: tokenSet('stale'),
        statusReason: null,
      });
      expect(stale).toBe(false);
      const read = await state.read(connectionId);
      expect(read.version).toBe(1);
      expect(read.tokens?.accessToken).toBe(first.accessToken);
    });

    it('lets exactly one of many concurrent writers with the same version win', async () => {
      const { connectionId } = await newAuthorization();
      const ports = [ormA, ormB].map((orm) => new OrmAuthorizationStatePort({ orm, vault, refreshMarginSeconds: 300 }));
      const attempts = Array.from({ length: 12 }, (_, i) => tokenSet(`w${i}`));
      const results = await Promise.all(
        attempts.map((tokens, i) =>
          (ports[i % 2] as OrmAuthorizationStatePort).compareAndSwap(connectionId, 0, {
            status: 'AUTHORIZED',
            tokens,
            statusReason: null,
            refreshedAt: new Date(),
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const read = await ports[0]!.read(connectionId);
      expect(read.version).toBe(1);
      expect(read.tokens?.accessToken).toBe(attempts[results.indexOf(true)]!.accessToken);
    });

    it('clears every token column when the tokens are removed', async () => {
      const { connectionId } = await newAuthorization();
      const state = new OrmAuthorizationStatePort({ orm: ormA, vault, refreshMarginSeconds: 300 });
      await state.compareAndSwap(connectionId, 0, { status: 'AUTHORIZED', tokens: tokenSet('x'), statusReason: null });
      await state.compareAndSwap(
        connectionId,
        1,
        { status: 'NOT_AUTHORIZED', tokens: null, statusReason: null },
        { lastAuthorizedAt: null, authorizedBy: null },
      );
      const row = await ormA.em.fork().findOneOrFail(Authorization, { connectionId });
      expect(row).toMatchObject({
        version: 2,
        status: 'NOT_AUTHORIZED',
        accessTokenEnvelope: null,
        refreshTokenEnvelope: null,
        idTokenEnvelope: null,
        tokenExpiresAt: null,
        nextRefreshAt: null,
        grantedScopes: [],
      });
    });

    it('does not decrypt a ciphertext copied to another connection', async () => {
      const source = await newAuthorization();
      const target = await newAuthorization();
      const state = new OrmAuthorizationStatePort({ orm: ormA, vault, refreshMarginSeconds: 300 });
      await state.compareAndSwap(source.connectionId, 0, { status: 'AUTHORIZED', tokens: tokenSet('s'), statusReason: null });
      const em = ormA.em.fork();
      const row = await em.findOneOrFail(Authorization, { connectionId: source.connectionId });
      await em.nativeUpdate(
        Authorization,
        { connectionId: target.connectionId },
        { accessTokenEnvelope: row.accessTokenEnvelope, status: 'AUTHORIZED' },
      );
      const failure = await state.read(target.connectionId).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(VaultError);
      expect((failure as VaultError).code).toBe('DECRYPTION_FAILED');
    });

    it('records a refresh failure, unschedules and removes only through versioned operations', async () => {
      const { connectionId } = await newAuthorization();
      const state = new OrmAuthorizationStatePort({ orm: ormA, vault, refreshMarginSeconds: 300 });
      await state.compareAndSwap(connectionId, 0, { status: 'AUTHORIZED', tokens: tokenSet('f'), statusReason: null });
      const failure = { refreshFailures: 2, nextRetryAt: new Date(Date.now() + 30_000), statusReason: 'Refresh failed' };
      expect(await state.recordRefreshFailure(connectionId, 0, failure)).toBe(false);
      expect(await state.recordRefreshFailure(connectionId, 1, failure)).toBe(true);
      // Bookkeeping, not token state: the version stays, so a waiting refresh does not take it for new tokens.
      expect(await state.schedule(connectionId)).toMatchObject({ version: 1, hasRefreshToken: true, ...failure });
      expect(await state.unschedule(connectionId, 0)).toBe(false);
      expect(await state.unschedule(connectionId, 1)).toBe(true);
      expect(await state.schedule(connectionId)).toMatchObject({ version: 1, nextRefreshAt: null, nextRetryAt: null });
      expect(await state.remove(connectionId)).toBe(1);
      expect(await state.schedule(connectionId)).toBeNull();
    });
  });

  describe('PendingFlowStore', () => {
    it('hands a flow to exactly one of many concurrent takers, once', async () => {
      const stores = [new OrmPendingFlowStore(ormA), new OrmPendingFlowStore(ormB)];
      const now = new Date();
      const flow = {
        stateHash: randomUUID().replace(/-/g, ''),
        key: { workspaceId: randomUUID(), connectionId: randomUUID() },
        codeVerifierEnvelope: 'gk1.test.envelope',
        nonce: null,
        redirectUri: 'http://127.0.0.1:4000/oauth/callback',
        initiatedBy: randomUUID(),
        createdAt: now,
        expiresAt: new Date(now.getTime() + 600_000),
      };
      await stores[0]!.save(flow);
      const taken = await Promise.all(Array.from({ length: 10 }, (_, i) => (stores[i % 2] as OrmPendingFlowStore).take(flow.stateHash)));
      const winners = taken.filter((t) => t !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toEqual(flow);
      expect(await stores[1]!.take(flow.stateHash)).toBeNull();
    });

    it('returns null for an unknown or malformed state hash', async () => {
      const store = new OrmPendingFlowStore(ormA);
      expect(await store.take('nope')).toBeNull();
      expect(await store.take('x'.repeat(500))).toBeNull();
    });
  });
});
