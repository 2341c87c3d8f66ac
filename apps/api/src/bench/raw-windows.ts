/**
 * The refresher bench's baseline: one client POSTing refresh grants to the local token endpoint,
 * sequentially, over one keep-alive connection, measured in several windows instead of one. On
 * the shared 2-core machine a single 3 s window of this loop came out anywhere between about
 * 5,000 and 9,000 grants/s (bimodal, in one process, back to back), so a ratio against one window
 * is a coin toss; the bench measures windows before and after each drain and takes the ratio
 * against their median, printing the ratio against the slowest and fastest window beside it.
 * Each window has a fresh agent (a new connection, as the one client of the definition
 * would open) and its first grant (the connection's set-up) is not counted.
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'undici';
import type { TokenEndpoint } from '../testing/token-endpoint.js';
import { rawRefreshGrant } from './raw-refresh-grant.js';

export interface RawWindow {
  /** Refresh grants per second. */
  rate: number;
  /** This process's CPU (client and token endpoint together) per grant, in µs. */
  cpuPerGrantUs: number;
}

const cpuUs = (usage: NodeJS.CpuUsage) => usage.user + usage.system;

/** One window: one client, one connection, one request after the other, along one chain. */
export async function rawWindow(endpoint: TokenEndpoint, seconds: number): Promise<RawWindow> {
  const agent = new Agent({ connections: 1 });
  let token = `raw-${randomBytes(6).toString('hex')}`;
  endpoint.register(token, new Date(Date.now() + 3_600_000));
  const url = `${endpoint.url}/raw/token`;
  try {
    token = await rawRefreshGrant(url, agent, token);
    let count = 0;
    const cpuAtStart = process.cpuUsage();
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      token = await rawRefreshGrant(url, agent, token);
      count += 1;
    }
    const elapsed = (performance.now() - started) / 1000;
    return { rate: count / elapsed, cpuPerGrantUs: cpuUs(process.cpuUsage(cpuAtStart)) / count };
  } finally {
    await agent.close();
  }
}

/**
 * Warms the loop up by a count of grants rather than a time: on the loaded machine a 1 s warm-up
 * (a few hundred grants there) left the next windows at 270-1,100 µs of CPU per grant instead of
 * about 130 (the code still being compiled), so the first windows measured the JIT, not the loop.
 */
export async function warmUp(endpoint: TokenEndpoint, grants: number): Promise<void> {
  const agent = new Agent({ connections: 1 });
  let token = `warm-${randomBytes(6).toString('hex')}`;
  endpoint.register(token, new Date(Date.now() + 3_600_000));
  try {
    for (let i = 0; i < grants; i += 1) token = await rawRefreshGrant(`${endpoint.url}/raw/token`, agent, token);
  } finally {
    await agent.close();
  }
}

export async function rawWindows(endpoint: TokenEndpoint, count: number, seconds: number): Promise<RawWindow[]> {
  const windows: RawWindow[] = [];
  for (let i = 0; i < count; i += 1) windows.push(await rawWindow(endpoint, seconds));
  return windows;
}

export interface RawSpread {
  median: number;
  min: number;
  max: number;
}

export function spreadOf(windows: readonly RawWindow[]): RawSpread {
  const rates = windows.map((w) => w.rate).sort((a, b) => a - b);
  const mid = Math.floor(rates.length / 2);
  const median = rates.length % 2 === 1 ? rates[mid]! : (rates[mid - 1]! + rates[mid]!) / 2;
  return { median, min: rates[0]!, max: rates[rates.length - 1]! };
}
