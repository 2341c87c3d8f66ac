/**
 * `pnpm bench` (refresher): how fast a backlog of due authorizations clears, beside the rate at
 * which one client POSTs refresh grants to the same local token endpoint (sequentially, one
 * keep-alive connection). 100,000 connections are seeded straight into the database, 10,000 of
 * them due now; the real server (its own process, default settings unless REFRESHER_* is set)
 * is started and timed until nothing is due. On PostgreSQL the seed ends with ANALYZE: without
 * statistics on the freshly filled table the planner takes the claim for a sequential scan and
 * sort of all 100,000 rows (about 50-400 ms each, instead of an index range scan under 1 ms)
 * until auto-analyze comes round, which in production it has long done.
 *
 * The headline rate is the backlog's clearing: from the moment the server is ready (it has
 * printed its URL: listening, refresher started) until nothing is due, the due rows divided by
 * that time; the target (at least 0.5x raw) is checked on it. The server's start (migrations
 * check, imports; measured on its own by `bench/start`) comes before and is not counted there,
 * but the overall rate, from spawning the server until nothing is due, is printed beside it.
 * Printed per dialect: the clearing rate and its ratio to the raw rate, the server's peak RSS,
 * its CPU time per refresh once ready (steadier than the rate on a loaded machine; beside it its
 * main thread's alone, the one that bounds the rate), refresh tokens reused and refreshes
 * after expiry (both must be 0). A second line: the overall rate
 * and ratio, the server's start until ready, the wait from ready to the first refresh, the rate
 * from the first refresh to the last with the server's CPU use meanwhile (100 % = one core
 * busy), and this process's CPU per refresh (mostly the token endpoint's). A figure, not a
 * test; target: at least 0.5x, RSS under 250 MB, none reused, none late.
 *
 * BENCH_REFRESH_TOTAL, BENCH_REFRESH_DUE, BENCH_REFRESH_DIALECTS (sqlite,postgres) change it.
 * BENCH_MEMORY_LOG=1 makes the server print its memory every second (RSS, V8 heap used/total);
 * NODE_OPTIONS reaches the server too (e.g. `--max-semi-space-size=4`, `--heapsnapshot-signal=SIGUSR2`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { knex } from '@mikro-orm/postgresql';
import { Agent } from 'undici';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createOrm } from '../persistence/orm.js';
import { countDue } from '../refresher/index.js';
import { seedBacklog } from '../testing/seed-backlog.js';
import { startTokenEndpoint, type TokenEndpoint } from '../testing/token-endpoint.js';
import { rawRefreshGrant } from './raw-refresh-grant.js';

const TOTAL = Number(process.env.BENCH_REFRESH_TOTAL ?? 100_000);
const DUE = Number(process.env.BENCH_REFRESH_DUE ?? 10_000);
const DIALECTS = (process.env.BENCH_REFRESH_DIALECTS ?? 'sqlite,postgres').split(',').filter(Boolean);
const POSTGRES_ADMIN_URL = process.env.GK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RAW_SECONDS = 3;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** One client, one connection, one request after the other: refresh grants along one chain. */
async function rawRate(endpoint: TokenEndpoint, seconds: number): Promise<number> {
  const agent = new Agent({ connections: 1 });
  let token = `raw-${randomBytes(6).toString('hex')}`;
  endpoint.register(token, new Date(Date.now() + 3_600_000));
  let count = 0;
  const started = performance.now();
  try {
    while (performance.now() - started < seconds * 1000) {
      token = await rawRefreshGrant(`${endpoint.url}/raw/token`, agent, token);
      count += 1;
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await agent.close();
  }
}

interface Database {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function openDatabase(dialect: string): Promise<Database> {
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

/** Seeds the backlog through a short-lived app (migrations, vault, default workspace). */
async function seed(env: Record<string, string>, endpoint: TokenEndpoint): Promise<number> {
  const started = performance.now();
  const config = loadConfig(env);
  const app = await createApp(config);
  try {
    const workspace = await app.auth.workspaces.ensureDefault();
    await seedBacklog(app.orm, app.vault, {
      workspaceId: workspace.id,
      total: TOTAL,
      due: DUE,
      tokenEndpoint: () => `${endpoint.url}/provider/token`,
      register: (token, expiresAt) => endpoint.register(token, expiresAt),
      refreshMarginSeconds: config.refreshMarginSeconds,
    });
    // Planner statistics, as autovacuum's auto-analyze would have gathered them in production.
    if (config.database.kind === 'postgres') await app.orm.em.getConnection().execute('analyze authorizations, connections');
  } finally {
    await app.close();
  }
  return (performance.now() - started) / 1000;
}

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
      fileURLToPath(new URL('./refresher-server.js', import.meta.url)),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env, NODE_ENV: 'production' },
    },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`refresher-server exited with ${code}`)));
  });
}

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * CPU time (user + system) the process (or, with `thread`, its main thread alone: refresh
 * workers run beside it) has used so far, in ms (clock ticks of 10 ms).
 */
