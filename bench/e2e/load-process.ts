import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { LoadRequest, LoadResult, LoadMessage } from './load.js';
import { machineBusyMs } from './machine-cpu.js';

/**
 * The load generator, in a process of its own so it never shares an event loop with a
 * server: autocannon's programmatic API, one instance per server URL, each request carrying
 * the next unused signed response of the pool.
 */

interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
  onResponse?: (
    status: number,
    body: string,
    context: unknown,
    headers: Record<string, string | string[]>,
  ) => void;
}

interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'reqError', fn: (error: Error) => void): void;
  on(event: 'done', fn: (result: { errors: number; timeouts: number }) => void): void;
}

type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function loadPool(files: readonly string[]): string[] {
  const bodies: string[] = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line !== '') bodies.push(line);
  }
  return bodies;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

async function run(request: LoadRequest): Promise<LoadResult> {
  const pool = loadPool(request.poolFiles);
  if (pool.length < request.amount) {
    throw new Error(`pool holds ${pool.length} bodies, the run needs ${request.amount}`);
  }
  process.send!({ type: 'loaded', bodies: pool.length } satisfies LoadMessage);

  let cursor = 0;
  let reused = 0;
  const next = () => {
    if (cursor >= pool.length) reused++;
    return pool[cursor++ % pool.length]!;
  };
  const latencies = new Float64Array(request.amount + 1024);
  let recorded = 0;
  const statuses: Record<string, number> = {};
  let ok = 0;
  let wrongRedirect = 0;
  const failureReferences: string[] = [];
  const requestErrors: string[] = [];

  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let lastResponseAt = started;
  // The machine's busy time over the same window as the logins/s, sampled at most every 50 ms.
  const busyStart = machineBusyMs();
  let busyEnd = busyStart;
  let busySampledAt = started;
  const targets = request.targets;
  const results = await Promise.all(
    targets.map(
      (url, index) =>
        new Promise<{ errors: number; timeouts: number }>((resolve) => {
          const share =
            Math.floor(request.amount / targets.length) + (index < request.amount % targets.length ? 1 : 0);
          const connections = Math.max(1, Math.round(request.connections / targets.length));
          const instance = autocannon({
            url,
            connections,
            amount: share,
            timeout: 30,
            ...(request.overallRate ? { overallRate: request.overallRate / targets.length } : {}),
            requests: [
              {
                method: 'POST',
                path: request.path,
                headers: {
                  'content-type': 'application/x-www-form-urlencoded',
                  'user-agent': 'frontdesk-bench-e2e',
                },
                setupRequest: (req: AutocannonRequest) => ({ ...req, body: next() }),
                onResponse: (
                  status: number,
                  body: string,
                  _context: unknown,
                  headers: Record<string, string | string[]>,
                ) => {
                  statuses[status] = (statuses[status] ?? 0) + 1;
                  if (status === 302) {
                    const location = headers.location ?? headers.Location;
                    if (location === request.relayTarget) ok++;
                    else wrongRedirect++;
                  } else if (failureReferences.length < 10) {
                    failureReferences.push(/id="reference">([^<]+)</.exec(body)?.[1] ?? `HTTP ${status}`);
                  }
                },
              } satisfies AutocannonRequest,
            ],
          });
          instance.on('response', (_client, _status, _bytes, ms) => {
            lastResponseAt = performance.now();
            if (lastResponseAt - busySampledAt >= 50) {
              busyEnd = machineBusyMs();
              busySampledAt = lastResponseAt;
            }
            if (recorded < latencies.length) latencies[recorded++] = ms;
          });
          instance.on('reqError', (error) => {
            if (requestErrors.length < 5) requestErrors.push(error.message);
          });
          instance.on('done', (result) => resolve({ errors: result.errors, timeouts: result.timeouts }));
        }),
    ),
  );
  // autocannon notices the end on its 1 s tick; the run really ended with the last response.
  const seconds = (lastResponseAt - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const sorted = latencies.slice(0, recorded).sort();
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    responses,
    ok,
    wrongRedirect,
    statuses,
    connectionErrors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    requestErrors,
    failureReferences,
    seconds,
    loginsPerSec: ok / seconds,
    responsesPerSec: responses / seconds,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1]! : NaN,
      mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    },
    loadCpuMs: (cpu.user + cpu.system) / 1000,
    machineBusyMs: busyEnd - busyStart,
    bodiesUsed: Math.min(cursor, pool.length),
    bodiesReused: reused,
  };
}

process.once('message', (request: LoadRequest) => {
  run(request).then(
    (result) => {
      process.send!({ type: 'result', result } satisfies LoadMessage, () => process.exit(0));
    },
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.send!({ type: 'failed', message } satisfies LoadMessage, () => process.exit(1));
    },
  );
});
