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
 * The raw rate is measured in BENCH_RAW_WINDOWS (3) windows of 3 s right before each drain (after
 * the seed) and as many right after it (the server stopped), each on a fresh connection; every
 * window is printed with this process's CPU per grant (after a warm-up of 20,000 grants), and the ratio is taken against their
 * median (against the fastest and slowest window too): one window alone swings 2x on this machine.
 *
 * BENCH_REFRESH_TOTAL, BENCH_REFRESH_DUE, BENCH_REFRESH_DIALECTS (sqlite,postgres) change it.
 * BENCH_MEMORY_LOG=1 makes the server print its memory every second (RSS, V8 heap used/total);
 * NODE_OPTIONS reaches the server too (e.g. `--max-semi-space-size=4`, `--heapsnapshot-signal=SIGUSR2`), and
 * so does the bench's own process; BENCH_SERVER_NODE_ARGS (space-separated) reach the server alone, flags
 * NODE_OPTIONS refuses too (e.g. `--single-threaded-gc`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createOrm } from '../persistence/orm.js';
import { countDue } from '../refresher/index.js';
import { seedAppBacklog } from '../testing/seed-backlog.js';
import { startTokenEndpoint, type TokenEndpoint } from '../testing/token-endpoint.js';
import { cpuMs, databaseCpu, databaseCpuBetween, openDatabase, peakRssMb, type Database } from './bench-database.js';
import { rawWindows, warmUp, spreadOf, type RawWindow } from './raw-windows.js';

