/**
 * The MikroORM instance: SQLite (better-sqlite3, one file in DATA_DIR, WAL) by default,
 * PostgreSQL when DATABASE_URL is a postgres URL. Schema changes happen only through the
 * versioned migrations (never schema auto-update or dropSchema at boot).
 *
 * Start time: the PostgreSQL driver is imported only for PostgreSQL, and the migrator (umzug
 * and its CLI dependencies) only when a migration is pending (see `pendingMigrations`).
 */
import 'reflect-metadata';
import { MikroORM, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import type { DatabaseConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { entities } from './entities/index.js';
import { anyMigrationPending } from './migration-check.js';

export type Orm = MikroORM;

/** How long a SQLite writer waits for another process's write lock before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * WAL pages (4 KiB) written before a commit checkpoints them into the database file: 40 MiB
 * instead of SQLite's 4 MiB. A checkpoint copies each page once, its latest version, so with
 * the same hot pages rewritten by many small commits (the webhook dispatcher's claims and
 * outcomes) a longer WAL means far fewer page copies inside those commits.
 */
const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 10_000;

interface SqliteHandle {
  pragma(source: string): unknown;
}

const MIGRATIONS = { snapshot: false, transactional: true, allOrNothing: true, tableName: 'mikro_orm_migrations' };

/** `driver`: the PostgreSQL driver class for PostgreSQL (imported by the caller when needed). */
export function ormOptions(database: DatabaseConfig, logger?: Logger, driver?: Options['driver']): Options {
  const common: Options = {
    entities,
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ensureDatabase: false,
    debug: false,
    logger: (message: string) => logger?.debug({ orm: message }, 'orm'),
  };
  if (database.kind === 'postgres') {
    return {
      ...common,
      driver,
      clientUrl: database.url,
      pool: { min: 0, max: 10 },
      migrations: MIGRATIONS,
    };
  }
  return {
    ...common,
    driver: BetterSqliteDriver,
    dbName: database.path,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteHandle, done: (err: Error | null, conn: SqliteHandle) => void) {
        try {
          conn.pragma('journal_mode = WAL');
          conn.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
          conn.pragma('synchronous = NORMAL');
          conn.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`);
          conn.pragma('foreign_keys = ON');
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
    migrations: MIGRATIONS,
  };
}

/** A single-quoted SQL literal ('' escapes a quote inside it). */
const SQL_STRING_LITERAL = /'(?:[^']|'')*'/g;

/** The text with every SQL string literal replaced by `'?'`. */
export function redactSqlLiterals(text: string): string {
  return text.replace(SQL_STRING_LITERAL, "'?'");
}

interface KnexEvents {
  client: { on(event: 'query-error', listener: (err: unknown) => void): unknown };
}

/**
 * knex puts a failed query in front of the driver's error message with its values inlined (an
 * API key hash, an email, a token's ciphertext), and from there the SQL reaches every log line
 * and stack that quotes the error. Its `query-error` event fires after that and before the error
 * is thrown (and wrapped by MikroORM): the one place to take the values out.
 */
function redactQueryErrors(orm: Orm): void {
  const knex = (orm.em.getConnection() as unknown as { getKnex(): KnexEvents }).getKnex();
  knex.client.on('query-error', (err) => {
    if (err instanceof Error) err.message = redactSqlLiterals(err.message);
  });
}

/** Connect (no schema change). Call {@link migrate} before use. */
export async function createOrm(database: DatabaseConfig, logger?: Logger): Promise<Orm> {
  const driver = database.kind === 'postgres' ? (await import('@mikro-orm/postgresql')).PostgreSqlDriver : undefined;
  const orm = await MikroORM.init(ormOptions(database, logger, driver));
  redactQueryErrors(orm);
  return orm;
}

/** Arbitrary constant naming Grantkeeper's migration lock (PostgreSQL advisory lock). */
const MIGRATION_LOCK_KEY = 726_431_902;

interface PgClient {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

interface KnexPool {
  client: { acquireConnection(): Promise<PgClient>; releaseConnection(conn: PgClient): Promise<void> };
}

/**
 * Apply every pending migration; returns the names applied. Instances that boot at the same
 * time take turns: on PostgreSQL a session advisory lock serialises them; on SQLite a writer
 * that lost the race retries and finds nothing left to do.
 */
export async function migrate(orm: Orm): Promise<string[]> {
  const sqlite = orm.config.get('driver') === BetterSqliteDriver;
  if (!(await anyMigrationPending(orm, sqlite ? 'sqlite' : 'postgres'))) return [];
  const migrator = await loadMigrator(orm, sqlite);
  const run = async () => (await migrator.up()).map((m) => m.name);
  if (sqlite) {
    // A process that lost the race fails on "already exists" and rolls back; its retry finds
    // the migrations recorded.
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }
  const knex = (orm.em.getConnection() as unknown as { getKnex(): KnexPool }).getKnex();
  const conn = await knex.client.acquireConnection();
  try {
    await conn.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await run();
    } finally {
      await conn.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

/** The migrator with this dialect's migrations, e.g. to migrate only up to a given one in a test. */
export function migratorOf(orm: Orm) {
  return loadMigrator(orm, orm.config.get('driver') === BetterSqliteDriver);
}

/** The migrator with this dialect's migrations (registered once per ORM). */
async function loadMigrator(orm: Orm, sqlite: boolean) {
  const [{ Migrator }, lists] = await Promise.all([import('@mikro-orm/migrations'), import('./migrations/index.js')]);
  if (!orm.config.getExtension('@mikro-orm/migrator')) {
    const migrationsList = sqlite ? lists.sqliteMigrations : lists.postgresMigrations;
    orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList });
    Migrator.register(orm);
  }
  return orm.getMigrator();
}

/** True when a trivial query succeeds within `timeoutMs` (for /readyz). */
export async function isDatabaseReachable(orm: Orm, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = orm.em
    .getConnection()
    .execute('select 1', [], 'get')
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
