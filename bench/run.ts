import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchModule, BenchOptions, BenchOutcome } from './lib/bench-module.js';
import { machineInfo } from './lib/machine.js';
import { canPin, pinnedCpu, runPinned } from './lib/pin.js';

/**
 * `npm run bench`: runs each benchmark part and ends with one `BENCH_JSON {...}` line.
 *
 *   node dist/bench/run.js [--only verifier[,e2e]] [--runs 5] [--seconds 2] [--warmup-seconds 1] [--no-pin]
 *
 * A part that measures one core (`cores: 1`) runs in a child pinned with taskset; parts that need
 * the whole machine (the end-to-end HTTP bench) run unpinned. Exit code 1 means the benchmark
 * itself is invalid (a contender failed its proof), never that a target was missed.
 */
interface ModuleEntry {
  cores: 1 | 'all';
  load(): Promise<BenchModule>;
}

const MODULES: Record<string, ModuleEntry> = {
  verifier: { cores: 1, load: async () => (await import('./verifier.js')).default },
  e2e: { cores: 'all', load: async () => (await import('./e2e/index.js')).default },
};

interface CliOptions extends BenchOptions {
  only: string[];
  pin: boolean;
  /** Internal: a pinned child writes its outcome here instead of printing BENCH_JSON. */
  resultFile: string | null;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    only: Object.keys(MODULES),
    runs: 5,
    runMs: 2000,
    warmupMs: 1000,
    pin: true,
    resultFile: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const positive = (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number`);
      return n;
    };
    if (flag === '--only') options.only = value().split(',').filter(Boolean);
    else if (flag === '--runs') options.runs = Math.round(positive(value()));
    else if (flag === '--seconds') options.runMs = positive(value()) * 1000;
    else if (flag === '--warmup-seconds') options.warmupMs = positive(value()) * 1000;
    else if (flag === '--no-pin') options.pin = false;
    else if (flag === '--result-file') options.resultFile = value();
    else throw new Error(`unknown option ${flag}`);
  }
  for (const name of options.only) {
    if (!MODULES[name])
      throw new Error(`unknown bench part "${name}" (have: ${Object.keys(MODULES).join(', ')})`);
  }
  return options;
}

function childArgs(name: string, options: CliOptions, resultFile: string): string[] {
  return [
    '--only',
    name,
    '--runs',
    String(options.runs),
    '--seconds',
    String(options.runMs / 1000),
    '--warmup-seconds',
    String(options.warmupMs / 1000),
    '--result-file',
    resultFile,
  ];
}

async function runModule(name: string, options: CliOptions): Promise<BenchOutcome> {
  const entry = MODULES[name]!;
  if (entry.cores === 1 && options.pin && pinnedCpu() === null) {
    if (canPin()) {
      const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-run-'));
      try {
        const file = join(dir, 'outcome.json');
        const status = runPinned(childArgs(name, options, file));
        if (status !== 0) throw new Error(`bench part "${name}" failed (exit ${status})`);
        return JSON.parse(readFileSync(file, 'utf8')) as BenchOutcome;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    process.stderr.write(
      `[bench] taskset not found: "${name}" runs unpinned and may use more than one core\n`,
    );
  }
  const module = await entry.load();
  const outcome = await module.runBench({
    runs: options.runs,
    runMs: options.runMs,
    warmupMs: options.warmupMs,
  });
  return { ...outcome, pinnedCpu: pinnedCpu() };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const machine = machineInfo();
  if (options.resultFile === null) {
    console.log(
      `Frontdesk bench: ${machine.cpuModel}, ${machine.logicalCpus} CPUs, node ${machine.node}, ${machine.os}`,
    );
  } else {
    process.stderr.write(`[bench] pinned to CPU ${pinnedCpu() ?? '?'} (allowed: ${machine.allowedCpus})\n`);
  }
  const outcomes: Record<string, unknown> = {};
  for (const name of options.only) {
    const outcome = await runModule(name, options);
    outcomes[name] = { pinnedCpu: outcome.pinnedCpu ?? null, ...(outcome.result as object) };
    if (options.resultFile !== null) writeFileSync(options.resultFile, JSON.stringify(outcome));
  }
  if (options.resultFile === null) {
    console.log(`BENCH_JSON ${JSON.stringify({ machine, modules: outcomes })}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`\n!!! BENCHMARK ABORTED !!!\n${message}\n`);
    process.exit(1);
  },
);
