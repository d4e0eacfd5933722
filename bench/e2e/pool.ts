import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BenchIdentity } from './assertion.js';
import { Progress } from './progress.js';

/** What one pool of distinct signed logins holds. */
export interface PoolSpec {
  /** File-name stem and assertion-ID prefix; letters and digits only. */
  name: string;
  kind: 'fresh' | 'repeat';
  count: number;
  /** Fresh logins: keeps first logins of different pools on one database apart. */
  tag: string;
  /** Repeat logins: users 1..userCount exist (seeded). */
  userCount: number;
  identity: BenchIdentity;
  relayState: string;
  validitySeconds: number;
  privateKeyPem: string;
  dir: string;
}

/** A pool on disk: one ACS form body per line, split in shards (one per signing worker). */
export interface Pool {
  name: string;
  kind: PoolSpec['kind'];
  count: number;
  files: string[];
  bytes: number;
  /** Wall-clock seconds the signing took. */
  seconds: number;
  /** When the assertions were stamped; they expire `validitySeconds` later. */
  issuedAt: Date;
}

/** What a worker is asked to do: a contiguous slice of the pool. */
export interface PoolSlice {
  spec: Omit<PoolSpec, 'dir'>;
  first: number;
  count: number;
  file: string;
  nowMs: number;
}

export interface PoolWorkerMessage {
  done?: number;
  bytes?: number;
  finished?: boolean;
}

/**
 * Signs `spec.count` distinct responses with node:crypto on every core (RSA-2048 signing
 * costs about 1 ms, so this is the slow part of preparing a run), before anything is timed.
 */
export async function generatePool(spec: PoolSpec): Promise<Pool> {
  const started = Date.now();
  const issuedAt = new Date();
  const workers = Math.max(1, Math.min(availableParallelism(), Math.ceil(spec.count / 500)));
  const progress = new Progress(`signing ${spec.name}`, spec.count);
  const { dir, ...rest } = spec;
  const per = Math.ceil(spec.count / workers);
  const slices: PoolSlice[] = [];
  for (let w = 0, first = 0; first < spec.count; w++, first += per) {
    slices.push({
      spec: rest,
      first,
      count: Math.min(per, spec.count - first),
      file: join(dir, `${spec.name}.${w}.pool`),
      nowMs: issuedAt.getTime(),
    });
  }
  const done = new Array<number>(slices.length).fill(0);
  let bytes = 0;
  await Promise.all(
    slices.map(
      (slice, index) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL('./pool-worker.js', import.meta.url), { workerData: slice });
          worker.on('message', (message: PoolWorkerMessage) => {
            if (message.done !== undefined) {
              done[index] = message.done;
              progress.update(done.reduce((a, b) => a + b, 0));
            }
            if (message.finished) bytes += message.bytes ?? 0;
          });
          worker.once('error', reject);
          worker.once('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`pool worker exited with ${code}`)),
          );
        }),
    ),
  );
  progress.finish();
  return {
    name: spec.name,
    kind: spec.kind,
    count: spec.count,
    files: slices.map((s) => s.file),
    bytes,
    seconds: (Date.now() - started) / 1000,
    issuedAt,
  };
}
