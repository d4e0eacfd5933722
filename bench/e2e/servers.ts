import { fork, type ChildProcess } from 'node:child_process';
import type { BenchDatabase } from './database.js';
import type { ServerMessage, ServerProcessInput, ServerRequest, ServerStats } from './server-process.js';

/** A running bench server process. */
export interface ServerHandle {
  pid: number;
  url: string;
  provisioner: string;
  stats(gc?: boolean): Promise<ServerStats>;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  config: Record<string, unknown>;
  db: BenchDatabase;
  /** PostgreSQL pool size per instance. */
  poolSize: number;
  /** Directory for `--cpu-prof` output; null for no profile. */
  cpuProfileDir: string | null;
}

const READY_TIMEOUT_MS = 60_000;

function request<T extends ServerMessage['type']>(
  child: ChildProcess,
  message: ServerRequest | null,
  expect: T,
): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`server ${child.pid} did not answer ${expect}`)),
      READY_TIMEOUT_MS,
    );
    const onMessage = (m: ServerMessage) => {
      if (m.type === expect) done(null, m as Extract<ServerMessage, { type: T }>);
      else if (m.type === 'failed') done(new Error(`server ${child.pid} failed: ${m.message}`));
    };
    const onExit = (code: number | null) =>
      done(new Error(`server ${child.pid} exited (${code}) before ${expect}`));
    const done = (error: Error | null, value?: Extract<ServerMessage, { type: T }>) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (message) child.send(message);
  });
}

/** Forks one `server-process.js` and waits until it listens. */
export async function startServer(options: StartServerOptions): Promise<ServerHandle> {
  const input: ServerProcessInput = {
    config: options.config,
    databaseUrl: options.db.url,
    schema: options.db.schema,
    poolSize: options.poolSize,
  };
  const execArgv = ['--expose-gc'];
  if (options.cpuProfileDir !== null) execArgv.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir);
  const child = fork(new URL('./server-process.js', import.meta.url), [], {
    execArgv,
    env: { ...process.env, FRONTDESK_BENCH_SERVER: JSON.stringify(input) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let ready;
  try {
    ready = await request(child, null, 'ready');
  } catch (error) {
    child.kill();
    throw error;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${ready.port}`,
    provisioner: ready.provisioner,
    async stats(gc = true) {
      return (await request(child, { type: 'stats', gc }, 'stats')).stats;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' } satisfies ServerRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Starts `count` instances on one database, one after the other (migrations run under a lock anyway). */
export async function startServers(count: number, options: StartServerOptions): Promise<ServerHandle[]> {
  const servers: ServerHandle[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await startServer(options));
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  return servers;
}
