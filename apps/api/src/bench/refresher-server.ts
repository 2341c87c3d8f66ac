/**
 * The server process of the refresher bench: the real app over the environment's
 * configuration (its own process, so its peak RSS is its own). Prints one line when listening;
 * stops on SIGTERM. BENCH_MEMORY_LOG=1: prints its memory (RSS, heap used/total, external, array
 * buffers, in MB) to stderr every second, to see where a drain's memory goes. BENCH_LOOP_DELAY=1:
 * prints, when it stops, its event loop's delay after it was ready (p99, max) and its garbage
 * collections meanwhile (count, main-thread time, longest, mark-compacts; `loop-stats.ts`), to see
 * how long the loop stalled (e.g. a SQLite checkpoint run inside a commit) and what the drain's
 * allocation costs. BENCH_HEAP_PROFILE=<file>: samples what is allocated after it was
 * ready (every 4 KiB, collected objects included) and writes the `.heapprofile` there when it
 * stops (open it in Chrome's DevTools, Memory tab), to see where that allocation comes from.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { formatLoopStats, startLoopStats } from './loop-stats.js';

const app = await createApp(loadConfig(process.env));
await app.start();
process.stdout.write(`${JSON.stringify({ url: app.url })}\n`);
if (process.env.BENCH_MEMORY_LOG) {
  const mb = (n: number) => Math.round(n / 1048576);
  setInterval(() => {
    const m = process.memoryUsage();
    process.stderr.write(
      `memory rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}\n`,
    );
  }, 1000).unref();
}
// Started once ready: the figures are the drain's, not the start's.
const loopStats = process.env.BENCH_LOOP_DELAY ? startLoopStats() : undefined;
const heapProfile = process.env.BENCH_HEAP_PROFILE;
const inspector = heapProfile ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  if (inspector && heapProfile) {
    const { profile } = await inspector.post('HeapProfiler.stopSampling');
    writeFileSync(heapProfile, JSON.stringify(profile));
  }
  if (loopStats) process.stderr.write(`after ready: ${formatLoopStats(loopStats())}\n`);
  void app.close().then(() => process.exit(0));
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
