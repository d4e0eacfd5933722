import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** How often the checkpoint thread copies the WAL back into the database file. */
export const CHECKPOINT_INTERVAL_MS = 10;

const WORKER_URL = new URL('./sqlite-checkpoint-worker.js', import.meta.url);
const STOP_TIMEOUT_MS = 5_000;

/**
 * Moves most of SQLite's WAL checkpoint work off the event loop. By default the connection
 * that commits also checkpoints, every thousand WAL pages: it copies those pages into the
 * database file, blocking every login queued behind it. Here a worker thread with its own
 * connection runs a PASSIVE checkpoint every few milliseconds on another core, so when the
 * serving connection's own checkpoint comes due (it must still run: see
 * `useCheckpointBackstop`) almost every frame is already copied.
 */
export class SqliteCheckpointer {
  #exited = false;

  private constructor(private readonly worker: Worker) {
    // If the thread dies, the serving connection's own checkpoint still bounds the WAL.
    worker.once('exit', () => (this.#exited = true));
  }

  /** Starts the thread; resolves once its connection is open. */
  static async start(file: string, busyTimeoutMs: number): Promise<SqliteCheckpointer> {
    const worker = new Worker(WORKER_URL, {
      workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS, busyTimeoutMs },
      name: 'frontdesk-sqlite-checkpoint',
    });
    worker.unref();
    const [message] = (await Promise.race([once(worker, 'message'), once(worker, 'error')])) as [unknown];
    if (message instanceof Error) throw message;
    return new SqliteCheckpointer(worker);
  }

  /** Stops the thread after its current checkpoint; its connection closes cleanly. */
  async stop(): Promise<void> {
    if (this.#exited) return;
    const exited = once(this.worker, 'exit');
    this.worker.postMessage('stop');
    const timer = setTimeout(() => void this.worker.terminate(), STOP_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
