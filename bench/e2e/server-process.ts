import { createFrontdesk, serverStoreOptions } from '../../src/app.js';
import { parseConfig } from '../../src/config/index.js';
import { openStore } from '../../src/store/index.js';
import { installQueryCounter } from './query-counter.js';

/**
 * One Frontdesk instance for the end-to-end bench, run as its own process (forked with an IPC
 * channel): a configuration built with `parseConfig`, a store on the shared database, and
 * `createFrontdesk(...).listen()`. The bench asks it for memory figures over IPC, so nothing
 * in src/server needs a bench-only route.
 */

/** What the bench passes in FRONTDESK_BENCH_SERVER (JSON). */
export interface ServerProcessInput {
  config: Record<string, unknown>;
  databaseUrl: string;
  schema: string | null;
  poolSize: number;
}

export type ServerRequest = { type: 'stats'; gc: boolean } | { type: 'stop' };

export interface ServerStats {
  rssBytes: number;
  /** Peak RSS of the process so far (getrusage). */
  maxRssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Time the main thread's event loop spent running code (not waiting), since start. */
  eventLoopBusyMs: number;
  /** SQL statements sent so far (BEGIN/COMMIT included). */
  statements: number;
  /** Unexpected failures the app logged (a healthy run has none). */
  loggedErrors: number;
  firstLogged: string[];
}

export type ServerMessage =
  | { type: 'ready'; port: number; provisioner: string }
  | { type: 'stats'; stats: ServerStats }
  | { type: 'failed'; message: string };

const send = (message: ServerMessage) => process.send!(message);

async function main(): Promise<void> {
  const input = JSON.parse(process.env.FRONTDESK_BENCH_SERVER ?? '') as ServerProcessInput;
  const statements = await installQueryCounter();
  const config = parseConfig(input.config);
  const store = await openStore({
    ...serverStoreOptions(config),
    url: input.databaseUrl,
    ...(input.schema === null ? {} : { schema: input.schema }),
    poolSize: input.poolSize,
  });
  let loggedErrors = 0;
  const firstLogged: string[] = [];
  const app = await createFrontdesk({
    config,
    store,
    log: (message, error) => {
      loggedErrors++;
      if (firstLogged.length < 5) {
        firstLogged.push(
          `${message}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error ?? '')}`,
        );
      }
    },
  });
  const { port } = await app.listen(0, '127.0.0.1');
  const provisioner = (app.loginService as unknown as { deps: { provisioner?: unknown } }).deps.provisioner;
  send({ type: 'ready', port, provisioner: provisioner ? 'standard JIT' : 'none' });

  process.on('message', (request: ServerRequest) => {
    if (request.type === 'stats') {
      if (request.gc) (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      const cpu = process.cpuUsage();
      send({
        type: 'stats',
        stats: {
          rssBytes: memory.rss,
          maxRssBytes: process.resourceUsage().maxRSS * 1024,
          heapUsedBytes: memory.heapUsed,
          heapTotalBytes: memory.heapTotal,
          externalBytes: memory.external,
          cpuUserMs: cpu.user / 1000,
          cpuSystemMs: cpu.system / 1000,
          eventLoopBusyMs: (
            performance as unknown as { eventLoopUtilization(): { active: number } }
          ).eventLoopUtilization().active,
          statements: statements(),
          loggedErrors,
          firstLogged,
        },
      });
    } else if (request.type === 'stop') {
      void app
        .close()
        .then(() => store.close())
        // A normal exit, so `--cpu-prof` gets to write its profile.
        .finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
