import { parentPort, workerData } from 'node:worker_threads';

interface CheckpointWorkerData {
  file: string;
  intervalMs: number;
  busyTimeoutMs: number;
}

// Entry point of the checkpoint thread (see SqliteCheckpointer).
if (parentPort) {
  const port = parentPort;
  const { file, intervalMs, busyTimeoutMs } = workerData as CheckpointWorkerData;
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file, { fileMustExist: true });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // Never checkpoint implicitly from here; only the explicit PASSIVE one below.
  db.pragma('wal_autocheckpoint = 0');
  const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');

  const timer = setInterval(() => {
    try {
      // PASSIVE copies what it can without waiting for readers or the writer; busy is fine, try later.
      checkpoint.run();
    } catch {
      // SQLITE_BUSY from another process's checkpoint, or a transient I/O error: the next tick retries,
      // and the serving connection's backstop bounds the WAL meanwhile.
    }
  }, intervalMs);

  port.on('message', (message) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    db.close();
    port.close();
  });
  port.postMessage('ready');
}
