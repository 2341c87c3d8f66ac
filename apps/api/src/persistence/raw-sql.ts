/**
 * Plain-row SQL for hot paths (the webhook dispatcher, the refresher): a statement runs on a connection taken
 * from the ORM's own pool, so it waits for (and never runs inside) a transaction holding
 * SQLite's single connection, but skips MikroORM's query formatting and entity hydration.
 * SQLite statements are prepared once per connection, their rows read as arrays and built into
 * objects by a function made for the statement's columns (`rowBuilder`, at under half the CPU of
 * better-sqlite3's own objects). PostgreSQL statements are named by their text, so pg prepares
 * each once per connection. Placeholders are `?` in both dialects (no `?` may appear elsewhere in
 * the text); SQLite binds no Date or boolean: pass epoch milliseconds and 0/1.
 */
import { createHash } from 'node:crypto';
import type { DatabaseConfig } from '../config.js';
import type { Orm } from './orm.js';

/** Statements inside one transaction (`RawSql.transaction`), on the connection it holds. */
export interface RawTransaction {
  readonly kind: DatabaseConfig['kind'];
  /** The rows of one statement (a SELECT, or a write with RETURNING). */
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  /** A write without RETURNING: how many rows it changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  /** The same write once per parameter list, in order: how many rows each changed. */
  runMany(sql: string, paramLists: readonly (readonly unknown[])[]): Promise<number[]>;
}

export interface RawSql {
  readonly kind: DatabaseConfig['kind'];
  /** Runs `work` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(work: (tx: RawTransaction) => Promise<T>): Promise<T>;
  /**
   * The rows of one statement (a SELECT, or a write with RETURNING). PostgreSQL: `setLocal`
   * (fixed text such as `set local enable_sort = off`) runs first in the same transaction.
   */
  all<T>(sql: string, params: readonly unknown[], setLocal?: string): Promise<T[]>;
  /** A write without RETURNING, on its own: how many rows it changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  /** One statement per parameter list, all in one transaction; how many rows each changed. */
  runEach(sql: string, paramLists: readonly (readonly unknown[])[]): Promise<number[]>;
  /**
   * As `all` with `setLocal`, in one round trip: PostgreSQL gets `begin; setLocal; statement;
   * commit` as one simple query, the parameters inlined as literals (strings, finite numbers,
   * booleans, Dates and null only; no arrays), instead of three exchanges. SQLite: `all`.
   */
  allInOneTrip<T>(sql: string, params: readonly unknown[], setLocal: string): Promise<T[]>;
  /**
   * Several statements in one transaction, each one's rows in order. PostgreSQL: one round trip
   * as `allInOneTrip` (arrays of those values also inlined, as `ARRAY[…]`: cast them in the text);
   * SQLite: one transaction (one commit).
   */
  allEachInOneTrip(statements: readonly TripStatement[], setLocal: string): Promise<unknown[][]>;
}

export interface TripStatement {
  sql: string;
  params: readonly unknown[];
}

/** A PostgreSQL literal for one parameter; strings escaped by pg's own `escapeLiteral` (libpq's rules). */
function pgLiteral(client: PgClient, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return `ARRAY[${value.map((item: unknown) => pgLiteral(client, item)).join(', ')}]`;
  if (typeof value !== 'string') throw new TypeError('Only strings, finite numbers, booleans, Dates, null and their arrays are inlined.');
  return client.escapeLiteral(value);
}

interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
  raw(toggle: boolean): SqliteStatement;
  columns(): { name: string }[];
}
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  transaction<T>(work: () => T): () => T;
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
}
interface PgClient {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
  query(text: string): Promise<unknown>;
  escapeLiteral(value: string): string;
}
/** A simple query of several statements: one result per statement. */
type PgResults = { rows: unknown[] }[];
interface KnexPool<C> {
  client: { acquireConnection(): Promise<C>; releaseConnection(connection: C): Promise<unknown> };
}

async function withConnection<C, T>(pool: KnexPool<C>, work: (connection: C) => Promise<T> | T): Promise<T> {
  const connection = await pool.client.acquireConnection();
  try {
    return await work(connection);
  } finally {
    await pool.client.releaseConnection(connection);
  }
}

/** One prepared SQLite statement: its rows, or how many rows it changed. */
export interface SqlitePrepared {
  all(params: readonly unknown[]): unknown[];
  run(params: readonly unknown[]): number;
}

/**
 * A function that builds the object of one row from its values in column order, made once per
 * statement from its column names: better-sqlite3 builds each row's object property by property
 * through V8's API, at about twice the CPU of reading the row as an array (`raw`) and building
 * the object from a literal. Every row of a statement then has one shape. The same object as
 * better-sqlite3's: a later column of the same name wins; `__proto__` is an own property.
 */
export function rowBuilder(names: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
  const properties = names.map((name, i) => `${name === '__proto__' ? '["__proto__"]' : JSON.stringify(name)}: values[${i}]`);
  return new Function('values', `return { ${properties.join(', ')} };`) as (values: readonly unknown[]) => Record<string, unknown>;
}

/** A statement prepared on `db` as RawSql runs it (exported for `bench/sqlite-rows.ts`). */
export function sqlitePrepared(db: SqliteDatabase, sql: string): SqlitePrepared {
  const statement = db.prepare(sql);
  const run = (params: readonly unknown[]) => statement.run(...params).changes;
  // A statement without rows throws on `all` as before (better-sqlite3 says to use run()).
  if (!statement.reader) return { all: (params) => statement.all(...params), run };
  const toRow = rowBuilder(statement.columns().map((column) => column.name));
  statement.raw(true);
  return {
    all: (params) => {
      // Each row's array replaced in place by its object.
      const rows: unknown[] = statement.all(...params);
      for (let i = 0; i < rows.length; i += 1) rows[i] = toRow(rows[i] as unknown[]);
      return rows;
    },
    run,
  };
}

