import { readFileSync } from 'node:fs';
import type { BenchDatabase } from './database.js';

/** Linux clock ticks per second for /proc times (USER_HZ is 100 on every mainstream build). */
const TICKS_PER_SECOND = 100;

/** CPU time, in ms, of this run's PostgreSQL backends, by pid. */
export interface CpuSnapshot {
  backends: Map<number, number>;
}

/** Busy time of all CPUs (everything but idle and iowait) from /proc/stat; 0 off Linux. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [, ...fields] = line.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return ((user! + nice! + system! + irq! + softirq! + (steal ?? 0)) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** utime + stime of one process, or null once it is gone. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) state", utime and stime are the 12th and 13th fields.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * The backends serving this run's connections: the servers connect with the database's own
 * `application_name`, so other users of the same PostgreSQL server are not counted.
 */
async function backendPids(db: BenchDatabase): Promise<number[]> {
  if (db.kind !== 'postgres' || db.applicationName === null) return [];
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
      [db.applicationName],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

/** CPU time of this run's PostgreSQL backends (empty for SQLite). */
export async function cpuSnapshot(db: BenchDatabase): Promise<CpuSnapshot> {
  const backends = new Map<number, number>();
  for (const pid of await backendPids(db)) {
    const ms = processCpuMs(pid);
    if (ms !== null) backends.set(pid, ms);
  }
  return { backends };
}

/** CPU the run's backends used between two snapshots (a backend that appeared in between counts whole). */
export function backendDeltaMs(before: CpuSnapshot, after: CpuSnapshot): number {
  let ms = 0;
  for (const [pid, end] of after.backends) ms += end - (before.backends.get(pid) ?? 0);
  return ms;
}
