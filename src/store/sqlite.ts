import { mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { GroupCommitSqliteDriver, type GroupCommitLimits } from './sqlite-driver.js';
import type { TransactionGuard } from './tx-guard.js';

class FrontdeskSqliteDialect implements Dialect {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly guard: TransactionGuard,
    private readonly groupCommit: GroupCommitLimits | undefined,
  ) {}
  createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.raw, this.guard, this.groupCommit);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

export interface SqliteHandle {
  dialect: Dialect;
  raw: BetterSqlite3.Database;
  /** Canonical path of the file, or null for an in-memory database. */
  file: string | null;
}

/** Canonical form of a database path, stable before and after the file exists. */
export function canonicalSqlitePath(path: string): string {
  const absolute = resolve(path);
  const dir = dirname(absolute);
  mkdirSync(dir, { recursive: true });
  return join(realpathSync(dir), basename(absolute));
}

/**
 * Opens a SQLite database (creating its directory) with the settings Frontdesk relies on:
 * WAL (readers never wait for the writer), synchronous=NORMAL (durable at checkpoints,
 * never corrupt), a busy timeout for other processes, and foreign keys enforced.
 */
export async function openSqlite(
  path: string | null,
  busyTimeoutMs: number,
  guard: TransactionGuard,
  groupCommit?: GroupCommitLimits,
): Promise<SqliteHandle> {
  const { default: Database } = await import('better-sqlite3');
  const file = path === null ? null : canonicalSqlitePath(path);
  const raw = new Database(file ?? ':memory:');
  try {
    raw.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    if (file !== null) raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('temp_store = MEMORY');
    // 32 MiB of page cache (default 2 MiB): the hot indexes of a busy org stay in memory.
    raw.pragma('cache_size = -32768');
  } catch (error) {
    raw.close();
    throw error;
  }
  const dialect = new FrontdeskSqliteDialect(raw, guard, groupCommit);
  return { dialect, raw, file };
}

/** WAL pages after which the serving connection still checkpoints itself (SQLite's default). */
const BACKSTOP_CHECKPOINT_PAGES = 1000;

/**
 * With a checkpoint thread running, the serving connection keeps its automatic checkpoint:
 * the thread's PASSIVE checkpoints never catch up with a busy writer completely, and only a
 * checkpoint by the writer itself lets the WAL start over, so without it the WAL would grow
 * without bound. By the time it runs, the thread has copied nearly every frame, so it has
 * little left to do.
 */
export function useCheckpointBackstop(handle: SqliteHandle): void {
  handle.raw.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
}

// Per-file chain of start-ups within this process. better-sqlite3 is synchronous: if one
// store held the file's write lock across an await, a second store in the same process
// would block the whole thread in its busy handler and the first could never finish.
const fileQueues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call for the same file (in this process) has settled. */
export async function withFileQueue<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const previous = fileQueues.get(file) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  fileQueues.set(file, settled);
  try {
    return await run;
  } finally {
    if (fileQueues.get(file) === settled) fileQueues.delete(file);
  }
}

/**
 * Runs migrations inside one exclusive transaction: other processes wait (busy timeout,
 * raised for the duration), and a failed migration leaves nothing behind.
 */
export async function withSqliteMigrationLock<T>(
  handle: SqliteHandle,
  busyTimeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const { raw } = handle;
  raw.pragma(`busy_timeout = ${Math.max(busyTimeoutMs, 60_000)}`);
  try {
    raw.exec('BEGIN EXCLUSIVE');
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      throw error;
    }
    raw.exec('COMMIT');
    return result;
  } finally {
    raw.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  }
}
