import { stat } from 'node:fs/promises';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { createOrm, migrate, type Orm } from './orm.js';
import { SqliteCheckpoints } from './sqlite-checkpoints.js';

const logger = pino({ level: 'silent' });
const ROWS = 400;

describe('SQLite checkpoints off the event loop', () => {
  let db: TestDatabase;
  let orm: Orm;
  let checkpoints: SqliteCheckpoints | undefined;

  afterEach(async () => {
    await checkpoints?.stop();
    await orm.close(true);
    await db.drop();
  });

  /** A migrated database with about 1.6 MB just committed to its WAL (far below wal_autocheckpoint). */
  async function writtenDatabase(): Promise<{ path: string; fileSize: number }> {
    db = await createTestDatabase('sqlite');
    orm = await createOrm(db.database);
    await migrate(orm);
    const connection = orm.em.getConnection();
    await connection.execute('create table scratch (id integer primary key, body text not null)');
    for (let i = 0; i < ROWS; i += 1) await connection.execute('insert into scratch (body) values (?)', ['x'.repeat(4_000)]);
    const path = db.database.kind === 'sqlite' ? db.database.path : '';
    return { path, fileSize: (await stat(path)).size };
  }

  it('copies the WAL into the database file from a worker once the WAL has grown, and loses nothing', async () => {
    const { path, fileSize } = await writtenDatabase();
    expect((await stat(`${path}-wal`)).size).toBeGreaterThan(1_000_000);
    checkpoints = new SqliteCheckpoints(path, logger, { startAtWalBytes: 1_000_000, watchMs: 60_000, intervalMs: 10 });
    checkpoints.start();
    await checkpoints.checkWal();
    expect(checkpoints.running).toBe(true);
    // Only a checkpoint writes pages into the database file itself; the server's connection ran none.
    await vi.waitFor(async () => expect((await stat(path)).size).toBeGreaterThan(fileSize + 1_000_000), { timeout: 10_000, interval: 20 });

    await checkpoints.stop();
    expect(checkpoints.running).toBe(false);
    const [{ n }] = await orm.em.getConnection().execute<{ n: number }[]>('select count(*) as n from scratch');
    expect(n).toBe(ROWS);
  });

  it('starts no worker while the WAL is below the threshold', async () => {
    const { path, fileSize } = await writtenDatabase();
    checkpoints = new SqliteCheckpoints(path, logger, { startAtWalBytes: 64 * 1024 * 1024, watchMs: 60_000, intervalMs: 10 });
    checkpoints.start();
    await checkpoints.checkWal();
    expect(checkpoints.running).toBe(false);
    expect((await stat(path)).size).toBe(fileSize);
  });
});
