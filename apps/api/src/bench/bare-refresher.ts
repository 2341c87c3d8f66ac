/**
 * The floor under the refresher bench's target (`node dist-bench/bench/bare-refresher.js` in
 * apps/api): the barest refresher of the same backlog (`bare-refresher-child.ts`: claim, grant,
 * group commit, nothing else) against the same raw loop, on each database. As `bare-proxy.ts` is
 * for /proxy, it shows how much of the raw loop any refresher in Node can reach on this machine,
 * where the refresher, its database and the token endpoint share the cores while the raw loop
 * is one process. Seeds BENCH_REFRESH_TOTAL (100,000) rows of one small table, BENCH_REFRESH_DUE
 * (10,000) of them due, and prints per dialect the rate from the child's ready to its done, the
 * ratio to the raw windows' median (BENCH_RAW_WINDOWS before and after), the child's CPU per
 * refresh and, on PostgreSQL, the backends'. BENCH_REFRESH_DIALECTS picks the databases.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { createOrm } from '../persistence/orm.js';
import { createRawSql } from '../persistence/raw-sql.js';
import { startTokenEndpoint, type TokenEndpoint } from '../testing/token-endpoint.js';
import { cpuMs, databaseCpu, databaseCpuBetween, openDatabase, type Database } from './bench-database.js';
import { rawWindows, spreadOf, warmUp } from './raw-windows.js';

const TOTAL = Number(process.env.BENCH_REFRESH_TOTAL ?? 100_000);
const DUE = Number(process.env.BENCH_REFRESH_DUE ?? 10_000);
const DIALECTS = (process.env.BENCH_REFRESH_DIALECTS ?? 'sqlite,postgres').split(',').filter(Boolean);
const RAW_WINDOWS = Number(process.env.BENCH_RAW_WINDOWS ?? 3);
const SEED_BATCH = 1_000;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The table, 100,000 rows of it (the due ones first in time), their tokens registered at the endpoint. */
async function seed(database: Database, endpoint: TokenEndpoint): Promise<void> {
  const config = loadConfig(database.env);
  const orm = await createOrm(config.database);
  try {
    const sql = createRawSql(orm, config.database.kind);
    const postgres = sql.kind === 'postgres';
    const timeType = postgres ? 'timestamptz' : 'integer';
    await sql.run(
      `create table bare (id varchar(36) primary key, refresh_token text not null, version int not null, next_at ${timeType} not null, lease_until ${timeType})`,
      [],
    );
    await sql.run('create index bare_next_at on bare (next_at)', []);
    // The product's audit_events, for BARE_AUDIT=1.
    await sql.run(
      `create table bare_audit (id varchar(36) primary key, workspace_id varchar(36) not null, connection_id varchar(36), connection_code varchar(50) not null, ` +
        `type varchar(40) not null, outcome varchar(10) not null, actor varchar(320), at ${timeType} not null, message varchar(2000) not null, details ${postgres ? 'jsonb' : 'text'})`,
      [],
    );
    await sql.run('create index bare_audit_workspace_at on bare_audit (workspace_id, at)', []);
    await sql.run('create index bare_audit_workspace_code_at on bare_audit (workspace_id, connection_code, at)', []);
    const now = Date.now();
    const later = now + 3_600_000;
    for (let start = 0; start < TOTAL; start += SEED_BATCH) {
      const rows = Array.from({ length: Math.min(SEED_BATCH, TOTAL - start) }, (_, i) => {
        const n = start + i;
        const dueAt = n < DUE ? now - DUE + n : later + n;
        return [`row-${n}`, `bare-${n}-${now}`, dueAt] as const;
      });
      for (const [, token] of rows.slice(0, Math.max(0, DUE - start))) endpoint.register(token, new Date(later));
      if (postgres) {
        await sql.run(
          'insert into bare (id, refresh_token, version, next_at) select id, t, 0, to_timestamp(at / 1000.0) from unnest(?::varchar[], ?::text[], ?::float8[]) as u(id, t, at)',
          [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
        );
      } else {
        await sql.runEach(
          'insert into bare (id, refresh_token, version, next_at) values (?, ?, 0, ?)',
          rows.map((r) => [...r]),
        );
      }
    }
    if (postgres) await sql.run('analyze bare', []);
  } finally {
    await orm.close(true);
  }
}

interface BareDrain {
  rate: number;
  cpuPerRefresh: number;
  databaseCpuPerRefresh: number;
  reused: number;
}

async function timeBareDrain(database: Database, endpoint: TokenEndpoint): Promise<BareDrain> {
  const config = loadConfig(database.env);
  const reusedBefore = endpoint.reused;
  const child = spawn(process.execPath, [fileURLToPath(new URL('./bare-refresher-child.js', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...database.env, BARE_TOKEN_URL: `${endpoint.url}/bare/token` },
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if ((await lines.next()).value !== 'ready') throw new Error('bare refresher did not start');
  const orm = await createOrm(config.database);
  try {
    const cpuAtStart = await cpuMs(child.pid!);
    const databaseAtStart = await databaseCpu(orm, config.database.kind);
    const started = performance.now();
    const done = String((await lines.next()).value ?? '');
    const elapsed = (performance.now() - started) / 1000;
    const refreshed = Number(/^done (\d+)$/.exec(done)?.[1] ?? NaN);
    if (refreshed !== DUE) throw new Error(`bare refresher refreshed ${refreshed} of ${DUE}`);
    const cpu = (await cpuMs(child.pid!)) - cpuAtStart;
    const databaseUsed = databaseCpuBetween(databaseAtStart, await databaseCpu(orm, config.database.kind));
    return {
      rate: DUE / elapsed,
      cpuPerRefresh: cpu / DUE,
      databaseCpuPerRefresh: databaseUsed / DUE,
      reused: endpoint.reused - reusedBefore,
    };
  } finally {
    await orm.close(true);
    child.kill('SIGTERM');
    await exited;
  }
}

const endpoint = await startTokenEndpoint();
try {
  await warmUp(endpoint, 20_000);
  console.log('');
  console.log(`bare refresher (claim, grant, group commit; nothing else): ${fmt(DUE)} due among ${fmt(TOTAL)} rows, beside the raw loop`);
  for (const dialect of DIALECTS) {
    const database = await openDatabase(dialect);
    try {
      await seed(database, endpoint);
      const before = await rawWindows(endpoint, RAW_WINDOWS, 3);
      const drained = await timeBareDrain(database, endpoint);
      const after = await rawWindows(endpoint, RAW_WINDOWS, 3);
      const raw = spreadOf([...before, ...after]);
      console.log(
        `${dialect.padEnd(9)} ${fmt(drained.rate).padStart(7)} refreshes/s  ${fmt(drained.rate / raw.median, 2)}x raw (median ${fmt(raw.median)}/s)  ` +
          `bare refresher CPU ${fmt(drained.cpuPerRefresh, 2)} ms/refresh` +
          (Number.isNaN(drained.databaseCpuPerRefresh) ? '' : `  PostgreSQL backends ${fmt(drained.databaseCpuPerRefresh, 2)} ms/refresh`) +
          `  reused ${drained.reused}`,
      );
    } finally {
      await database.drop();
    }
  }
} finally {
  await endpoint.close();
}
