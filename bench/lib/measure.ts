import { performance } from 'node:perf_hooks';

/** One thing to time. `op(i)` gets a running index so it can cycle through its inputs. */
export type TimedSeries =
  | { id: string; mode: 'sync'; op: (i: number) => unknown }
  | { id: string; mode: 'async'; op: (i: number) => Promise<unknown> };

export interface MeasureOptions {
  warmupMs: number;
  runMs: number;
  runs: number;
  /** Progress goes to stderr so stdout stays a clean report. */
  progress?: (message: string) => void;
}

/**
 * Throughput is ops per second of the process's CPU time (user + system, all threads), the
 * primary figure: on a pinned core it equals wall-clock throughput when nothing else competes,
 * and it stays put when neighbours steal the core. Wall-clock figures are kept alongside.
 */
export interface Measurement {
  id: string;
  /** Median over runs of ops per CPU-second. */
  opsPerSec: number;
  /** CPU µs per op, from the median throughput. */
  usPerOp: number;
  /** Every run's ops per CPU-second, in run order. */
  runOpsPerSec: number[];
  /** Median over runs of ops per wall-clock second. */
  wallOpsPerSec: number;
  /** Median share of wall time the process got on the CPU (1 = had the core to itself). */
  cpuShare: number;
  totalOps: number;
}

interface RunSample {
  ops: number;
  ms: number;
  cpuMs: number;
}

async function timeFor(series: TimedSeries, durationMs: number): Promise<RunSample> {
  const cpuStart = process.cpuUsage();
  const sample = await loopFor(series, durationMs);
  const cpu = process.cpuUsage(cpuStart);
  return { ...sample, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function loopFor(series: TimedSeries, durationMs: number): Promise<{ ops: number; ms: number }> {
  let ops = 0;
  let elapsed = 0;
  const start = performance.now();
  if (series.mode === 'sync') {
    const op = series.op;
    do {
      op(ops++);
      elapsed = performance.now() - start;
    } while (elapsed < durationMs);
  } else {
    const op = series.op;
    // Awaited one at a time: the benchmark measures latency-bound work on one core, no overlap.
    do {
      await op(ops++);
      elapsed = performance.now() - start;
    } while (elapsed < durationMs);
  }
  return { ops, ms: elapsed };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Warms every series up, then runs them round-robin `runs` times for `runMs` each and keeps the
 * median. Interleaving spreads slow drifts (thermal, neighbours) over all series instead of
 * penalising whichever happened to run last.
 */
export async function measureInterleaved(
  seriesList: readonly TimedSeries[],
  options: MeasureOptions,
): Promise<Measurement[]> {
  const progress = options.progress ?? (() => {});
  for (const series of seriesList) {
    progress(`warm-up ${series.id}`);
    await timeFor(series, options.warmupMs);
  }
  const samples = new Map<string, RunSample[]>();
  for (let run = 1; run <= options.runs; run++) {
    progress(`run ${run}/${options.runs}`);
    for (const series of seriesList) {
      const sample = await timeFor(series, options.runMs);
      samples.set(series.id, [...(samples.get(series.id) ?? []), sample]);
    }
  }
  return seriesList.map((series) => {
    const runs = samples.get(series.id)!;
    const rates = runs.map((r) => (r.ops * 1000) / Math.max(r.cpuMs, 1e-3));
    const opsPerSec = median(rates);
    return {
      id: series.id,
      opsPerSec,
      usPerOp: 1e6 / opsPerSec,
      runOpsPerSec: rates,
      wallOpsPerSec: median(runs.map((r) => (r.ops * 1000) / r.ms)),
      cpuShare: median(runs.map((r) => r.cpuMs / r.ms)),
      totalOps: runs.reduce((n, r) => n + r.ops, 0),
    };
  });
}
