/**
 * RawSql's one-round-trip statements: on PostgreSQL its parameters are inlined as literals, so
 * quotes and backslashes must arrive unchanged, a Date as the same instant, and a failed
 * statement must leave the connection outside any transaction. A setting a statement makes for
 * its own transaction (the webhook outcomes' `synchronous_commit = off`) must not outlive it on
 * the pooled connection.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { createOrm, migrate, type Orm } from './orm.js';
import { createRawSql, type RawSql } from './raw-sql.js';

describe.each(testDatabases())('raw SQL in one round trip on %s', (kind) => {
  let db: TestDatabase;
  let orm: Orm;
  let sql: RawSql;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orm = await createOrm(db.database);
    await migrate(orm);
    sql = createRawSql(orm, kind);
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const setLocal = kind === 'postgres' ? 'set local enable_sort = off' : '';

  it('passes strings, numbers, null and dates through unchanged', async () => {
    const text = `it's a \\ back'slash''; -- not a comment`;
    const at = new Date('2026-12-01T12:34:56.789Z');
    const time = kind === 'postgres' ? at : at.getTime();
    const [row] = await sql.allInOneTrip<{ text: string; n: number | string; none: null; at: Date | number }>(
      'select ? as text, ? as n, ? as none, ? as at',
      [text, 42, null, time],
      setLocal,
    );
    expect(row?.text).toBe(text);
    expect(Number(row?.n)).toBe(42);
    expect(row?.none).toBeNull();
    expect(new Date(row?.at ?? 0).getTime()).toBe(at.getTime());
  });

  it('returns the rows of each statement in order, from one transaction', async () => {
    // PostgreSQL also inlines arrays (SQLite binds none).
    const list =
      kind === 'postgres'
        ? { sql: 'select unnest(?::varchar[]) as text', params: [[`it's`, null]] }
        : { sql: 'select ? as text union all select ? as text', params: [`it's`, null] };
    const [first, second] = await sql.allEachInOneTrip([{ sql: 'select ? as n', params: [7] }, list], setLocal);
    expect(first?.map((row) => Number((row as { n: number | string }).n))).toEqual([7]);
    expect(second).toEqual([{ text: `it's` }, { text: null }]);
  });

  it('leaves no transaction open after a failing statement', async () => {
    await expect(sql.allInOneTrip('select * from no_such_table where id = ?', ['x'], setLocal)).rejects.toThrow();
    const rows = await sql.all<{ one: number | string }>('select 1 as one', []);
    expect(rows.map((r) => Number(r.one))).toEqual([1]);
  });

  it('returns each row as an object keyed by column name, a later column of the same name winning', async () => {
    await sql.run('create table raw_rows (id integer primary key, name text, note text)', []);
    await sql.transaction((tx) =>
      tx.runMany('insert into raw_rows (id, name, note) values (?, ?, ?)', [
        [1, 'one', null],
        [2, 'two', 'x'],
      ]),
    );
    const rows = await sql.all<Record<string, unknown>>(
      'select id, name, note, name as "first name", note as name from raw_rows where id >= ? order by id',
      [1],
    );
    expect(rows).toEqual([
      { id: 1, name: null, note: null, 'first name': 'one' },
      { id: 2, name: 'x', note: 'x', 'first name': 'two' },
    ]);
    expect(Object.keys(rows[1]!)).toEqual(['id', 'name', 'note', 'first name']);
    const changed = await sql.transaction((tx) =>
      tx.all<{ id: number; note: string }>('update raw_rows set note = ? where id = ? returning id, note', ['y', 2]),
    );
    expect(changed).toEqual([{ id: 2, note: 'y' }]);
    expect(await sql.all('select id from raw_rows where id > ?', [9])).toEqual([]);
    expect(await sql.run('delete from raw_rows where id = ?', [1])).toBe(1);
    await sql.run('drop table raw_rows', []);
  });

  // PostgreSQL only (SQLite has no set_config): registered on that pass alone, so no run reports it skipped.
  if (kind === 'postgres') {
    it('keeps a set_config(…, true) made inside a statement to that statement', async () => {
      type Row = { pid: number; setting: string };
      const [inside] = await sql.all<Row>(
        `select pg_backend_pid() as pid, current_setting('synchronous_commit') as setting
       from (select set_config('synchronous_commit', 'off', true)) as no_flush`,
        [],
      );
      const [after] = await sql.all<Row>(`select pg_backend_pid() as pid, current_setting('synchronous_commit') as setting`, []);
      expect(inside?.setting).toBe('off');
      expect(after?.pid).toBe(inside?.pid); // the same pooled connection, so the check below means something
      expect(after?.setting).toBe('on');
    });
  }
});
