/**
 * The server process of the refresher bench: the real app over the environment's
 * configuration (its own process, so its peak RSS is its own). Prints one line when listening;
 * stops on SIGTERM. BENCH_MEMORY_LOG=1: prints its memory (RSS, heap used/total, external, array
 * buffers, in MB) to stderr every second, to see where a drain's memory goes. BENCH_LOOP_DELAY=1:
 * prints its event loop's delay (max, p99, p99.9) to stderr when it stops, to see how long the
 * loop stalled (e.g. a SQLite checkpoint run inside a commit).
 */
import 'reflect-metadata';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
const stop = () => {
  if (loop)
    process.stderr.write(
      `event loop delay: max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, p99.9 ${(loop.percentile(99.9) / 1e6).toFixed(1)} ms\n`,
    );
  void app.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
