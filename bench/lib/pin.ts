import { spawnSync } from 'node:child_process';
import { allowedCpuList } from './machine.js';

/** Set in a child that already runs pinned, so it does not pin itself again. */
export const PINNED_ENV = 'FRONTDESK_BENCH_PINNED_CPU';

/** The CPU a pinned child runs on, when this process is one. */
export function pinnedCpu(): string | null {
  return process.env[PINNED_ENV] ?? null;
}

/** The first CPU this process may use, e.g. "0" from "0-1". */
function firstAllowedCpu(): string {
  const list = allowedCpuList();
  return /^\d+/.exec(list ?? '')?.[0] ?? '0';
}

/** Whether `taskset` (util-linux) can pin a child to one CPU here. */
export function canPin(): boolean {
  const probe = spawnSync('taskset', ['--version'], { encoding: 'utf8' });
  return !probe.error && probe.status === 0;
}

/**
 * Runs this same script again under `taskset -c <cpu>` with `args`, inheriting stdio. Pinning the
 * whole process, not just the JS thread, keeps V8's GC helpers and libuv's pool on that core too.
 */
export function runPinned(scriptArgs: readonly string[]): number {
  const cpu = firstAllowedCpu();
  const script = process.argv[1]!;
  const result = spawnSync(
    'taskset',
    ['-c', cpu, process.execPath, ...process.execArgv, script, ...scriptArgs],
    { stdio: 'inherit', env: { ...process.env, [PINNED_ENV]: cpu } },
  );
  if (result.error) throw result.error;
  return result.status ?? 1;
}
