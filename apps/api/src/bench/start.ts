/**
 * `pnpm bench`, start section: process start -> `/healthz` 200 on an existing SQLite data
 * directory (median of 5), for `node apps/api/dist/main.js` and for `pnpm start` at the
 * repository root with everything already built. Each start runs after the previous process
 * exited; the data directory is created (and migrated) by one start before the timed ones.
 * Targets: node <= 1.5 s; pnpm start at most 2 s more than node.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_START_RUNS ?? 5);
const root = fileURLToPath(new URL('../../../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

/** Milliseconds from spawn to the first `/healthz` 200; the process is stopped and awaited. */
async function timeStart(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<number> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let elapsed = Number.NaN;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}: ${stderr.slice(0, 2000)}`);
      if (await healthy(`http://127.0.0.1:${port}/healthz`)) {
        elapsed = performance.now() - start;
        break;
      }
      if (performance.now() - start > timeoutMs) throw new Error(`${command}: no /healthz 200 within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    // The process group: pnpm and turbo start children of their own.
    if (child.exitCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  }
  return elapsed;
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const dataDir = await mkdtemp(join(tmpdir(), 'gk-bench-start-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  MASTER_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
  BOOTSTRAP_ADMIN_EMAIL: 'bench@grantkeeper.test',
  BOOTSTRAP_ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
};
delete env.REDIS_URL;
delete env.DATABASE_URL;
const pnpm = pnpmCommand();
/**
 * The pnpm to time: the one running this bench under `pnpm bench`, else the one
 * `npx -y pnpm@10.34.9` runs, looked up once and untimed (npx's own package lookup, about 2 s
 * on this machine, is npx's cost, not `pnpm start`'s), and put on PATH as npx does (turbo looks
 * for it there).
 */
function pnpmCommand(): string[] {
  if (process.env.npm_execpath) return [process.execPath, process.env.npm_execpath];
  const bin = execFileSync('npx', ['-y', '-p', 'pnpm@10.34.9', 'sh', '-c', 'command -v pnpm'], { encoding: 'utf8' }).trim();
  env.PATH = `${dirname(bin)}${delimiter}${env.PATH ?? ''}`;
  return [bin];
}
try {
  // Untimed: builds what is not built yet (turbo) and creates and migrates the data directory.
  await timeStart(pnpm[0]!, [...pnpm.slice(1), 'start'], env, 900_000);
  const node: number[] = [];
  const viaPnpm: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    node.push(await timeStart(process.execPath, ['apps/api/dist/main.js'], env));
    if (process.env.BENCH_START_NODE_ONLY !== '1') viaPnpm.push(await timeStart(pnpm[0]!, [...pnpm.slice(1), 'start'], env));
  }
  const [n, p] = [median(node), median(viaPnpm)];
  console.log('');
  console.log(`start: process start -> /healthz 200 on an existing SQLite data directory (median of ${RUNS})`);
  console.log(`node apps/api/dist/main.js   ${seconds(n).padStart(8)}   target <= 1.50 s ${n <= 1500 ? 'met' : 'NOT met'}`);
  console.log(
    `pnpm start (all built)       ${seconds(p).padStart(8)}   +${seconds(p - n)} over node, target <= +2.00 s ${p - n <= 2000 ? 'met' : 'NOT met'}`,
  );
  console.log(`pnpm: ${pnpm.join(' ')}`);
  console.log(`runs: node ${node.map((v) => v.toFixed(0)).join(', ')} ms; pnpm start ${viaPnpm.map((v) => v.toFixed(0)).join(', ')} ms`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
