/**
 * The server process of the refresher bench: the real app over the environment's
 * configuration (its own process, so its peak RSS is its own). Prints one line when listening;
 * stops on SIGTERM. BENCH_MEMORY_LOG=1: prints its memory (RSS, heap used/total, external, array
 * buffers, in MB) to stderr every second, to see where a drain's memory goes. BENCH_LOOP_DELAY=1:
 * prints its event loop's delay (max, p99, p99.9) to stderr when it stops, to see how long the
 * loop stalled (e.g. a SQLite checkpoint run inside a commit). BENCH_GC_LOG=1: prints, when it
 * stops, the garbage collections after it was ready (count and main-thread time per kind), to see what
 * the drain's allocation costs. BENCH_HEAP_PROFILE=<file>: samples what is allocated after it was
 * ready (every 4 KiB, collected objects included) and writes the `.heapprofile` there when it
 * stops (open it in Chrome's DevTools, Memory tab), to see where that allocation comes from.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, PerformanceObserver, constants } from 'node:perf_hooks';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

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
const loop = process.env.BENCH_LOOP_DELAY ? monitorEventLoopDelay({ resolution: 1 }) : undefined;
loop?.enable();
const gcKinds: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
const gcs = new Map<string, { count: number; ms: number }>();
const gcObserver = process.env.BENCH_GC_LOG
  ? new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = gcKinds[(entry as unknown as { detail: { kind: number } }).detail.kind] ?? 'other';
        const seen = gcs.get(kind) ?? { count: 0, ms: 0 };
        gcs.set(kind, { count: seen.count + 1, ms: seen.ms + entry.duration });
      }
    })
  : undefined;
gcObserver?.observe({ entryTypes: ['gc'] });
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
const stop = async () => {
  if (inspector && heapProfile) {
    const { profile } = await inspector.post('HeapProfiler.stopSampling');
    writeFileSync(heapProfile, JSON.stringify(profile));
  }
  if (gcObserver) {
    const kinds = [...gcs].map(([kind, { count, ms }]) => `${kind} ${count} (${ms.toFixed(0)} ms)`).join(', ');
    process.stderr.write(`garbage collections after ready: ${kinds || 'none'}\n`);
  }
  if (loop)
    process.stderr.write(
      `event loop delay: max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, p99.9 ${(loop.percentile(99.9) / 1e6).toFixed(1)} ms\n`,
    );
  void app.close().then(() => process.exit(0));
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
