/**
 * The refresher's due query at 100,000 authorizations (10,000 due), and the claim built on it:
 * a range scan of the `next_refresh_at` index on both dialects, read from the database's own
 * plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN after ANALYZE on PostgreSQL), never a scan of the
 * whole table.
 */
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authorization } from '../persistence/entities/index.js';
import { newId } from '../persistence/entities/columns.js';
import { createOrm, migrate, type Orm } from '../persistence/orm.js';
import { createRawSql } from '../persistence/raw-sql.js';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { RefreshClaims } from './claims.js';
import { dueQuery } from './due-source.js';
import { nextDueStatement } from './next-due.js';

const ROWS = 100_000;
const DUE = 10_000;
const INDEX = 'authorizations_next_refresh_at_index';

async function seedRows(orm: Orm, now: number): Promise<void> {
  for (let start = 0; start < ROWS; start += 1_000) {
    const rows = Array.from({ length: 1_000 }, (_, k) => {
      const i = start + k;
      const nextRefreshAt = new Date(i < DUE ? now - 1_000 - i : now + 60_000 + i * 1_000);
      // A few failing, leased and unauthorized rows, as in a real table.
      return {
        id: newId(),
        workspaceId: 'w',
        connectionId: newId(),
        status: i % 50 === 0 ? ('REAUTHORIZATION_REQUIRED' as const) : ('AUTHORIZED' as const),
        grantedScopes: [],
        version: 1,
        refreshFailures: i % 97 === 0 ? 1 : 0,
        nextRetryAt: i % 97 === 0 ? new Date(now + 30_000) : null,
        leaseOwner: i % 89 === 0 ? 'elsewhere' : null,
        leaseExpiresAt: i % 89 === 0 ? new Date(now + 30_000) : null,
        nextRefreshAt,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      };
    });
    await orm.em.fork().insertMany(Authorization, rows);
  }
}

describe.each(testDatabases())('the due query on %s at 100,000 rows', (kind) => {
  let database: TestDatabase;
  let orm: Orm;
  const now = Date.now();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    orm = await createOrm(database.database);
    await migrate(orm);
    await seedRows(orm, now);
    if (kind === 'postgres') await orm.em.getConnection().execute('analyze authorizations');
  }, 120_000);

  afterAll(async () => {
    await orm?.close(true);
    await database?.drop();
  });

  /** The database's own plan of `sql` (values inlined), one line per step; printed for the log. */
  async function planOf(what: string, sql: string, params: readonly unknown[] = []): Promise<string> {
    const inlined = (orm.em as SqlEntityManager)
      .getKnex()
      .raw(sql, params as never[])
      .toQuery();
    const explain = kind === 'sqlite' ? `explain query plan ${inlined}` : `explain ${inlined}`;
    const rows: Record<string, unknown>[] = await orm.em.getConnection().execute(explain);
    const plan = rows.map((row) => String(row.detail ?? row['QUERY PLAN'])).join('\n');
    console.info(`${kind} ${what} plan:\n${plan}`);
    return plan;
  }

  it('reads the next_refresh_at index as a range, not the whole table', async () => {
    const plan = await planOf('due query', dueQuery(orm.em.fork(), new Date(now), 100).getFormattedQuery());
    if (kind === 'sqlite') {
      expect(plan).toMatch(new RegExp(`^SEARCH \\w+ USING INDEX ${INDEX} \\(next_refresh_at<\\?\\)$`));
      expect(plan).not.toMatch(/SCAN|USE TEMP B-TREE/);
    } else {
      expect(plan).toMatch(new RegExp(`Index Scan using ${INDEX} on authorizations`));
      expect(plan).toMatch(/Index Cond: \(next_refresh_at <= /);
      expect(plan).not.toMatch(/Seq Scan|Sort/);
    }
  });

  it('the claim (the due query that takes the leases) reads the same index range', async () => {
    const { sql, params } = new RefreshClaims(createRawSql(orm, kind), 'plan-check').statement(new Date(now), 100);
    const plan = await planOf('claim', sql, params);
    if (kind === 'sqlite') {
      expect(plan).toMatch(new RegExp(`SEARCH a USING INDEX ${INDEX} \\(next_refresh_at<\\?\\)`));
      expect(plan).not.toMatch(/SCAN a|USE TEMP B-TREE/);
    } else {
      expect(plan).toMatch(new RegExp(`Index Scan using ${INDEX} on authorizations a`));
      expect(plan).toMatch(/Index Cond: \(next_refresh_at <= /);
      expect(plan).not.toMatch(/Seq Scan on authorizations a|Sort/);
    }
  });

  it("the idle pass's next due time reads the next_refresh_at index and the partial next_retry_at index", async () => {
    const { sql, params } = nextDueStatement(kind, new Date(now), new Date(now));
    const plan = await planOf('next due', sql, params);
    if (kind === 'sqlite') {
      expect(plan).toMatch(new RegExp(`SEARCH a USING INDEX ${INDEX} \\(next_refresh_at>\\?\\)`));
      expect(plan).toMatch(/SEARCH a USING INDEX authorizations_next_retry_at_index \(next_retry_at>\?\)/);
      expect(plan).not.toMatch(/SCAN a|USE TEMP B-TREE/);
    } else {
      expect(plan).toMatch(new RegExp(`Index Scan using ${INDEX} on authorizations a`));
      expect(plan).toMatch(/Index Scan using authorizations_next_retry_at_index on authorizations a/);
      expect(plan).not.toMatch(/Seq Scan|Sort/);
    }
  });

  it('returns the earliest due rows that are not leased and not backing off', async () => {
    const rows = await dueQuery(orm.em.fork(), new Date(now), 100).execute<{ connectionId: string }[]>('all');
    expect(rows).toHaveLength(100);
    const stored = await orm.em.fork().find(Authorization, { connectionId: { $in: rows.map((r) => r.connectionId) } });
    for (const row of stored) {
      expect(row.status).toBe('AUTHORIZED');
      expect(row.nextRefreshAt!.getTime()).toBeLessThanOrEqual(now);
      expect(row.leaseOwner).toBeNull();
      expect(row.nextRetryAt).toBeNull();
    }
  });
});
