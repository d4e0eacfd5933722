import { createPrivateKey, randomInt } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { acsFormBody, signedResponseXml } from './assertion.js';
import { freshPerson, repeatPerson } from './people.js';
import type { PoolSlice, PoolWorkerMessage } from './pool.js';

/** Worker entry: signs one slice of a pool and appends one form body per line to its shard. */
function run(slice: PoolSlice): void {
  const { spec } = slice;
  const key = createPrivateKey(spec.privateKeyPem);
  const now = new Date(slice.nowMs);
  const fd = openSync(slice.file, 'w');
  let bytes = 0;
  let batch: string[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const text = batch.join('');
    bytes += writeSync(fd, text);
    batch = [];
  };
  try {
    for (let i = 0; i < slice.count; i++) {
      const n = slice.first + i;
      const person =
        spec.kind === 'fresh' ? freshPerson(spec.tag, n) : repeatPerson(1 + randomInt(spec.userCount), n);
      const xml = signedResponseXml(
        spec.identity,
        {
          assertionId: `_a${spec.name}-${n}`,
          responseId: `_r${spec.name}-${n}`,
          person,
          now,
          validitySeconds: spec.validitySeconds,
        },
        key,
      );
      batch.push(acsFormBody(xml, spec.relayState) + '\n');
      if (batch.length === 200) {
        flush();
        parentPort!.postMessage({ done: i + 1 } satisfies PoolWorkerMessage);
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  parentPort!.postMessage({ done: slice.count, bytes, finished: true } satisfies PoolWorkerMessage);
}

run(workerData as PoolSlice);
