/**
 * What the refresher benches share (`refresher.js`, `bare-refresher.js`): a fresh database per
 * run (a SQLite data directory, or a PostgreSQL database created and dropped), and the CPU and
 * memory of a process (and of PostgreSQL's backends) read from /proc.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex } from '@mikro-orm/postgresql';
import type { Orm } from '../persistence/orm.js';

const POSTGRES_ADMIN_URL = process.env.GK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Database {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function openDatabase(dialect: string): Promise<Database> {
  const dataDir = await mkdtemp(join(tmpdir(), 'refresher-bench-'));
  const base = { DATA_DIR: dataDir, MASTER_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' };
  if (dialect === 'sqlite') return { env: base, drop: () => rm(dataDir, { recursive: true, force: true }) };
  const name = `refresher_bench_${randomBytes(4).toString('hex')}`;
  const admin = () => knex({ client: 'pg', connection: POSTGRES_ADMIN_URL, pool: { min: 0, max: 1 } });
  const db = admin();
  await db.raw(`create database "${name}"`).finally(() => db.destroy());
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { ...base, DATABASE_URL: url.toString() },
    async drop() {
      const dropper = admin();
      await dropper.raw(`drop database if exists "${name}" with (force)`).finally(() => dropper.destroy());
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * CPU time (user + system) the process (or, with `thread`, its main thread alone: GC helpers and
 * other threads run beside it) has used so far, in ms (clock ticks of 10 ms).
 */
export async function cpuMs(pid: number, thread = false): Promise<number> {
  const stat = await readFile(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * PostgreSQL (local): CPU time so far of each backend serving the bench database other than the
 * bench's own connection, by pid (its /proc stat); an empty map on SQLite.
 */
export async function databaseCpu(orm: Orm, kind: string): Promise<Map<number, number>> {
  const cpu = new Map<number, number>();
  if (kind !== 'postgres') return cpu;
  const rows: { pid: number }[] = await orm.em
    .getConnection()
    .execute('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  for (const { pid } of rows) cpu.set(pid, await cpuMs(pid).catch(() => NaN));
  return cpu;
}

/** CPU the backends used between two `databaseCpu` readings (a backend new in `after` counts from 0). */
export function databaseCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return after.size === 0 ? NaN : ms;
}
