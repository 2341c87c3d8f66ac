/**
 * What one SQLite row costs the server's thread as RawSql reads it (`node dist-bench/bench/sqlite-rows.js`
 * in apps/api): the refresher's claim reads each due authorization (25 columns) and its
 * connection (22), the webhook dispatcher its deliveries. RawSql reads rows as arrays and builds
 * each object from a literal made for the statement (`rowBuilder`); the baseline is better-sqlite3
 * building the objects itself, as RawSql did before. Both run the same statements on the same
 * connection of a temp database with BENCH_ROWS_TOTAL (20,000) seeded authorizations, alternating
 * in BENCH_ROWS_ROUNDS (5) rounds of 400 reads of 50 rows per statement; printed: the median CPU
 * per row of each, and their ratio.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createRawSql, sqlitePrepared, type SqliteDatabase } from '../persistence/raw-sql.js';
import { seedAppBacklog } from '../testing/seed-backlog.js';

const TOTAL = Number(process.env.BENCH_ROWS_TOTAL ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROWS_ROUNDS ?? 5);
const READS = 400;
const LIMIT = 50;

interface KnexPool {
  client: { acquireConnection(): Promise<SqliteDatabase>; releaseConnection(connection: SqliteDatabase): Promise<unknown> };
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** CPU µs per row of `READS` reads. */
function perRow(read: () => unknown[]): number {
  const started = process.cpuUsage();
  let rows = 0;
  for (let i = 0; i < READS; i += 1) rows += read().length;
  const used = process.cpuUsage(started);
  return (used.user + used.system) / rows;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gk-bench-rows-'));
  const config = loadConfig({ DATA_DIR: dataDir, MASTER_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn', PORT: '0' });
  const app = await createApp(config);
  try {
    await seedAppBacklog(app, {
      total: TOTAL,
      due: TOTAL,
      tokenEndpoint: () => 'http://127.0.0.1:9/provider/token',
      register: () => undefined,
    });
    const sql = createRawSql(app.orm, 'sqlite');
    const ids = (await sql.all<{ id: string }>('select id from connections limit ?', [LIMIT])).map((row) => row.id);
    const statements = [
      {
        name: 'authorizations (select *, 25 columns)',
        sql: 'select * from authorizations order by next_refresh_at limit ?',
        params: [LIMIT],
      },
      {
        name: 'connections (select *, 22 columns)',
        sql: 'select * from connections where id in (select value from json_each(?))',
        params: [JSON.stringify(ids)],
      },
    ];
    // Both on the ORM's (single) connection, held meanwhile: better-sqlite3's own objects, and RawSql's statements.
    const pool = (app.orm.em.getConnection() as unknown as { getKnex(): KnexPool }).getKnex();
    const connection = await pool.client.acquireConnection();
    console.log(
      `SQLite rows: ${ROUNDS} alternating rounds of ${READS} reads of ${LIMIT} rows per statement, ${TOTAL.toLocaleString('en-US')} rows seeded`,
    );
    console.log('median CPU per row                         objects by better-sqlite3   RawSql (arrays + rowBuilder)   ratio');
    for (const statement of statements) {
      const before: number[] = [];
      const after: number[] = [];
      const objects = connection.prepare(statement.sql);
      const arrays = sqlitePrepared(connection, statement.sql);
      for (let round = 0; round < ROUNDS; round += 1) {
        before.push(perRow(() => objects.all(...statement.params)));
        after.push(perRow(() => arrays.all(statement.params)));
      }
      const [b, a] = [median(before), median(after)];
      console.log(
        `${statement.name.padEnd(42)} ${`${fmt(b)} µs`.padStart(25)} ${`${fmt(a)} µs`.padStart(30)} ${`${fmt(a / b, 2)}x`.padStart(7)}`,
      );
    }
    await pool.client.releaseConnection(connection);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
