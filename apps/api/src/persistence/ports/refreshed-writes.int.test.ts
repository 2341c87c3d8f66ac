/**
 * The refresher's batched write of refreshed token sets on both dialects (one statement for the
 * batch on PostgreSQL, one prepared statement per row on SQLite), still a compare-and-swap per
 * row (a row whose version moved keeps everything it had), the lease released only where the
 * writer held it, every column readable by the state port.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { TokenVault, generateMasterKey, parseMasterKey, type TokenSet } from '@grantkeeper/oauth-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../testing/databases.js';
import { AuditService, type StagedEvent } from '../../services/audit-service.js';
import { systemActor } from '../../services/types.js';
import { AuditEvent, Authorization, Webhook } from '../entities/index.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { createRawSql } from '../raw-sql.js';
import { OrmAuthorizationStatePort } from './authorization-state-port.js';
import { writeRefreshed, writeRefreshedInOneStatement, type RefreshedWrite } from './refreshed-writes.js';

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

describe.each(testDatabases())('writeRefreshed on %s', (kind) => {
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
    const won = await createRawSql(orm, kind).transaction((tx) => writeRefreshed(tx, vault, writes));
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
  /** Authorizations at version 1 in `workspaceId`, leased by 'me' unless `extra` says otherwise. */
  const seed = async (workspaceId: string, extras: Partial<Authorization>[]) => {
    const lease = new Date(Date.now() + 30_000);
    const rows = extras.map((extra) => ({ leaseOwner: 'me', leaseExpiresAt: lease, version: 1, ...extra, connectionId: randomUUID() }));
    const em = orm.em.fork();
    for (const row of rows) em.create(Authorization, { workspaceId, status: 'AUTHORIZED', ...row });
    await em.flush();
    return rows;
  };
  const writesOf = (workspaceId: string, rows: { connectionId: string }[], at: Date): RefreshedWrite[] =>
    rows.map((row, i) => ({
      connectionId: row.connectionId,
      workspaceId,
      expectedVersion: 1,
      tokens: tokens(`one-${i}`, at),
      refreshedAt: at,
      nextRefreshAt: new Date(at.getTime() + 3_000_000),
      leaseOwner: 'me',
    }));
  const eventsOf = (writes: RefreshedWrite[]): StagedEvent[] =>
    writes.map((write, i) => ({
      entry: {
        workspaceId: write.workspaceId,
        connectionId: write.connectionId,
        connectionCode: `C${i}`,
        type: 'TOKEN_REFRESHED',
        actor: systemActor,
        message: `refreshed ${i}`,
      },
      authorization: null,
    }));
  const auditedIn = async (workspaceId: string) =>
    (await orm.em.fork().find(AuditEvent, { workspaceId }, { orderBy: { connectionCode: 'asc' } })).map((event) => event.connectionCode);

  // One statement instead of a transaction: PostgreSQL only (SQLite writes in one transaction, in-process).
  if (kind === 'postgres') {
    it('in one statement: audit rows for the rows written only; a row that lost its compare-and-swap keeps everything', async () => {
      const workspaceId = randomUUID();
      const seeded = await seed(workspaceId, [{}, { version: 2 }, {}]); // the second moved on since it was read at 1
      const at = new Date(Math.floor(Date.now() / 1000) * 1000);
      const writes = writesOf(workspaceId, seeded, at);
      const audit = new AuditService();
      const result = await writeRefreshedInOneStatement(
        createRawSql(orm, kind),
        vault,
        writes,
        audit.rowsOf(kind, eventsOf(writes), at),
        true,
      );
      expect(result).toEqual({ won: [true, false, true], deferred: [false, false, false] });
      expect(await auditedIn(workspaceId)).toEqual(['C0', 'C2']);

      const state = new OrmAuthorizationStatePort({ orm, vault, refreshMarginSeconds: 300 });
      expect((await state.read(seeded[0]!.connectionId)).tokens).toEqual(tokens('one-0', at));
      expect((await state.read(seeded[2]!.connectionId)).tokens).toEqual(tokens('one-2', at));
      const lost = await orm.em.fork().findOneOrFail(Authorization, { connectionId: seeded[1]!.connectionId });
      expect(lost).toMatchObject({ version: 2, leaseOwner: 'me', accessTokenEnvelope: null, lastRefreshedAt: null });
    });

    it('in one statement: leaves the rows of a workspace with an enabled webhook to the caller (deferred), writes the others', async () => {
      const [hooked, disabled, plain] = [randomUUID(), randomUUID(), randomUUID()];
      const em = orm.em.fork();
      em.create(Webhook, { workspaceId: hooked, url: 'https://example.test/hook', events: [], secretEnvelope: 'x' });
      em.create(Webhook, { workspaceId: disabled, url: 'https://example.test/hook', events: [], secretEnvelope: 'x', enabled: false });
      await em.flush();
      const at = new Date(Math.floor(Date.now() / 1000) * 1000);
      const writes = [
        ...writesOf(hooked, await seed(hooked, [{}]), at),
        ...writesOf(disabled, await seed(disabled, [{}]), at),
        ...writesOf(plain, await seed(plain, [{}]), at),
      ];
      const audit = new AuditService();
      const sql = createRawSql(orm, kind);
      const result = await writeRefreshedInOneStatement(sql, vault, writes, audit.rowsOf(kind, eventsOf(writes), at), true);
      expect(result).toEqual({ won: [false, true, true], deferred: [true, false, false] });
      const hookedRow = await orm.em.fork().findOneOrFail(Authorization, { connectionId: writes[0]!.connectionId });
      expect(hookedRow).toMatchObject({ version: 1, leaseOwner: 'me', accessTokenEnvelope: null });
      expect([await auditedIn(hooked), await auditedIn(disabled), await auditedIn(plain)]).toEqual([[], ['C1'], ['C2']]);

      // Without an outbox there are no deliveries to stage: the webhook's workspace is written too.
      const again = await writeRefreshedInOneStatement(
        sql,
        vault,
        writes.slice(0, 1),
        audit.rowsOf(kind, eventsOf(writes.slice(0, 1)), at),
        false,
      );
      expect(again).toEqual({ won: [true], deferred: [false] });
      expect(await auditedIn(hooked)).toEqual(['C0']);
    });

    it('in one statement: a failure part-way writes nothing, and the same call succeeds when run again', async () => {
      const workspaceId = randomUUID();
      const seeded = await seed(workspaceId, [{}, {}]);
      const at = new Date(Math.floor(Date.now() / 1000) * 1000);
      const writes = writesOf(workspaceId, seeded, at);
      const rows = new AuditService().rowsOf(kind, eventsOf(writes), at);
      const connection = orm.em.getConnection();
      // The audit INSERT (after both UPDATEs) fails once, transiently.
      await connection.execute(`create sequence gk_fail_audit_once`);
      await connection.execute(`create function gk_fail_audit_once() returns trigger language plpgsql as $$
        begin
          if nextval('gk_fail_audit_once') = 1 then raise exception 'deadlock detected' using errcode = '40P01'; end if;
          return new;
        end $$`);
      await connection.execute(`create trigger gk_fail_audit_once before insert on audit_events for each row
        when (new.workspace_id = '${workspaceId}') execute function gk_fail_audit_once()`);
      try {
        const sql = createRawSql(orm, kind);
        await expect(writeRefreshedInOneStatement(sql, vault, writes, rows, true)).rejects.toMatchObject({ code: '40P01' });
        const untouched = await orm.em.fork().find(Authorization, { workspaceId });
        expect(untouched.map((row) => [row.version, row.leaseOwner])).toEqual([
          [1, 'me'],
          [1, 'me'],
        ]);
        expect(await auditedIn(workspaceId)).toEqual([]);

        expect(await writeRefreshedInOneStatement(sql, vault, writes, rows, true)).toEqual({ won: [true, true], deferred: [false, false] });
        expect(await auditedIn(workspaceId)).toEqual(['C0', 'C1']);
      } finally {
        await connection.execute(`drop trigger gk_fail_audit_once on audit_events`);
        await connection.execute(`drop function gk_fail_audit_once`);
        await connection.execute(`drop sequence gk_fail_audit_once`);
      }
    });
  }
});
