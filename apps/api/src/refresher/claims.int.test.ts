/**
 * The refresher's claim on both dialects: each claimed row comes back with its connection, both
 * as the ORM reads them (dates, booleans, JSON columns), earliest due first, leased to the
 * claimer; a row whose connection is gone is not returned and its lease goes back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authorization, Connection } from '../persistence/entities/index.js';
import { newId } from '../persistence/entities/columns.js';
import { createOrm, migrate, type Orm } from '../persistence/orm.js';
import { createRawSql, type RawSql, type RawTransaction } from '../persistence/raw-sql.js';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { RefreshClaims } from './claims.js';

const now = new Date();
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

function connectionRow(i: number) {
  return {
    id: newId(),
    workspaceId: 'w',
    code: `C${i}`,
    name: `Claimed ${i}`,
    baseUrl: i === 0 ? 'https://api.example.com' : null,
    authenticationType: 'OAUTH2_AUTHORIZATION_CODE' as const,
    tokenEndpoint: `https://idp.example.com/token/${i}`,
    clientId: 'client',
    clientSecretEnvelope: i === 0 ? 'sealed-secret' : null,
    scopes: ['api', `s${i}`],
    tokenEndpointAuthMethod: 'client_secret_post' as const,
    extraAuthorizationParams: i === 0 ? { prompt: 'consent' } : null,
    issParameterSupported: i === 0 ? true : null,
    allowTokenAccess: i === 1,
    createdAt: at(-86_400_000),
    updatedAt: at(-3_600_000),
  };
}

function authorizationRow(connectionId: string, i: number) {
  return {
    id: newId(),
    workspaceId: 'w',
    connectionId,
    status: 'AUTHORIZED' as const,
    accessTokenEnvelope: `access-${i}`,
    refreshTokenEnvelope: `refresh-${i}`,
    tokenType: 'bearer',
    tokenExpiresAt: at(60_000 + i),
    grantedScopes: ['api', `s${i}`],
    obtainedAt: at(-3_600_000),
    lastAuthorizedAt: at(-7_200_000),
    version: 3 + i,
    refreshFailures: 0,
    nextRefreshAt: at(-1_000 * (3 - i)),
    createdAt: at(-86_400_000),
    updatedAt: at(-3_600_000),
  };
}

describe.each(testDatabases())('the refresher claim (%s)', (kind) => {
  let database: TestDatabase;
  let orm: Orm;
  const connections = [0, 1, 2].map(connectionRow);
  const authorizations = connections.map((connection, i) => authorizationRow(connection.id, i));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    orm = await createOrm(database.database);
    await migrate(orm);
    const em = orm.em.fork();
    await em.insertMany(Connection, connections);
    await em.insertMany(Authorization, authorizations);
    // The third row's connection is gone.
    await orm.em.fork().nativeDelete(Connection, { id: connections[2]!.id });
  });

  afterAll(async () => {
    await orm?.close(true);
    await database?.drop();
  });

  it('returns each due row with its connection as the ORM reads them, and releases a row without one', async () => {
    const claims = new RefreshClaims(createRawSql(orm, kind), 'claimer');
    const claimed = await claims.claim(now, 10);
    expect(claimed.map(({ row }) => row.connectionId)).toEqual([connections[0]!.id, connections[1]!.id]);

    const em = orm.em.fork();
    for (const { row, connection, leaseOwner } of claimed) {
      expect(leaseOwner).toBe('claimer');
      const stored = await em.findOneOrFail(Connection, { id: connection.id });
      expect(connection).toEqual({ ...stored });
      const storedRow = await em.findOneOrFail(Authorization, { connectionId: row.connectionId });
      expect(row).toEqual({ ...storedRow });
      expect(row.leaseOwner).toBe('claimer');
    }
    const orphan = await em.findOneOrFail(Authorization, { connectionId: connections[2]!.id });
    expect(orphan).toMatchObject({ leaseOwner: null, leaseExpiresAt: null });
  });
});

/**
 * A renewal while this refresher's group commit writes some of the held rows (PostgreSQL; SQLite
 * serialises its writes): the renewal skips the rows being written instead of waiting for them
 * while holding the others, which deadlocked with a write that then reached those others, and
 * PostgreSQL aborted one of the two, at times the write of a token set already rotated.
 */
describe('a lease renewal beside a write of the same rows (postgres)', () => {
  let database: TestDatabase;
  let orm: Orm;
  const connections = [0, 1].map(connectionRow);

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    orm = await createOrm(database.database);
    await migrate(orm);
    await orm.em.fork().insertMany(Connection, connections);
    await orm.em.fork().insertMany(
      Authorization,
      connections.map((connection, i) => ({ ...authorizationRow(connection.id, i), nextRefreshAt: at(-1_000) })),
    );
  });

  afterAll(async () => {
    await orm?.close(true);
    await database?.drop();
  });

  /** Statements of this database waiting for a row lock. */
  const waitingForLocks = async (sql: RawSql) =>
    Number(
      (
        await sql.all<{ n: string }>(
          `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          [],
        )
      )[0]!.n,
    );

  // Each order once: a renewal locking rows one by one meets the write's first row either before
  // or after the write's second one, whichever order PostgreSQL scans them in.
  it.each([
    [0, 1],
    [1, 0],
  ])('neither fails nor waits for the other (write order %i, %i)', async (first, second) => {
    const sql = createRawSql(orm, 'postgres');
    const claims = new RefreshClaims(sql, 'renewer');
    await sql.run(`update authorizations set lease_owner = null, lease_expires_at = null`, []);
    const ids = (await claims.claim(new Date(), 10)).map(({ row }) => row.connectionId);
    expect(ids).toHaveLength(2);
    const write = (id: string, tx: RawTransaction) =>
      tx.run(`update authorizations set version = version + 1, lease_owner = null, lease_expires_at = null where connection_id = ?`, [id]);
    let renewal: Promise<unknown> | undefined;
    await sql.transaction(async (tx) => {
      await write(ids[first]!, tx);
      renewal = claims.renew(ids, new Date()).then(
        () => 'renewed',
        (error: unknown) => error,
      );
      // The renewal has finished, or waits for the row locked here (as it did before).
      let settled = false;
      void renewal.then(() => (settled = true));
      while (!settled && (await waitingForLocks(sql)) === 0) await new Promise((resolve) => setImmediate(resolve));
      await write(ids[second]!, tx);
    });
    expect(await renewal).toBe('renewed');
    const rows = await orm.em.fork().find(Authorization, { connectionId: { $in: ids } });
    expect(rows.every((row) => row.leaseOwner === null)).toBe(true);
  });
});
