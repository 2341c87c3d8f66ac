/**
 * The start-time fast path of `migrate`: the migration files are the migrations listed in
 * migrations/index.ts, a migrated database answers "nothing pending" without the migrator, and
 * a database that lacks one migration goes to the migrator.
 */
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases } from '../testing/databases.js';
import { anyMigrationPending, migrationFileNames } from './migration-check.js';
import { postgresMigrations, sqliteMigrations } from './migrations/index.js';
import { createOrm, migrate } from './orm.js';

describe('migration files', () => {
  it('are exactly the migrations listed for each dialect', async () => {
    expect((await migrationFileNames('sqlite')).sort()).toEqual(sqliteMigrations.map((m) => m.name).sort());
    expect((await migrationFileNames('postgres')).sort()).toEqual(postgresMigrations.map((m) => m.name).sort());
  });
});

describe.each(testDatabases())('pending migrations on %s', (kind) => {
  it('are found on a new database, none after migrate, and a missing one goes to the migrator', async () => {
    const db = await createTestDatabase(kind);
    const orm = await createOrm(db.database);
    try {
      expect(await anyMigrationPending(orm, kind)).toBe(true);
      expect((await migrate(orm)).length).toBe(sqliteMigrations.length);
      expect(await anyMigrationPending(orm, kind)).toBe(false);
      expect(await migrate(orm)).toEqual([]);

      const last = sqliteMigrations.at(-1)!.name;
      await orm.em.getConnection().execute(`delete from mikro_orm_migrations where name = '${last}'`);
      expect(await anyMigrationPending(orm, kind)).toBe(true);
      // Not skipped: the migrator runs it again, and its DDL fails on what already exists.
      await expect(migrate(orm)).rejects.toThrow();
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