const TOTAL = Number(process.env.BENCH_REFRESH_TOTAL ?? 100_000);
const DUE = Number(process.env.BENCH_REFRESH_DUE ?? 10_000);
const DIALECTS = (process.env.BENCH_REFRESH_DIALECTS ?? 'sqlite,postgres').split(',').filter(Boolean);
const RAW_SECONDS = 3;
/** Raw-loop windows before and after each drain (BENCH_RAW_WINDOWS). */
const RAW_WINDOWS = Number(process.env.BENCH_RAW_WINDOWS ?? 3);
const RAW_WARM_UP_GRANTS = 20_000;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Seeds the backlog through a short-lived app (migrations, vault, default workspace). */
async function seed(env: Record<string, string>, endpoint: TokenEndpoint): Promise<number> {
  const started = performance.now();
  const config = loadConfig(env);
  const app = await createApp(config);
  try {
    await seedAppBacklog(app, {
      total: TOTAL,
      due: DUE,
      tokenEndpoint: () => `${endpoint.url}/provider/token`,
      register: (token, expiresAt) => endpoint.register(token, expiresAt),
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
      ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
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

interface Drained {
  rate: number;
  overall: number;
  clearedIn: number;
  startedIn: number;
  firstAfter: number;
  firstToLast: number;
  busy: number;
  rss: number;
  cpuPerRefresh: number;
  mainCpuPerRefresh: number;
  benchCpuPerRefresh: number;
  /** PostgreSQL: its backends' CPU per refresh (the server's connections); NaN on SQLite (in the server). */
  databaseCpuPerRefresh: number;
  reused: number;
  late: number;
  seededIn: number;
}

/** Starts the server over a seeded database and times it until nothing is due. */
async function timeDrain(database: Database, endpoint: TokenEndpoint, seededIn: number): Promise<Drained> {
  const config = loadConfig(database.env);
  const { refreshed: before, reused: reusedBefore, late: lateBefore } = endpoint;
  const started = performance.now();
  const child = await startServer(database.env);
  const listening = performance.now();
  const cpuAtStart = await cpuMs(child.pid!);
  const mainCpuAtStart = await cpuMs(child.pid!, true);
  const benchCpuAtStart = process.cpuUsage();
  const orm = await createOrm(config.database);
  const databaseAtStart = await databaseCpu(orm, config.database.kind);
  try {
    await endpoint.refreshedCount(before + 1);
    const first = performance.now();
    const cpuAtFirst = await cpuMs(child.pid!);
    await endpoint.refreshedCount(before + DUE);
    const last = performance.now();
    const busy = ((await cpuMs(child.pid!)) - cpuAtFirst) / (last - first);
    while ((await countDue(orm, new Date())) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    const cleared = performance.now();
    const benchCpu = process.cpuUsage(benchCpuAtStart);
    const databaseUsed = databaseCpuBetween(databaseAtStart, await databaseCpu(orm, config.database.kind));
    return {
      rate: DUE / ((cleared - listening) / 1000),
      overall: DUE / ((cleared - started) / 1000),
      clearedIn: (cleared - listening) / 1000,
      startedIn: (listening - started) / 1000,
      firstAfter: (first - listening) / 1000,
      firstToLast: (DUE - 1) / ((last - first) / 1000),
      busy,
      rss: await peakRssMb(child.pid!),
      cpuPerRefresh: ((await cpuMs(child.pid!)) - cpuAtStart) / DUE,
      mainCpuPerRefresh: ((await cpuMs(child.pid!, true)) - mainCpuAtStart) / DUE,
      benchCpuPerRefresh: (benchCpu.user + benchCpu.system) / 1000 / DUE,
      databaseCpuPerRefresh: databaseUsed / DUE,
      reused: endpoint.reused - reusedBefore,
      late: endpoint.late - lateBefore,
      seededIn,
    };
  } finally {
    await orm.close(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const windowsText = (windows: readonly RawWindow[]) => windows.map((w) => `${fmt(w.rate)}/s (${fmt(w.cpuPerGrantUs)} µs)`).join(', ');

function report(dialect: string, d: Drained, before: RawWindow[], after: RawWindow[]): boolean {
  const raw = spreadOf([...before, ...after]);
  console.log(
    `${dialect.padEnd(9)} ${fmt(d.rate).padStart(7)} refreshes/s from ready to cleared (${fmt(d.clearedIn, 1)} s)  ${fmt(d.rate / raw.median, 2)}x raw (median)  ` +
      `peak RSS ${fmt(d.rss)} MB  reused ${d.reused}  late ${d.late}  server CPU ${fmt(d.cpuPerRefresh, 2)} ms/refresh (main thread ${fmt(d.mainCpuPerRefresh, 2)})  (seeded in ${fmt(d.seededIn, 1)} s)`,
  );
  console.log(
    `          raw loop around this drain (rate, CPU per grant): before ${windowsText(before)}; after ${windowsText(after)}; ` +
      `median ${fmt(raw.median)}/s: ratio ${fmt(d.rate / raw.max, 2)}x against the fastest window, ${fmt(d.rate / raw.min, 2)}x against the slowest`,
  );
  console.log(
    `          overall from spawn to cleared ${fmt(d.overall)}/s (${fmt(d.clearedIn + d.startedIn, 1)} s, ${fmt(d.overall / raw.median, 2)}x raw): ` +
      `server ready after ${fmt(d.startedIn, 2)} s, first refresh ${fmt(d.firstAfter, 2)} s later; ` +
      `first to last refresh ${fmt(d.firstToLast)}/s (server CPU ${fmt(d.busy * 100)} % of one core); bench process (token endpoint) CPU ` +
      `${fmt(d.benchCpuPerRefresh, 2)} ms/refresh` +
      (Number.isNaN(d.databaseCpuPerRefresh) ? '' : `; PostgreSQL backends' CPU ${fmt(d.databaseCpuPerRefresh, 2)} ms/refresh`),
  );
  return d.rate / raw.median >= 0.5 && d.rss < 250 && d.reused === 0 && d.late === 0;
}

/** Seeds, measures the raw loop, drains, measures the raw loop again (the server gone), reports. */
async function drain(dialect: string, endpoint: TokenEndpoint): Promise<boolean> {
  const database = await openDatabase(dialect);
  try {
    const seededIn = await seed(database.env, endpoint);
    const before = await rawWindows(endpoint, RAW_WINDOWS, RAW_SECONDS);
    const drained = await timeDrain(database, endpoint, seededIn);
    const after = await rawWindows(endpoint, RAW_WINDOWS, RAW_SECONDS);
    return report(dialect, drained, before, after);
  } finally {
    await database.drop();
  }
}

const endpoint = await startTokenEndpoint();
try {
  await warmUp(endpoint, RAW_WARM_UP_GRANTS);
  console.log('');
  console.log(`refresher: ${fmt(DUE)} due among ${fmt(TOTAL)} connections, one local token endpoint (rotating refresh tokens)`);
  console.log(
    `raw POST loop (one client, sequential, one keep-alive connection): ${RAW_WINDOWS} windows of ${RAW_SECONDS} s before and after each drain; ratios against their median`,
  );
  let ok = true;
  for (const dialect of DIALECTS) ok = (await drain(dialect, endpoint)) && ok;
  console.log(
    ok
      ? 'target met: ready to cleared >= 0.5x raw (median), RSS < 250 MB, no refresh token reused, none late'
      : 'target NOT met (ready to cleared >= 0.5x raw (median), RSS < 250 MB, none reused, none late)',
  );
} finally {
  await endpoint.close();
}