function sqliteRawSql(pool: KnexPool<SqliteDatabase>): RawSql {
  const prepared = new WeakMap<SqliteDatabase, Map<string, SqlitePrepared>>();
  const statement = (db: SqliteDatabase, sql: string): SqlitePrepared => {
    let cache = prepared.get(db);
    if (!cache) prepared.set(db, (cache = new Map()));
    let found = cache.get(sql);
    if (!found) cache.set(sql, (found = sqlitePrepared(db, sql)));
    return found;
  };
  const transaction: RawSql['transaction'] = (work) =>
    withConnection(pool, async (db) => {
      const tx: RawTransaction = {
        kind: 'sqlite',
        all: <T>(sql: string, params: readonly unknown[]) => Promise.resolve(statement(db, sql).all(params) as T[]),
        run: (sql, params) => Promise.resolve(statement(db, sql).run(params)),
        runMany: (sql, paramLists) => {
          const run = statement(db, sql);
          return Promise.resolve(paramLists.map((params) => run.run(params)));
        },
      };
      // IMMEDIATE: the write lock is taken here (busy_timeout applies), not on the first write.
      db.exec('begin immediate');
      try {
        const result = await work(tx);
        db.exec('commit');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('rollback');
        throw error;
      }
    });
  return {
    kind: 'sqlite',
    transaction,
    allEachInOneTrip: (statements) => transaction(async (tx) => Promise.all(statements.map(({ sql, params }) => tx.all(sql, params)))),
    all: <T>(sql: string, params: readonly unknown[]) => withConnection(pool, (db) => statement(db, sql).all(params) as T[]),
    allInOneTrip: <T>(sql: string, params: readonly unknown[]) => withConnection(pool, (db) => statement(db, sql).all(params) as T[]),
    run: (sql, params) => withConnection(pool, (db) => statement(db, sql).run(params)),
    runEach: (sql, paramLists) =>
      withConnection(pool, (db) => {
        const run = statement(db, sql);
        return db.transaction(() => paramLists.map((params) => run.run(params)))();
      }),
  };
}

/** `work` between BEGIN (followed by `begin`'s extra text, e.g. a `set local`) and COMMIT; ROLLBACK when it throws. */
async function pgTransaction<T>(client: PgClient, work: () => Promise<T>, begin = 'begin'): Promise<T> {
  await client.query(begin);
  try {
    const result = await work();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** `allEachInOneTrip` on PostgreSQL: `begin; setLocal; statements…; commit` as one simple query. */
async function pgAllEachInOneTrip(client: PgClient, statements: readonly TripStatement[], setLocal: string): Promise<unknown[][]> {
  const texts = statements.map(({ sql, params }) => {
    let n = 0;
    return sql.replace(/\?/g, () => pgLiteral(client, params[n++]));
  });
  try {
    const results = (await client.query(`begin; ${setLocal}; ${texts.join('; ')}; commit`)) as PgResults;
    // Skip `begin` and the settings' results (one per statement in `setLocal`), drop `commit`'s.
    return results.slice(results.length - 1 - statements.length, results.length - 1).map((result) => result.rows);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

function postgresRawSql(pool: KnexPool<PgClient>): RawSql {
  const names = new Map<string, { name: string; text: string }>();
  const named = (sql: string) => {
    let found = names.get(sql);
    if (!found) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      // Named by its text, so every RawSql over the pool shares one prepared statement per text.
      names.set(sql, (found = { name: `gk_raw_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text }));
    }
    return found;
  };
  const statements = (client: PgClient): RawTransaction => {
    const run = async (sql: string, values: readonly unknown[]) => (await client.query({ ...named(sql), values })).rowCount ?? 0;
    return {
      kind: 'postgres',
      all: async <T>(sql: string, values: readonly unknown[]) => (await client.query({ ...named(sql), values })).rows as T[],
      run,
      runMany: async (sql, paramLists) => {
        const changed: number[] = [];
        for (const values of paramLists) changed.push(await run(sql, values));
        return changed;
      },
    };
  };
  return {
    kind: 'postgres',
    transaction: (work) => withConnection(pool, (client) => pgTransaction(client, () => work(statements(client)))),
    all: <T>(sql: string, params: readonly unknown[], setLocal?: string) =>
      withConnection(pool, (client) =>
        setLocal
          ? pgTransaction(client, () => statements(client).all<T>(sql, params), `begin; ${setLocal}`)
          : statements(client).all<T>(sql, params),
      ),
    allInOneTrip: async <T>(sql: string, params: readonly unknown[], setLocal: string) =>
      ((await withConnection(pool, (client) => pgAllEachInOneTrip(client, [{ sql, params }], setLocal)))[0] ?? []) as T[],
    allEachInOneTrip: (statements, setLocal) => withConnection(pool, (client) => pgAllEachInOneTrip(client, statements, setLocal)),
    run: (sql, params) => withConnection(pool, (client) => statements(client).run(sql, params)),
    runEach: (sql, paramLists) =>
      withConnection(pool, (client) => pgTransaction(client, () => statements(client).runMany(sql, paramLists))),
  };
}

export function createRawSql(orm: Orm, kind: DatabaseConfig['kind']): RawSql {
  const pool = (orm.em.getConnection() as unknown as { getKnex(): KnexPool<never> }).getKnex();
  return kind === 'postgres' ? postgresRawSql(pool as KnexPool<PgClient>) : sqliteRawSql(pool as KnexPool<SqliteDatabase>);
}