async function cpuMs(pid: number, thread = false): Promise<number> {
  const stat = await readFile(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function drain(dialect: string, endpoint: TokenEndpoint, raw: number): Promise<boolean> {
  const database = await openDatabase(dialect);
  const config = loadConfig(database.env);
  try {
    const seededIn = await seed(database.env, endpoint);
    const before = endpoint.refreshed;
    const reusedBefore = endpoint.reused;
    const lateBefore = endpoint.late;
    const started = performance.now();
    const child = await startServer(database.env);
    const listening = performance.now();
    const cpuAtStart = await cpuMs(child.pid!);
    const mainCpuAtStart = await cpuMs(child.pid!, true);
    const benchCpuAtStart = process.cpuUsage();
    const orm = await createOrm(config.database);
    try {
      await endpoint.refreshedCount(before + 1);
      const first = performance.now();
      const cpuAtFirst = await cpuMs(child.pid!);
      await endpoint.refreshedCount(before + DUE);
      const last = performance.now();
      const busy = ((await cpuMs(child.pid!)) - cpuAtFirst) / (last - first);
      while ((await countDue(orm, new Date())) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      const cleared = performance.now();
      const rss = await peakRssMb(child.pid!);
      const cpuPerRefresh = ((await cpuMs(child.pid!)) - cpuAtStart) / DUE;
      const mainCpuPerRefresh = ((await cpuMs(child.pid!, true)) - mainCpuAtStart) / DUE;
      const rate = DUE / ((cleared - listening) / 1000);
      const overall = DUE / ((cleared - started) / 1000);
      const reused = endpoint.reused - reusedBefore;
      const late = endpoint.late - lateBefore;
      const benchCpu = process.cpuUsage(benchCpuAtStart);
      console.log(
        `${dialect.padEnd(9)} ${fmt(rate).padStart(7)} refreshes/s from ready to cleared (${fmt((cleared - listening) / 1000, 1)} s)  ${fmt(rate / raw, 2)}x raw  ` +
          `peak RSS ${fmt(rss)} MB  reused ${reused}  late ${late}  server CPU ${fmt(cpuPerRefresh, 2)} ms/refresh (main thread ${fmt(mainCpuPerRefresh, 2)})  (seeded in ${fmt(seededIn, 1)} s)`,
      );
      console.log(
        `          overall from spawn to cleared ${fmt(overall)}/s (${fmt((cleared - started) / 1000, 1)} s, ${fmt(overall / raw, 2)}x raw): ` +
          `server ready after ${fmt((listening - started) / 1000, 2)} s, first refresh ${fmt((first - listening) / 1000, 2)} s later; ` +
          `first to last refresh ${fmt((DUE - 1) / ((last - first) / 1000))}/s (server CPU ${fmt(busy * 100)} % of one core); bench process (token endpoint) CPU ` +
          `${fmt((benchCpu.user + benchCpu.system) / 1000 / DUE, 2)} ms/refresh`,
      );
      return rate / raw >= 0.5 && rss < 250 && reused === 0 && late === 0;
    } finally {
      await orm.close(true);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    await database.drop();
  }
}

const endpoint = await startTokenEndpoint();
try {
  await rawRate(endpoint, 1); // warm-up
  const raw = await rawRate(endpoint, RAW_SECONDS);
  console.log('');
  console.log(`refresher: ${fmt(DUE)} due among ${fmt(TOTAL)} connections, one local token endpoint (rotating refresh tokens)`);
  console.log(`raw POST loop (one client, sequential)  ${fmt(raw)} refresh grants/s`);
  let ok = true;
  for (const dialect of DIALECTS) ok = (await drain(dialect, endpoint, raw)) && ok;
  console.log(
    ok
      ? 'target met: ready to cleared >= 0.5x raw, RSS < 250 MB, no refresh token reused, none late'
      : 'target NOT met (ready to cleared >= 0.5x raw, RSS < 250 MB, none reused, none late)',
  );
} finally {
  await endpoint.close();
}
