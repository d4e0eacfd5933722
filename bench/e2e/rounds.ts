import type { PhaseResult } from './scenarios.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sum = (rows: readonly PhaseResult[], pick: (r: PhaseResult) => number) =>
  rows.reduce((n, r) => n + pick(r), 0);

/** One row from several rounds of the same phase: medians of rates and latencies, sums of counts. */
export function combineRounds(rounds: readonly PhaseResult[]): PhaseResult {
  const first = rounds[0]!;
  const last = rounds[rounds.length - 1]!;
  const statuses: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  for (const r of rounds) {
    for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.errorCodes)) errorCodes[k] = (errorCodes[k] ?? 0) + v;
  }
  const seconds = sum(rounds, (r) => r.seconds);
  return {
    ...first,
    requests: sum(rounds, (r) => r.requests),
    logins: sum(rounds, (r) => r.logins),
    errors: sum(rounds, (r) => r.errors),
    statuses,
    errorCodes,
    failureReferences: rounds.flatMap((r) => r.failureReferences).slice(0, 10),
    seconds,
    loginsPerSec: median(rounds.map((r) => r.loginsPerSec)),
    latencyMs: {
      p50: median(rounds.map((r) => r.latencyMs.p50)),
      p90: median(rounds.map((r) => r.latencyMs.p90)),
      p99: median(rounds.map((r) => r.latencyMs.p99)),
      max: Math.max(...rounds.map((r) => r.latencyMs.max)),
      mean: median(rounds.map((r) => r.latencyMs.mean)),
    },
    memory: {
      rssBefore: first.memory.rssBefore,
      rssAfter: last.memory.rssAfter,
      maxRss: last.memory.maxRss,
      heapAfterGcBefore: first.memory.heapAfterGcBefore,
      heapAfterGcAfter: last.memory.heapAfterGcAfter,
    },
    serverCpuMs: sum(rounds, (r) => r.serverCpuMs),
    eventLoopUtilization: first.eventLoopUtilization.map((_, i) =>
      median(rounds.map((r) => r.eventLoopUtilization[i]!)),
    ),
    statements: sum(rounds, (r) => r.statements),
    loadCpuMs: sum(rounds, (r) => r.loadCpuMs),
    postgresCpuMs: sum(rounds, (r) => r.postgresCpuMs),
    machineBusyMs: sum(rounds, (r) => r.machineBusyMs),
    loadAverage: median(rounds.map((r) => r.loadAverage)),
    replayRefused: rounds.every((r) => r.replayRefused),
    loggedErrors: last.loggedErrors,
    rounds: rounds.map((r) => ({
      loginsPerSec: r.loginsPerSec,
      p50: r.latencyMs.p50,
      p99: r.latencyMs.p99,
      otherCores:
        Math.max(0, r.machineBusyMs - r.serverCpuMs - r.loadCpuMs - r.postgresCpuMs) / (r.seconds * 1000),
    })),
  };
}
