/** Timing knobs shared by every benchmark module, from the command line of `bench/run.ts`. */
export interface BenchOptions {
  runs: number;
  runMs: number;
  warmupMs: number;
}

/** What a module hands back to the runner for the final `BENCH_JSON` line. */
export interface BenchOutcome {
  module: string;
  /** Machine-readable results; the human report is already printed. */
  result: unknown;
  /** The CPU the part ran pinned to; set by the runner, null when unpinned. */
  pinnedCpu?: string | null;
}

/**
 * A benchmark part (`verifier`, later `e2e`). It prints its own report and throws when the
 * benchmark itself is invalid (a contender failed its proof); a missed target is not an error.
 */
export interface BenchModule {
  runBench(options: BenchOptions): Promise<BenchOutcome>;
}
