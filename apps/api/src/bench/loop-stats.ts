/**
 * Where a latency tail comes from: a process's event-loop delay (perf_hooks'
 * monitorEventLoopDelay, 1 ms resolution) and its garbage-collection pauses, since the last
 * reading. The proxy bench's children say `"loopStats": true` in their first stdout line and
 * answer each SIGUSR2 with one `{"loop": …}` line; the bench's own client reads its figures
 * in-process.
 */
import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface LoopStats {
  /** Event-loop delay percentiles since the last reading, ms. */
  p99: number;
  max: number;
  /** GC pauses since the last reading: count, total and longest (ms); major = mark-compact. */
  gcCount: number;
  gcTotal: number;
  gcMax: number;
  majorCount: number;
  majorMax: number;
}

/** The figures of a process that does not report them. */
export const NO_LOOP_STATS: LoopStats = { p99: NaN, max: NaN, gcCount: 0, gcTotal: 0, gcMax: 0, majorCount: 0, majorMax: 0 };

export function startLoopStats(): () => LoopStats {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let gc = { count: 0, total: 0, max: 0, majorCount: 0, majorMax: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const major = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
      gc.count += 1;
      gc.total += entry.duration;
      gc.max = Math.max(gc.max, entry.duration);
      if (major) {
        gc.majorCount += 1;
        gc.majorMax = Math.max(gc.majorMax, entry.duration);
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    const stats: LoopStats = {
      p99: delay.percentile(99) / 1e6,
      max: delay.max / 1e6,
      gcCount: gc.count,
      gcTotal: gc.total,
      gcMax: gc.max,
      majorCount: gc.majorCount,
      majorMax: gc.majorMax,
    };
    delay.reset();
    gc = { count: 0, total: 0, max: 0, majorCount: 0, majorMax: 0 };
    return stats;
  };
}

/** A child's side: each SIGUSR2 prints the figures since the last one as a `{"loop": …}` line. */
export function reportLoopStatsOnSignal(): void {
  const read = startLoopStats();
  process.on('SIGUSR2', () => process.stdout.write(`${JSON.stringify({ loop: read() })}\n`));
}

const f = (n: number) => n.toFixed(1);

export function formatLoopStats(s: LoopStats): string {
  return `loop p99 ${f(s.p99)} max ${f(s.max)} ms, gc ${s.gcCount}x ${f(s.gcTotal)} ms (max ${f(s.gcMax)}, major ${s.majorCount}x max ${f(s.majorMax)})`;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * A full collection of this process now, between measured windows: the bench's client otherwise
 * collects its old generation (a pause of up to tens of ms) inside whichever target's window its
 * heap happens to fill in, charging that pause to that target alone.
 */
export async function collectGarbage(): Promise<void> {
  gc();
  // Its GC entry is delivered to the observers asynchronously: before the window opens.
  await new Promise((resolve) => setTimeout(resolve, 50));
}
