/**
 * `pnpm bench`: autocannon (50 connections, loopback) against `authorization(connectionCode)`
 * on the real server with a VIEWER API key, beside a stock Apollo Server 5 answering the same
 * query shape with a constant. Both servers run as child processes of this one; they are
 * measured in alternating rounds (never at the same time) and the averages are compared.
 * Targets: throughput at least 1.5x the baseline, p99 no worse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { BENCH_QUERY, BENCH_QUERY_UNCACHED, type BenchTarget } from './query.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const QUERY = process.env.BENCH_UNCACHED === '1' ? BENCH_QUERY_UNCACHED : BENCH_QUERY;

function startChild(script: string): Promise<{ child: ChildProcess; target: BenchTarget }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve({ child, target: JSON.parse(line) as BenchTarget });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function measure(target: BenchTarget, duration: number): Promise<Result> {
  const result = await autocannon({
    url: `${target.url}/graphql`,
    connections: CONNECTIONS,
    duration,
    method: 'POST',
    headers: target.headers,
    body: JSON.stringify({ query: QUERY, variables: { code: target.code } }),
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${target.url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  }
  return result;
}

async function checkAnswer(target: BenchTarget): Promise<void> {
  const response = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: target.headers,
    body: JSON.stringify({ query: QUERY, variables: { code: target.code } }),
  });
  const body = (await response.json()) as { data?: { authorization?: { connectionCode?: string } } };
  if (body.data?.authorization?.connectionCode !== target.code) {
    throw new Error(`${target.url} answered ${JSON.stringify(body)}`);
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const children: ChildProcess[] = [];
try {
  const grantkeeper = await startChild('./grantkeeper-server.js');
  children.push(grantkeeper.child);
  const baseline = await startChild('./baseline-server.js');
  children.push(baseline.child);
  await checkAnswer(grantkeeper.target);
  await checkAnswer(baseline.target);

  console.log(
    `query: ${QUERY === BENCH_QUERY ? 'authorization(connectionCode) (response cache eligible)' : 'the same read as a fragment (full Apollo + type-graphql path)'}`,
  );
  console.log(`autocannon: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION_S}s each (after ${WARMUP_S}s warm-up)`);
  await measure(grantkeeper.target, WARMUP_S);
  await measure(baseline.target, WARMUP_S);
  const rounds: { gk: Result; base: Result }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const gk = await measure(grantkeeper.target, DURATION_S);
    const base = await measure(baseline.target, DURATION_S);
    rounds.push({ gk, base });
    console.log(
      `round ${round + 1}: grantkeeper ${fmt(gk.requests.average)} req/s p99 ${gk.latency.p99} ms | stock Apollo ${fmt(base.requests.average)} req/s p99 ${base.latency.p99} ms`,
    );
  }
  // The median round is robust to a burst of load from elsewhere on the machine.
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  };
  const gkRps = median(rounds.map((r) => r.gk.requests.average));
  const baseRps = median(rounds.map((r) => r.base.requests.average));
  const gkP99 = median(rounds.map((r) => r.gk.latency.p99));
  const baseP99 = median(rounds.map((r) => r.base.latency.p99));
  const rpsRatio = median(rounds.map((r) => r.gk.requests.average / r.base.requests.average));
  const p99Ratio = median(rounds.map((r) => r.gk.latency.p99 / r.base.latency.p99));
  console.log('');
  console.log('median of rounds                req/s      p99 (ms)');
  console.log(`grantkeeper (VIEWER API key)  ${fmt(gkRps).padStart(8)}  ${fmt(gkP99, 1).padStart(10)}`);
  console.log(`stock Apollo Server 5         ${fmt(baseRps).padStart(8)}  ${fmt(baseP99, 1).padStart(10)}`);
  console.log(`ratio (median per round)      ${fmt(rpsRatio, 2).padStart(7)}x  ${fmt(p99Ratio, 2).padStart(9)}x`);
  const ok = rpsRatio >= 1.5 && p99Ratio <= 1;
  console.log(ok ? 'target met: >= 1.5x throughput, p99 no worse' : 'target NOT met (>= 1.5x throughput, p99 no worse)');
} finally {
  for (const child of children) child.kill('SIGTERM');
}
