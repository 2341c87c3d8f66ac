/**
 * The proxy half of `pnpm bench`: GETs (loopback) against the same upstream three ways, in
 * alternating rounds (never at the same time): directly, through Grantkeeper's /proxy/UPSTREAM
 * (an API_KEY connection: the key lookup, the credentials and the address policy included), and
 * through a stock Fastify + @fastify/http-proxy; and, as the floor, the barest Node proxy
 * (bare-proxy.ts, a bench reference: node:http + one undici Pool, no auth or checks), alone and
 * in cluster mode (BENCH_BARE_WORKERS workers, 2; 0 leaves that row out; BENCH_BARE=0 both): what
 * any Node proxy can reach on this machine, and /proxy's CPU per request above it. Two phases,
 * both printed side by side, the
 * targets printed, never asserted:
 * 1. Saturation: autocannon, BENCH_CONNECTIONS connections as fast as possible. Gives requests/s
 *    (targets >= 0.5x direct, >= 1.2x stock) and the CPU time each server process spent per
 *    request (from /proc, Linux only; steadier than requests/s on a machine loaded by other work).
 *    Its p99 is queueing behind the slowest stage at a different load for each target, not the
 *    latency a proxy adds, so it is shown but not checked against the target.
 * 2. Latency (proxy-latency.ts): the same offered rates for every target (open loop,
 *    fixed-rate.ts): BENCH_LATENCY_RATES (default 500 and 1,000 req/s) and half of /proxy's
 *    saturated rate, in interleaved rounds (each round runs every rate for every target). Per
 *    rate: p50/p90/p99/p99.9/max over all rounds' requests and each one's overhead over direct's
 *    at that rate; the p99 overhead target (< 2 ms) is /proxy's p99 minus direct's. The low rates
 *    show the proxy's own added latency; at half of saturation, stalls of the machine hit every
 *    target. After each run, one line per target with each process on the request's path (this
 *    client, the answering server, the upstream): its event-loop delay (max) and GC pauses in
 *    that window (loop-stats.ts), to tell a stall of the proxy from one of the client, the
 *    upstream or the machine.
 * Before every measured window this process (the client of all targets) collects its garbage in
 * full: otherwise its old generation filled up during the runs and was collected, a pause of up to
 * tens of ms, inside whichever target's window it happened to fall (often the same one, given
 * the fixed order), a tail charged to that target alone.
 *
 * Knobs: BENCH_CONNECTIONS (50), BENCH_DURATION (8 s a round), BENCH_ROUNDS (3), BENCH_WARMUP (3 s),
 * BENCH_LATENCY_RATES (comma-separated req/s; 500,1000), BENCH_FIXED_RATE (req/s; default half of
 * /proxy's median saturated rate, rounded down to 100; added to those rates), BENCH_FIXED_DURATION
 * (5 s per rate and target in a round), BENCH_FIXED_ROUNDS (2; 0 skips the latency phase),
 * BENCH_TRACE_GC=1: the proxies' servers (the baseline's too) run with --trace-gc-nvp (each GC's phases, e.g.
 * scavenge.roots and scavenge.parallel, and its promoted bytes, on stderr tagged with the pid),
 * BENCH_GK_NODE_ARGS: node options for this build's Grantkeeper server only (space-separated;
 * e.g. V8 heap flags to try; BENCH_BASELINE_NODE_ARGS: the same for the baseline's), BENCH_BASELINE_DIST: another build's dist-bench folder, whose Grantkeeper runs as a fourth
 * target in the same rounds (a before/after on the same load; the folder must resolve this
 * package's node_modules, e.g. a copy kept under apps/api/node_modules/). The target that
 * follows direct in each round has fared better on a loaded machine: swap the two builds and
 * run again before trusting a difference.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { collectGarbage, NO_LOOP_STATS, type LoopStats } from './loop-stats.js';
import { latencyPhase, latencyRates } from './proxy-latency.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const FIXED_DURATION_S = Number(process.env.BENCH_FIXED_DURATION ?? 5);
const FIXED_ROUNDS = Number(process.env.BENCH_FIXED_ROUNDS ?? 2);

interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** The processes answering (the upstream itself for direct): their CPU time is counted. */
  pids: (number | undefined)[];
  /** That process's loop delay and GC pauses since the last call. */
  loop: () => Promise<LoopStats>;
}

/** CPU time (user + system) the processes have used so far, in µs (clock ticks of 10 ms); NaN off Linux. */
function cpuMicros(pids: (number | undefined)[]): number {
  return pids.reduce<number>((sum, pid) => sum + cpuMicrosOf(pid), 0);
}

function cpuMicrosOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}

interface Measured {
  result: Result;
  /** The answering process's CPU µs per request. */
  cpuPerRequest: number;
}

/** BENCH_PROFILE_DIR: Grantkeeper's server runs with --cpu-prof, its profile written there on exit. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** BENCH_TRACE_GC=1: both proxies' servers run with --trace-gc-nvp, each GC's phases on stderr tagged with the pid. */
const TRACE_GC = process.env.BENCH_TRACE_GC ? ['--trace-gc', '--trace-gc-nvp'] : [];
/** BENCH_GK_NODE_ARGS: node options (space-separated) for this build's Grantkeeper server only, e.g. V8 heap flags to try. */
const GK_NODE_ARGS = (process.env.BENCH_GK_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** BENCH_BASELINE_NODE_ARGS: the same for the BENCH_BASELINE_DIST build's server (to swap a flag between the two slots). */
const BASELINE_NODE_ARGS = (process.env.BENCH_BASELINE_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface Child {
  child: ChildProcess;
  line: Record<string, unknown>;
  /** The child's event-loop delay and GC pauses since the last call (loop-stats.ts). */
  loop: () => Promise<LoopStats>;
}

function startChild(script: string, args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(new URL(script, import.meta.url)), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env, NODE_ENV: 'production' },
  });
  const waiting: ((stats: LoopStats) => void)[] = [];
  const loop = () => new Promise<LoopStats>((resolve) => (waiting.push(resolve), child.kill('SIGUSR2')));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let first = true;
    lines.on('line', (text) => {
      // --trace-gc (BENCH_TRACE_GC) prints to stdout too: those lines go to stderr, tagged.
      if (!text.startsWith('{')) return void process.stderr.write(`[${child.pid}] ${text}\n`);
      const line = JSON.parse(text) as Record<string, unknown>;
      if (!first) return void waiting.shift()?.(line.loop as LoopStats);
      first = false;
      // A BENCH_BASELINE_DIST build from before loop-stats.ts would die of SIGUSR2.
      resolve({ child, line, loop: line.loopStats ? loop : async () => NO_LOOP_STATS });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function measure(target: Target, duration: number): Promise<Measured> {
  await collectGarbage();
  const cpuBefore = cpuMicros(target.pids);
  const result = await autocannon({ url: target.url, connections: CONNECTIONS, duration, headers: target.headers ?? {} });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { result, cpuPerRequest: (cpuMicros(target.pids) - cpuBefore) / result.requests.total };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * The floor (bare-proxy.ts, a bench reference, not product code): the barest Node proxy to the
 * same upstream, and the same in cluster mode with BENCH_BARE_WORKERS workers (2; 0 leaves that
 * row out). BENCH_BARE=0 leaves both out.
 */
async function bareTargets(upstreamUrl: string, children: ChildProcess[]): Promise<Target[]> {
  if (process.env.BENCH_BARE === '0') return [];
  const workers = Number(process.env.BENCH_BARE_WORKERS ?? 2);
  const targets: Target[] = [];
  for (const [name, args] of [
    ['bare node proxy', []],
    [`bare, cluster x${workers}`, [String(workers)]],
  ] as const) {
    if (args.length > 0 && workers === 0) continue;
    const bare = await startChild('./bare-proxy.js', [upstreamUrl, ...args], {}, TRACE_GC);
    children.push(bare.child);
    targets.push({ name, url: `${String(bare.line.url)}/items`, pids: bare.line.pids as number[], loop: bare.loop });
  }
  return targets;
}

const children: ChildProcess[] = [];
try {
  const upstream = await startChild('./proxy-children.js', ['upstream']);
  children.push(upstream.child);
  const upstreamUrl = String(upstream.line.url);
  const stock = await startChild('./proxy-children.js', ['stock', upstreamUrl], {}, TRACE_GC);
  children.push(stock.child);
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const gk = await startChild('./grantkeeper-server.js', [], { BENCH_UPSTREAM_URL: upstreamUrl }, [
    ...profile,
    ...TRACE_GC,
    ...GK_NODE_ARGS,
  ]);
  children.push(gk.child);
  if (TRACE_GC.length > 0) console.error(`--trace-gc: grantkeeper ${gk.child.pid}, stock ${stock.child.pid}`);
  const proxy = gk.line.proxy as { url: string; headers: Record<string, string> };
  const baselineDir = process.env.BENCH_BASELINE_DIST;
  const baseline = baselineDir
    ? await startChild(pathToFileURL(`${baselineDir}/bench/grantkeeper-server.js`).href, [], { BENCH_UPSTREAM_URL: upstreamUrl }, [
        ...TRACE_GC,
        ...BASELINE_NODE_ARGS,
      ])
    : undefined;
  if (baseline) children.push(baseline.child);
  if (baseline && TRACE_GC.length > 0) console.error(`--trace-gc: baseline ${baseline.child.pid}`);
  const baseProxy = baseline?.line.proxy as { url: string; headers: Record<string, string> } | undefined;
  const targets: Target[] = [
    { name: 'direct', url: `${upstreamUrl}/items`, pids: [upstream.child.pid], loop: upstream.loop },
    { name: 'grantkeeper /proxy', url: `${proxy.url}/items`, headers: proxy.headers, pids: [gk.child.pid], loop: gk.loop },
    { name: '@fastify/http-proxy', url: `${String(stock.line.url)}/proxy/UPSTREAM/items`, pids: [stock.child.pid], loop: stock.loop },
    ...(baseProxy && baseline
      ? [
          {
            name: 'baseline /proxy',
            url: `${baseProxy.url}/items`,
            headers: baseProxy.headers,
            pids: [baseline.child.pid],
            loop: baseline.loop,
          },
        ]
      : []),
    ...(await bareTargets(upstreamUrl, children)),
  ];
  console.log(`proxy: autocannon ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION_S}s (after ${WARMUP_S}s warm-up)`);
  for (const target of targets) await measure(target, WARMUP_S);
  const results: Measured[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [i, target] of targets.entries()) results[i]!.push(await measure(target, DURATION_S));
    console.log(
      `round ${round + 1}: ${targets.map((t, i) => `${t.name} ${fmt(results[i]!.at(-1)!.result.requests.average)} req/s p99 ${results[i]!.at(-1)!.result.latency.p99} ms`).join(' | ')}`,
    );
  }
  const rps = results.map((r) => median(r.map((x) => x.result.requests.average)));
  const p99 = results.map((r) => median(r.map((x) => x.result.latency.p99)));
  const cpu = results.map((r) => median(r.map((x) => x.cpuPerRequest)));
  console.log('');
  console.log('at saturation, median of rounds  req/s  p99 (ms, queueing)  server CPU µs/request');
  for (const [i, target] of targets.entries())
    console.log(`${target.name.padEnd(26)} ${fmt(rps[i]!).padStart(8)}  ${fmt(p99[i]!, 1).padStart(10)}  ${fmt(cpu[i]!, 1).padStart(12)}`);
  const vsDirect = rps[1]! / rps[0]!;
  const vsStock = rps[1]! / rps[2]!;
  const overhead = p99[1]! - p99[0]!;
  console.log(
    `/proxy vs direct ${fmt(vsDirect, 2)}x (target >= 0.5x), vs stock proxy ${fmt(vsStock, 2)}x (target >= 1.2x); p99 at saturation ${fmt(overhead, 1)} ms above direct's (queueing at different loads: not the target's figure)`,
  );
  console.log(`CPU per request: /proxy ${fmt(cpu[1]! / cpu[2]!, 2)}x the stock proxy's (lower is better)`);
  if (baseProxy) {
    console.log(
      `baseline: /proxy ${fmt(rps[1]! / rps[3]!, 2)}x its req/s, CPU per request ${fmt(cpu[1]! / cpu[3]!, 2)}x its (${fmt(cpu[3]! / cpu[2]!, 2)}x stock's)`,
    );
  }
  const bare = targets.findIndex((t) => t.name === 'bare node proxy');
  for (const [i, target] of targets.entries()) {
    if (i === 0 || !target.name.startsWith('bare')) continue;
    console.log(
      `${target.name}: ${fmt(rps[i]! / rps[0]!, 2)}x direct; /proxy ${fmt(rps[1]! / rps[i]!, 2)}x its req/s, CPU per request ${fmt(cpu[1]! / cpu[i]!, 2)}x its (+${fmt(cpu[1]! - cpu[i]!, 1)} µs)`,
    );
  }
  if (bare > 0) console.log(`stock proxy: CPU per request ${fmt(cpu[2]! / cpu[bare]!, 2)}x the bare proxy's`);
  if (FIXED_ROUNDS > 0) {
    const half = Number(process.env.BENCH_FIXED_RATE ?? Math.floor(rps[1]! / 2 / 100) * 100);
    await latencyPhase(targets, {
      rates: latencyRates(half),
      rounds: FIXED_ROUNDS,
      durationS: FIXED_DURATION_S,
      connections: CONNECTIONS,
      upstream: upstream.loop,
    });
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
}
