/**
 * The idle pass's next due time on both dialects, on the raw statement: the earliest next refresh
 * of a row not backing off, or the earliest retry of one backing off, later than the pass's
 * start; rows already due then, leased rows and rows not AUTHORIZED do not count.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Authorization } from '../persistence/entities/index.js';
import { newId } from '../persistence/entities/columns.js';
import { createOrm, migrate, type Orm } from '../persistence/orm.js';
import { createRawSql, type RawSql } from '../persistence/raw-sql.js';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { nextDueAfter } from './next-due.js';

const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

type Overrides = Partial<Pick<Authorization, 'status' | 'nextRefreshAt' | 'nextRetryAt' | 'leaseOwner' | 'leaseExpiresAt'>>;

const row = (overrides: Overrides) => ({
  id: newId(),
  workspaceId: 'w',
  connectionId: newId(),
  status: 'AUTHORIZED' as const,
  grantedScopes: [],
  version: 1,
  refreshFailures: overrides.nextRetryAt ? 1 : 0,
  nextRefreshAt: null,
  nextRetryAt: null,
  createdAt: now,
  updatedAt: now,
  ...overrides,
});

describe.each(testDatabases())('the next due time (%s)', (kind) => {
  let database: TestDatabase;
  let orm: Orm;
  let sql: RawSql;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    orm = await createOrm(database.database);
    await migrate(orm);
    sql = createRawSql(orm, kind);
  });

  beforeEach(async () => {
    await orm.em.fork().nativeDelete(Authorization, {});
  });

  afterAll(async () => {
    await orm?.close(true);
    await database?.drop();
  });

  const insert = (rows: Overrides[]) => orm.em.fork().insertMany(Authorization, rows.map(row));

  it('is null when nothing is scheduled later', async () => {
    await insert([{ nextRefreshAt: at(-5_000) }, { nextRefreshAt: null }]);
    expect(await nextDueAfter(sql, now, now)).toBeNull();
  });

  it('is the earliest next refresh after the pass started, skipping leased and unauthorized rows', async () => {
    await insert([
      { nextRefreshAt: at(-1_000) },
      { nextRefreshAt: at(10_000), leaseOwner: 'elsewhere', leaseExpiresAt: at(30_000) },
      { nextRefreshAt: at(20_000), status: 'REAUTHORIZATION_REQUIRED' },
      { nextRefreshAt: at(40_000), leaseOwner: 'expired', leaseExpiresAt: at(-1) },
      { nextRefreshAt: at(50_000) },
    ]);
    expect(await nextDueAfter(sql, now, now)).toEqual(at(40_000));
  });

  it('is a retry when it comes first, and a row backing off is due at its retry, not its next refresh', async () => {
    await insert([
      { nextRefreshAt: at(5_000), nextRetryAt: at(25_000) },
      { nextRefreshAt: at(-60_000), nextRetryAt: at(15_000), leaseOwner: 'elsewhere', leaseExpiresAt: at(30_000) },
      { nextRefreshAt: at(30_000) },
    ]);
    expect(await nextDueAfter(sql, now, now)).toEqual(at(25_000));
    await insert([{ nextRefreshAt: at(-60_000), nextRetryAt: at(12_000) }]);
    expect(await nextDueAfter(sql, now, now)).toEqual(at(12_000));
  });

  it('counts a row whose retry passed before the pass started at its next refresh', async () => {
    await insert([{ nextRefreshAt: at(8_000), nextRetryAt: at(-2_000) }, { nextRefreshAt: at(9_000) }]);
    expect(await nextDueAfter(sql, now, now)).toEqual(at(8_000));
  });
});
