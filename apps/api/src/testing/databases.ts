/**
 * Throw-away databases for integration tests: a SQLite file in a fresh temp directory, or a
 * fresh randomly named PostgreSQL database on the local server (dropped afterwards). PostgreSQL
 * is always available where these tests run; a missing server fails the test, never skips it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex } from '@mikro-orm/postgresql';
import type { DatabaseConfig } from '../config.js';

export type TestDatabaseKind = 'sqlite' | 'postgres';

/** The admin connection used to create and drop test databases. */
export const POSTGRES_ADMIN_URL = process.env.GK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Every database kind the suite runs against, for `describe.each(testDatabases())`. */
export function testDatabases(): TestDatabaseKind[] {
  return ['sqlite', 'postgres'];
}

export interface TestDatabase {
  kind: TestDatabaseKind;
  database: DatabaseConfig;
  /** DATABASE_URL for this database (sqlite: `sqlite:<path>`). */
  url: string;
  /**
   * Shared by every server started on this database, so two instances agree: the master key
   * (base64) and the bootstrap admin's password.
   */
  masterKey: string;
  adminPassword: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (db: ReturnType<typeof knex>) => Promise<T>): Promise<T> {
  const db = knex({ client: 'pg', connection: POSTGRES_ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const masterKey = randomBytes(32).toString('base64');
  const adminPassword = `pw-${randomBytes(12).toString('base64url')}`;
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'gk-sqlite-'));
    const path = join(dir, 'grantkeeper.sqlite');
    return {
      kind,
      database: { kind: 'sqlite', path },
      url: `sqlite:${path}`,
      masterKey,
      adminPassword,
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `gk_test_${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
  await withAdmin((db) => db.raw(`create database "${name}"`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    kind,
    database: { kind: 'postgres', url: url.toString() },
    url: url.toString(),
    masterKey,
    adminPassword,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((db) => db.raw(`drop database if exists "${name}" with (force)`));
    },
  };
}
