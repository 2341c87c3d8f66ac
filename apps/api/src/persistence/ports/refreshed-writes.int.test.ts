/**
 * The refresher's batched write of refreshed token sets on both dialects (one statement for the
 * batch on PostgreSQL, one prepared statement per row on SQLite), still a compare-and-swap per
 * row (a row whose version moved keeps everything it had), the lease released only where the
 * writer held it, every column readable by the state port; a try of the same sealed writes after
 * one that committed knows those rows for its own, and only those.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { TokenVault, generateMasterKey, parseMasterKey, type TokenSet } from '@grantkeeper/oauth-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../testing/databases.js';
import { Authorization } from '../entities/index.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { createRawSql } from '../raw-sql.js';
import { OrmAuthorizationStatePort } from './authorization-state-port.js';
import { sealRefreshed, writeSealed, writtenBefore, type RefreshedWrite } from './refreshed-writes.js';

const tokens = (suffix: string, obtainedAt: Date): TokenSet => ({
  accessToken: `access-${suffix}`,
  tokenType: 'bearer',
  expiresAt: new Date(obtainedAt.getTime() + 3_600_000),
  refreshToken: `refresh-${suffix}`,
  refreshTokenExpiresAt: new Date(obtainedAt.getTime() + 86_400_000),
  scopes: ['api', 'offline_access'],
  idToken: null,
  obtainedAt,
});

describe.each(testDatabases())('writeSealed on %s', (kind) => {
  let db: TestDatabase;
  let orm: Orm;
  const vault = new TokenVault({ activeKey: parseMasterKey(generateMasterKey()) });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orm = await createOrm(db.database);
    await migrate(orm);
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('writes the rows whose version held, releases only its own leases, and leaves a moved row alone', async () => {
    const workspaceId = randomUUID();
    const lease = new Date(Date.now() + 30_000);
    const seeded = [
      { leaseOwner: 'me', leaseExpiresAt: lease, version: 1 },
      { leaseOwner: 'someone-else', leaseExpiresAt: lease, version: 1 },
      { leaseOwner: 'me', leaseExpiresAt: lease, version: 2 }, // moved on since it was read at 1
    ].map((extra) => ({ ...extra, connectionId: randomUUID() }));
    const em = orm.em.fork();
    for (const row of seeded) em.create(Authorization, { workspaceId, status: 'AUTHORIZED', refreshFailures: 3, ...row });
    await em.flush();

    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const nextRefreshAt = new Date(at.getTime() + 3_000_000);
    const writes: RefreshedWrite[] = seeded.map((row, i) => ({
      connectionId: row.connectionId,
      workspaceId,
      expectedVersion: 1,
      tokens: tokens(String(i), at),
      refreshedAt: at,
      nextRefreshAt,
      leaseOwner: 'me',
    }));
    const won = await createRawSql(orm, kind).transaction((tx) => writeSealed(tx, sealRefreshed(kind, vault, writes)));
    expect(won).toEqual([true, true, false]);

    const rows = await orm.em.fork().find(Authorization, { workspaceId }, { orderBy: { version: 'asc' } });
    const byId = new Map(rows.map((row) => [row.connectionId, row]));
    const [mine, theirs, moved] = seeded.map((row) => byId.get(row.connectionId)!);
    expect(mine).toMatchObject({ version: 2, leaseOwner: null, leaseExpiresAt: null, refreshFailures: 0, nextRetryAt: null });
    expect(mine!.nextRefreshAt).toEqual(nextRefreshAt);
    expect(mine!.lastRefreshedAt).toEqual(at);
    expect(theirs).toMatchObject({ version: 2, leaseOwner: 'someone-else' });
    expect(theirs!.leaseExpiresAt).toEqual(lease);
    expect(moved).toMatchObject({ version: 2, leaseOwner: 'me', refreshFailures: 3, accessTokenEnvelope: null });

    const state = new OrmAuthorizationStatePort({ orm, vault, refreshMarginSeconds: 300 });
    expect((await state.read(seeded[0]!.connectionId)).tokens).toEqual(tokens('0', at));
    expect((await state.read(seeded[1]!.connectionId)).tokens).toEqual(tokens('1', at));
  });

  it("knows the rows an earlier try of the same sealed writes stored, and no other writer's", async () => {
    const workspaceId = randomUUID();
    const seeded = [randomUUID(), randomUUID()];
    const em = orm.em.fork();
    for (const connectionId of seeded) em.create(Authorization, { workspaceId, connectionId, status: 'AUTHORIZED', version: 1 });
    await em.flush();
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const write = (connectionId: string, suffix: string): RefreshedWrite => ({
      connectionId,
      workspaceId,
      expectedVersion: 1,
      tokens: tokens(suffix, at),
      refreshedAt: at,
      nextRefreshAt: null,
      leaseOwner: 'me',
    });
    const sql = createRawSql(orm, kind);
    const sealed = sealRefreshed(kind, vault, [write(seeded[0]!, 'mine'), write(seeded[1]!, 'mine-too')]);
    // The first try committed (its answer lost); another writer then stored the second row's set.
    expect(await sql.transaction((tx) => writeSealed(tx, { writes: [sealed.writes[0]!], rows: [sealed.rows[0]!] }))).toEqual([true]);
    expect(await sql.transaction((tx) => writeSealed(tx, sealRefreshed(kind, vault, [write(seeded[1]!, 'theirs')])))).toEqual([true]);

    const again = await sql.transaction(async (tx) => {
      const won = await writeSealed(tx, sealed);
      return { won, before: await writtenBefore(tx, sealed, won) };
    });
    expect(again).toEqual({ won: [false, false], before: [true, false] });
    const state = new OrmAuthorizationStatePort({ orm, vault, refreshMarginSeconds: 300 });
    expect((await state.read(seeded[1]!)).tokens).toEqual(tokens('theirs', at));
  });
});
