/**
 * `pnpm bench`, fan-out section: one authorization change delivered to N graphql-ws subscribers
 * of the real server, beside a raw `ws` server broadcasting the very frame Grantkeeper sent, to
 * the same number of clients. Both servers are child processes; the clients live in this
 * process. A round is: POST /fire to the server's control port, then wait until every socket
 * received; extra cost = median(N=2,000) - median(N=1), rounds alternating between servers.
 * Then 10,000 Grantkeeper subscribers: every one receives, and the server's RSS is reported.
 * Targets: extra cost <= 1.5x raw ws; RSS at 10,000 subscribers < 400 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Audience, type FanoutTarget } from './fanout-clients.js';

const N = Number(process.env.BENCH_FANOUT_N ?? 2_000);
const N_MAX = Number(process.env.BENCH_FANOUT_MAX ?? 10_000);
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 9);

function startChild(role: string): Promise<{ child: ChildProcess; target: FanoutTarget }> {
  const script = fileURLToPath(new URL('./fanout-server.js', import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', script, role], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, target: JSON.parse(line) as FanoutTarget }));
    child.once('exit', (code) => reject(new Error(`fanout-server ${role} exited with ${code}`)));
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Median time to the last receipt for each audience, rounds alternating. */
async function measure(gk: Audience, raw: Audience): Promise<{ gk: number; raw: number }> {
  const times = { gk: [] as number[], raw: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const a = await gk.fire();
    const b = await raw.fire(gk.lastFrame);
    if (a === null || b === null) throw new Error('a round timed out: not every socket received');
    times.gk.push(a);
    times.raw.push(b);
  }
  return { gk: median(times.gk), raw: median(times.raw) };
}

async function fanout(gkTarget: FanoutTarget, rawTarget: FanoutTarget): Promise<void> {
  const gk = new Audience(gkTarget);
  const raw = new Audience(rawTarget);
  await gk.grow(1);
  await gk.settle();
  await raw.grow(1);
  await raw.settle(gk.lastFrame);
  console.log(`frame: ${Buffer.byteLength(gk.lastFrame)} bytes (the console's AuthorizationChanged subscription, VIEWER API key)`);
  const one = await measure(gk, raw);
  await gk.grow(N);
  await gk.settle();
  await raw.grow(N);
  await raw.settle(gk.lastFrame);
  const many = await measure(gk, raw);
  const extra = { gk: many.gk - one.gk, raw: many.raw - one.raw };
  const ratio = extra.gk / extra.raw;
  console.log(`median of ${ROUNDS} rounds       N=1        N=${N}     extra`);
  console.log(`grantkeeper graphql-ws ${ms(one.gk)} ${ms(many.gk)} ${ms(extra.gk)}`);
  console.log(`raw ws broadcast       ${ms(one.raw)} ${ms(many.raw)} ${ms(extra.raw)}`);
  console.log(`ratio of extra cost: ${ratio.toFixed(2)}x (target <= 1.5x) ${ratio <= 1.5 ? 'met' : 'NOT met'}`);
  console.log(`grantkeeper server RSS with ${N} subscribers: ${mb(await gk.rss())}`);
  raw.close();

  await gk.grow(N_MAX);
  await gk.settle();
  const times: number[] = [];
  for (let round = 0; round < 3; round += 1) times.push((await gk.fire()) ?? Number.NaN);
  const rss = await gk.rss();
  console.log(`${N_MAX} subscribers: every one receives, last receipt after ${median(times).toFixed(1)} ms (median of 3)`);
  console.log(`grantkeeper server RSS: ${mb(rss)} (target < 400 MB) ${rss < 400 * 1024 * 1024 ? 'met' : 'NOT met'}`);
  gk.close();
}

const children: ChildProcess[] = [];
try {
  const gkServer = await startChild('grantkeeper');
  children.push(gkServer.child);
  const rawServer = await startChild('raw');
  children.push(rawServer.child);
  console.log('');
  console.log('fan-out: one authorization change to N graphql-ws subscribers vs a raw ws broadcast of the same frame');
  await fanout(gkServer.target, rawServer.target);
} finally {
  for (const child of children) child.kill('SIGTERM');
}
