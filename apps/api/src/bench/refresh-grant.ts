/**
 * `pnpm bench` (refresh grant): what one refresh grant costs the server on the protocol side.
 * oauth-core's `refreshTokenSet` through the server's real outbound fetch (the policy-bound
 * Agent) against the test token endpoint (`src/testing/token-endpoint.ts`, its own process),
 * beside a raw undici `request` loop to the same endpoint: N calls one after the other and N
 * calls CONCURRENCY at a time, in alternating rounds. Printed per mode: calls/s and this
 * process's CPU time per call (process.cpuUsage; the endpoint's CPU is not counted). A figure,
 * not a test.
 *
 * BENCH_GRANT_CALLS (per round and mode, default 3000), BENCH_GRANT_ROUNDS (3),
 * BENCH_GRANT_CONCURRENCY (32) change it.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { refreshTokenSet, type ProviderConfig, type TokenSet } from '@grantkeeper/oauth-core';
import { Agent } from 'undici';
import { createOutboundAgent } from '../outbound/address-policy.js';
import { createOutboundFetch } from '../outbound/outbound-fetch.js';
import { rawRefreshGrant } from './raw-refresh-grant.js';

const CALLS = Number(process.env.BENCH_GRANT_CALLS ?? 3000);
const ROUNDS = Number(process.env.BENCH_GRANT_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_GRANT_CONCURRENCY ?? 32);

type Refresh = (token: string) => Promise<string>;

interface Sample {
  calls: number;
  seconds: number;
  cpuUs: number;
}

async function startEndpoint(chains: number) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./refresh-grant-endpoint.js', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_GRANT_CHAINS: String(chains) },
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`token endpoint exited with ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}

/** `calls` refreshes over `chains` rotating chains, `chains` at a time. */
async function run(refresh: Refresh, firstChain: number, chains: number, calls: number): Promise<Sample> {
  const perChain = Math.ceil(calls / chains);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: chains }, async (_, i) => {
      let token = `chain-${firstChain + i}`;
      for (let n = 0; n < perChain; n += 1) token = await refresh(token);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { calls: perChain * chains, seconds, cpuUs: used.user + used.system };
}

function rawRefresh(url: string, agent: Agent): Refresh {
  return (token) => rawRefreshGrant(url, agent, token);
}

function engineRefresh(url: string): { refresh: Refresh; close: () => Promise<void> } {
  const agent = createOutboundAgent({ allowPrivate: true });
  const fetch = createOutboundFetch(agent);
  const provider: ProviderConfig = {
    authorizationEndpoint: `${url}/authorize`,
    tokenEndpoint: `${url}/engine/token`,
    clientId: 'bench',
    clientSecret: 'bench-secret',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scopes: ['read'],
  };
  const refresh: Refresh = async (token) => {
    const current: TokenSet = {
      accessToken: 'at',
      tokenType: 'bearer',
      expiresAt: null,
      refreshToken: token,
      refreshTokenExpiresAt: null,
      scopes: ['read'],
      idToken: null,
      obtainedAt: new Date(),
    };
    const next = await refreshTokenSet({ provider, current, fetch });
    return next.refreshToken!;
  };
  return { refresh, close: () => agent.close() };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const modes = [
    ['raw', 'sequential'],
    ['engine', 'sequential'],
    ['raw', 'concurrent'],
    ['engine', 'concurrent'],
  ] as const;
  const endpoint = await startEndpoint((ROUNDS + 1) * modes.length * (CONCURRENCY + 1));
  const rawAgent = new Agent({ connections: CONCURRENCY });
  const engine = engineRefresh(endpoint.url);
  const raw = rawRefresh(`${endpoint.url}/raw/token`, rawAgent);
  const totals = new Map<string, Sample>();
  let chain = 0;
  try {
    for (let round = 0; round <= ROUNDS; round += 1) {
      for (const [target, mode] of modes) {
        const chains = mode === 'sequential' ? 1 : CONCURRENCY;
        // Round 0 warms up (JIT, connections) and is not counted.
        const calls = round === 0 ? Math.min(CALLS, 500) : CALLS;
        const sample = await run(target === 'raw' ? raw : engine.refresh, chain, chains, calls);
        chain += chains;
        if (round === 0) continue;
        const key = `${target} ${mode}`;
        const total = totals.get(key) ?? { calls: 0, seconds: 0, cpuUs: 0 };
        totals.set(key, { calls: total.calls + sample.calls, seconds: total.seconds + sample.seconds, cpuUs: total.cpuUs + sample.cpuUs });
      }
    }
  } finally {
    await engine.close();
    await rawAgent.close();
    endpoint.stop();
  }
  console.log(`refresh grant: ${ROUNDS} rounds x ${fmt(CALLS)} calls per mode, concurrency ${CONCURRENCY}`);
  for (const mode of ['sequential', 'concurrent']) {
    const r = totals.get(`raw ${mode}`)!;
    const e = totals.get(`engine ${mode}`)!;
    const line = (name: string, s: Sample) =>
      `  ${name.padEnd(18)} ${fmt(s.calls / s.seconds).padStart(7)} calls/s  ${fmt(s.cpuUs / s.calls, 1).padStart(7)} us CPU/call`;
    console.log(`${mode}:`);
    console.log(line('raw undici', r));
    console.log(line('refreshTokenSet', e));
    console.log(
      `  engine/raw: ${fmt(e.calls / e.seconds / (r.calls / r.seconds), 2)}x calls/s, ${fmt(e.cpuUs / e.calls / (r.cpuUs / r.calls), 2)}x CPU/call`,
    );
  }
}

await main();
