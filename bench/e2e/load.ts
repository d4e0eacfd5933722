import { fork } from 'node:child_process';

/** One timed (or warm-up) run of the load generator. */
export interface LoadRequest {
  /** Base URLs of the server instances; the load is split evenly between them. */
  targets: string[];
  path: string;
  poolFiles: string[];
  /** Requests to send; every one carries a distinct pool entry. */
  amount: number;
  /** Concurrent connections in total (split between targets). */
  connections: number;
  /** Fixed arrival rate in requests per second, total; absent = as fast as the servers answer. */
  overallRate?: number;
  relayTarget: string;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  responses: number;
  /** 302 to the relay target: the only responses that count as logins. */
  ok: number;
  wrongRedirect: number;
  statuses: Record<string, number>;
  connectionErrors: number;
  timeouts: number;
  requestErrors: string[];
  /** References shown on the first failure pages (look them up in the login history). */
  failureReferences: string[];
  seconds: number;
  loginsPerSec: number;
  responsesPerSec: number;
  /** Per-request latency (ms) of every response, measured by the load generator. */
  latencyMs: LatencySummary;
  /** CPU time the load generator itself used: it shares the machine with the servers. */
  loadCpuMs: number;
  /** Busy time of the whole machine from the first request to (within 50 ms of) the last response. */
  machineBusyMs: number;
  bodiesUsed: number;
  bodiesReused: number;
}

export type LoadMessage =
  | { type: 'loaded'; bodies: number }
  | { type: 'result'; result: LoadResult }
  | { type: 'failed'; message: string };

/** Runs the load generator in a child process and waits for its result. */
export function runLoad(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./load-process.js', import.meta.url), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    child.on('message', (message: LoadMessage) => {
      if (message.type === 'result') {
        settled = true;
        resolve(message.result);
      } else if (message.type === 'failed') {
        settled = true;
        reject(new Error(`load generator failed: ${message.message}`));
      }
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`load generator exited (${code}) without a result`));
    });
    child.send(request);
  });
}
