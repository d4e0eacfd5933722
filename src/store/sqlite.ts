import { mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { TransactionGuard } from './tx-guard.js';

/** Prepared statements kept per connection; far more than the distinct queries Frontdesk issues. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * The one better-sqlite3 connection, with prepared statements reused: Kysely's own SQLite
 * driver prepares every query afresh, and at thousands of logins a second the prepare is a
 * noticeable share of a query's cost while our query texts repeat exactly.
 */
class SqliteConnection implements DatabaseConnection {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly raw: BetterSqlite3.Database) {}

  #prepare(sqlText: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sqlText);
    if (statement === undefined) {
      statement = this.raw.prepare(sqlText);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        // Map iteration order is insertion order: drop the oldest.
        this.#statements.delete(this.#statements.keys().next().value!);
      }
      this.#statements.set(sqlText, statement);
    }
    return statement;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const statement = this.#prepare(compiledQuery.sql);
      const parameters = compiledQuery.parameters as unknown[];
      if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
      const { changes } = statement.run(parameters);
      return Promise.resolve({ numAffectedRows: BigInt(changes), rows: [] });
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the Frontdesk SQLite driver');
  }

  close(): void {
    this.#statements.clear();
    try {
      // What SQLite recommends before closing a long-lived connection: refresh planner stats.
      this.raw.pragma('optimize');
    } catch {
      // Best effort only; closing matters more.
    }
    this.raw.close();
  }
}

/**
 * Kysely driver over one better-sqlite3 connection.
 * - Callers queue for the connection first-in first-out (Kysely's driver wakes every waiter
 *   on each release, which degrades badly with many logins in flight).
 * - `BEGIN IMMEDIATE` instead of a deferred `BEGIN`: the write lock is taken up front, so a
 *   transaction that reads and then writes cannot fail half-way with SQLITE_BUSY when
 *   another process (a CLI run, a second server) writes to the same file.
 */
class SqliteDriver implements Driver {
  readonly #connection: SqliteConnection;
  #busy = false;
  readonly #waiting: Array<() => void> = [];

  constructor(
    raw: BetterSqlite3.Database,
    private readonly guard: TransactionGuard,
  ) {
    this.#connection = new SqliteConnection(raw);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    this.guard.assertOutside();
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(this.#connection);
    }
    return new Promise((resolve) => this.#waiting.push(() => resolve(this.#connection)));
  }

  async releaseConnection(): Promise<void> {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    this.#connection.close();
  }
}

class FrontdeskSqliteDialect implements Dialect {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly guard: TransactionGuard,
  ) {}
  createDriver(): Driver {
    return new SqliteDriver(this.raw, this.guard);
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
  const dialect = new FrontdeskSqliteDialect(raw, guard);
  return { dialect, raw, file };
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
