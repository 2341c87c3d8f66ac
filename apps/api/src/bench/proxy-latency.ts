/**
 * The proxy bench's latency phase (proxy-run.ts): each target at the same offered rates, open
 * loop (fixed-rate.ts), in interleaved rounds: every round runs every rate for every target, so a
 * change in the machine's load falls on all of them alike. Per rate and target it prints
 * p50/p90/p99/p99.9/max over all rounds' requests pooled (p99.9 at 500 req/s for 2 rounds of
 * 5 s is the 5th slowest of 5,000), and each percentile's overhead over direct's at that rate:
 * where the proxies' p99 overhead stays under 2 ms, and from which load stalls (the client's, the
 * upstream's or the machine's, shown per round) dominate the tail for every target alike. The
 * target is judged only at a rate where direct's own p99 is under 2 ms: above that, a negative
 * or huge overhead says which target a stall happened to hit, not what the proxy adds.
 */
import { fixedRate, quantile } from './fixed-rate.js';
import { collectGarbage, startLoopStats, type LoopStats } from './loop-stats.js';

export interface LatencyTarget {
  name: string;
  url: string;
  headers?: Record<string, string> | undefined;
  /** The answering process's loop delay and GC pauses since the last call. */
  loop: () => Promise<LoopStats>;
}

export interface LatencyOptions {
  /** Offered rates, req/s. */
  rates: number[];
  rounds: number;
  durationS: number;
  connections: number;
  /** The upstream's loop figures (it is on every target's path). */
  upstream: () => Promise<LoopStats>;
}

const PERCENTILES = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p99', 0.99],
  ['p99.9', 0.999],
] as const;

const TARGET_MS = 2;
const WIDTH = 9;
const ms = (n: number) => n.toFixed(2);
/** A figure in its column: two decimals below 100 ms, one above (a tail of seconds still fits). */
const cell = (n: number) => (Math.abs(n) < 100 ? n.toFixed(2) : n.toFixed(1)).padStart(WIDTH);
const brief = (name: string, s: LoopStats) =>
  `${name} loop max ${s.max.toFixed(1)} gc ${s.gcCount}x max ${s.gcMax.toFixed(1)}${s.majorCount ? ` (major ${s.majorMax.toFixed(1)})` : ''}`;

function pooled(runs: Float64Array[]): Float64Array {
  const all = new Float64Array(runs.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const run of runs) {
    all.set(run, at);
    at += run.length;
  }
  return all.sort();
}

/** One target at one rate for one round; its line of stall figures (client, server, upstream). */
async function oneRun(target: LatencyTarget, rate: number, options: LatencyOptions, client: () => LoopStats) {
  const processes: [string, () => Promise<LoopStats>][] = [
    ['client', async () => client()],
    ['server', target.loop],
  ];
  if (target.loop !== options.upstream) processes.push(['upstream', options.upstream]);
  await collectGarbage();
  await Promise.all(processes.map(([, loop]) => loop()));
  const run = await fixedRate({
    url: target.url,
    headers: target.headers ?? {},
    rate,
    durationS: options.durationS,
    connections: options.connections,
  });
  if (run.failed > 0) throw new Error(`${target.name}: ${run.failed} failed at ${rate} req/s`);
  const stats = await Promise.all(processes.map(([, loop]) => loop()));
  const stalls = processes.map(([name], i) => brief(name, stats[i]!)).join('; ');
  return { run, line: `  ${target.name} p99 ${ms(run.p99)} max ${ms(run.max)} ms | ${stalls}` };
}

/** The p99 overhead target is judged only where direct's own p99 is under it: above, the tail is the machine's stalls. */
function verdict(directP99: number, overhead: number): string {
  if (directP99 >= TARGET_MS) return `not judged: direct's own p99 is ${ms(directP99)} ms, stalls dominate`;
  return `target < ${TARGET_MS} ms: ${overhead < TARGET_MS ? 'met' : 'not met'}`;
}

function printTable(targets: LatencyTarget[], rates: number[], latencies: Float64Array[][][], achieved: number[][][]): void {
  const columns = (names: readonly string[]) => names.map((n) => n.padStart(WIDTH)).join('');
  console.log('');
  console.log(
    `latency, all rounds pooled (ms)   answered/s${columns(PERCENTILES.map(([n]) => n))}${'max'.padStart(WIDTH)}   over direct:${columns(PERCENTILES.map(([n]) => n))}`,
  );
  for (const [r, rate] of rates.entries()) {
    const sorted = targets.map((_, t) => pooled(latencies[r]![t]!));
    const direct = sorted[0]!;
    for (const [t, target] of targets.entries()) {
      const own = sorted[t]!;
      const mean = achieved[r]![t]!.reduce((x, y) => x + y, 0) / achieved[r]![t]!.length;
      const figures = PERCENTILES.map(([, q]) => cell(quantile(own, q))).join('');
      const over = t === 0 ? '' : PERCENTILES.map(([, q]) => cell(quantile(own, q) - quantile(direct, q))).join('');
      const label = `${String(rate).padStart(5)}/s ${target.name}`;
      console.log(
        `${label.padEnd(32)} ${mean.toFixed(0).padStart(10)}${figures}${cell(quantile(own, 1))}${over ? `   over direct:${over}` : ''}`,
      );
    }
    const directP99 = quantile(direct, 0.99);
    const overhead = (t: number) => quantile(sorted[t]!, 0.99) - directP99;
    const stock = targets.findIndex((x) => x.name.startsWith('@fastify'));
    console.log(
      `${String(rate).padStart(5)}/s p99 overhead: /proxy ${ms(overhead(1))} ms (${verdict(directP99, overhead(1))})${stock > 0 ? `, stock proxy ${ms(overhead(stock))} ms` : ''}`,
    );
  }
}

/** The phase: `targets[0]` is direct, `targets[1]` Grantkeeper's /proxy. */
export async function latencyPhase(targets: LatencyTarget[], options: LatencyOptions): Promise<void> {
  const { rates, rounds, durationS, connections } = options;
  const client = startLoopStats();
  console.log('');
  console.log(
    `latency: open loop at ${rates.map((r) => `${r}`).join(', ')} req/s offered to each target (over ${connections} connections), ${rounds} interleaved rounds of ${durationS}s per rate and target`,
  );
  // A second each first, not counted: the pool's connections opened, the client's code warm.
  for (const target of targets)
    await fixedRate({ url: target.url, headers: target.headers ?? {}, rate: rates[0]!, durationS: 1, connections });
  const latencies = rates.map(() => targets.map((): Float64Array[] => []));
  const achieved = rates.map(() => targets.map((): number[] => []));
  for (let round = 0; round < rounds; round += 1) {
    for (const [r, rate] of rates.entries()) {
      console.log(`round ${round + 1}, ${rate} req/s:`);
      for (const [t, target] of targets.entries()) {
        const { run, line } = await oneRun(target, rate, options, client);
        latencies[r]![t]!.push(run.latencies);
        achieved[r]![t]!.push(run.achieved);
        console.log(line);
      }
    }
  }
  printTable(targets, rates, latencies, achieved);
}

/** BENCH_LATENCY_RATES (comma-separated req/s, default 500,1000) and `fixedRate`, ascending, each once. */
export function latencyRates(fixedRate: number): number[] {
  const listed = (process.env.BENCH_LATENCY_RATES ?? '500,1000')
    .split(',')
    .map((r) => Number(r.trim()))
    .filter((r) => Number.isFinite(r) && r > 0);
  return [...new Set([...listed, fixedRate].filter((r) => r > 0))].sort((a, b) => a - b);
}
