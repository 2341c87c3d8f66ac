/**
 * The start-time fast path of `migrate`: are all of this dialect's migrations recorded in
 * `mikro_orm_migrations` already? Answered from the migration files (one file per migration,
 * named as the migration, in src/ or dist/ persistence/migrations/<dialect>: the bundled server
 * reads the compiled files beside it; a test holds the lists in migrations/index.ts to the same
 * names) and one query, without loading the migrator. Any doubt (no table, a
 * query error, no files found) answers "pending", and the migrator decides.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { codeDir } from '../package-info.js';

const MIGRATION_FILE = /^(Migration\d+_\w+)\.(?:js|ts)$/;

/** The names of the migration files of a dialect (compiled `.js`, or `.ts` under vitest). */
export async function migrationFileNames(dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  const files = await readdir(join(codeDir, 'persistence', 'migrations', dialect));
  return files.flatMap((file) => {
    const match = MIGRATION_FILE.exec(file);
    return match ? [match[1]!] : [];
  });
}

export async function anyMigrationPending(orm: MikroORM, dialect: 'sqlite' | 'postgres'): Promise<boolean> {
  try {
    const names = await migrationFileNames(dialect);
    if (names.length === 0) return true;
    const rows = (await orm.em.getConnection().execute('select name from mikro_orm_migrations', [], 'all')) as { name: string }[];
    const applied = new Set(rows.map((row) => row.name));
    return names.some((name) => !applied.has(name));
  } catch {
    return true;
  }
}
