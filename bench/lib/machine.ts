import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  /** Logical CPUs of the machine. */
  logicalCpus: number;
  /** CPUs this process may use (affinity-aware, what `nproc` prints). */
  usableCpus: number;
  /** CPUs this process may run on, from /proc/self/status (Linux), e.g. "0" when pinned. */
  allowedCpus: string | null;
  node: string;
  v8: string;
  os: string;
  memoryGiB: number;
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    logicalCpus: cpus().length,
    usableCpus: availableParallelism(),
    allowedCpus: allowedCpuList(),
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}

/** The Cpus_allowed_list line of /proc/self/status, or null off Linux. */
export function allowedCpuList(): string | null {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    return /^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}
