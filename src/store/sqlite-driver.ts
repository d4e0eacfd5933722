import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';
import type { TransactionGuard } from './tx-guard.js';

/** Prepared statements kept per connection; far more than the distinct queries Frontdesk issues. */
const STATEMENT_CACHE_SIZE = 512;

/** How a group commit is bounded: its members wait for the slowest of these. */
export interface GroupCommitLimits {
  /** Uses of the connection (transactions and lone statements) one COMMIT may cover; 1 turns batching off. */
  maxMembers: number;
  /** Age of the open batch after which the next use to end commits it. */
  maxAgeMs: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitLimits = { maxMembers: 64, maxAgeMs: 10 };

/**
 * better-sqlite3's connection with prepared statements reused: Kysely's own SQLite driver
 * prepares every query afresh, and at thousands of logins a second the prepare is a
 * noticeable share of a query's cost while our query texts repeat exactly.
 */
class StatementRunner {
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

  run<R>(compiledQuery: CompiledQuery): QueryResult<R> {
    const statement = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), rows: [] };
  }

  exec(sqlText: string): void {
    this.raw.exec(sqlText);
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

/** One open `BEGIN IMMEDIATE` shared by several uses of the connection, committed once. */
class Batch {
  readonly openedAt = performance.now();
  members = 0;
  readonly outcome: Promise<void>;
  settle!: (error: Error | null) => void;

  constructor() {
    this.outcome = new Promise<void>((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve());
    });
    // Members attach their own handlers; an unobserved failure is not an unhandled rejection.
    this.outcome.catch(() => undefined);
  }
}

/** One holder's turn on the connection, from acquire to release. */
class Lease implements DatabaseConnection {
  /** The batch this lease ran statements in, if any: the lease is done only when it commits. */
  batch: Batch | null = null;
  inTransaction = false;
  ended = false;

  constructor(readonly driver: GroupCommitSqliteDriver) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.driver.runFor<R>(this, compiledQuery));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the Frontdesk SQLite driver');
  }
}

/**
 * Kysely driver over one better-sqlite3 connection, with group commit.
 *
 * A SQLite COMMIT writes every page the transaction dirtied to the WAL, and every thousand
 * pages a checkpoint copies them back: for a login that touches a score of B-trees this is
 * most of its SQL cost. So transactions share commits: each runs in a SAVEPOINT inside one
 * open `BEGIN IMMEDIATE`, and the COMMIT happens when the event loop has run everything that
 * was ready (a `setImmediate`), or when the batch reaches its size or age limit. A member's
 * `commit` resolves only after that COMMIT succeeded, so nothing acts on data that could
 * still vanish; if it fails, every member fails.
 *
 * Isolation between members is unchanged in practice: transactions run one after another on
 * the one connection, and each sees what the earlier ones wrote, exactly as if they had
 * committed. A member that rolls back undoes only its own savepoint. Statements outside any
 * transaction join the open batch too (SQLite makes each statement atomic on its own), and
 * their callers also wait for its COMMIT.
 *
 * Callers queue for the connection first-in first-out (Kysely's stock driver wakes every
 * waiter on each release, which degrades badly with many logins in flight). The write lock
 * is taken up front (`BEGIN IMMEDIATE`), so a transaction that reads and then writes cannot
 * fail half-way with SQLITE_BUSY when another process writes to the same file.
 */
export class GroupCommitSqliteDriver implements Driver {
  readonly #runner: StatementRunner;
  #holder: Lease | null = null;
  readonly #waiting: Array<{ resolve: (lease: Lease) => void; reject: (error: Error) => void }> = [];
  #batch: Batch | null = null;
  #flushScheduled = false;
  #closed = false;

  constructor(
    raw: BetterSqlite3.Database,
    private readonly guard: TransactionGuard,
    private readonly limits: GroupCommitLimits = DEFAULT_GROUP_COMMIT,
  ) {
    this.#runner = new StatementRunner(raw);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    this.guard.assertOutside();
    if (this.#closed) return Promise.reject(new Error('the SQLite store is closed'));
    if (this.#holder === null) {
      this.#holder = new Lease(this);
      return Promise.resolve(this.#holder);
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  /** @internal Runs one statement for the lease that holds the connection. */
  runFor<R>(lease: Lease, compiledQuery: CompiledQuery): QueryResult<R> {
    if (this.#closed) throw new Error('the SQLite store is closed');
    if (lease !== this.#holder || lease.ended) throw new Error('SQLite connection used after release');
    if (lease.inTransaction && lease.batch !== null && lease.batch !== this.#batch) {
      // SQLite rolled the whole transaction back: without this, the body's next statements would
      // run outside any transaction and commit one by one.
      throw new Error('this transaction was rolled back by SQLite after an earlier error');
    }
    if (this.#batch !== null && lease.batch === null) {
      lease.batch = this.#batch;
      this.#batch.members++;
    }
    try {
      return this.#runner.run<R>(compiledQuery);
    } catch (error) {
      this.#noticeLostBatch(error);
      throw error;
    }
  }

  #execInBatch(sqlText: string): void {
    try {
      this.#runner.exec(sqlText);
    } catch (error) {
      this.#noticeLostBatch(error);
      throw error;
    }
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#closed) throw new Error('the SQLite store is closed');
    const lease = connection as Lease;
    // Finished members wait for the COMMIT: past the age limit, do not make them wait for one more.
    if (this.#batch !== null && lease.batch === null && this.#isOld(this.#batch)) this.#commitBatch();
    if (this.#batch === null) {
      this.#runner.exec('begin immediate');
      this.#batch = new Batch();
    }
    if (lease.batch === null) {
      lease.batch = this.#batch;
      this.#batch.members++;
    }
    this.#execInBatch('savepoint fd_tx');
    lease.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#closed) throw new Error('the SQLite store is closed');
    const lease = connection as Lease;
    this.#execInBatch('release fd_tx');
    lease.inTransaction = false;
    return this.#end(lease);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    // Ended: its batch failed as a whole. Closed: `destroy` already undid it.
    if (lease.ended || this.#closed) return;
    lease.inTransaction = false;
    const batchAlive = lease.batch === null || lease.batch === this.#batch;
    if (batchAlive && this.#runner.raw.inTransaction) {
      try {
        this.#runner.exec('rollback to fd_tx');
        this.#runner.exec('release fd_tx');
      } catch (error) {
        // The savepoint could not be undone on its own: undo the whole batch rather than let
        // the next COMMIT keep part of a transaction that reported failure.
        this.#abortBatch(error);
      }
    }
    // Nothing of this lease survives, so it does not wait for the batch.
    if (lease.batch !== null) {
      lease.batch.members--;
      lease.batch = null;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.ended) return;
    return this.#end(lease);
  }

  /**
   * Closes the connection. Members that finished are committed; a transaction still running
   * (say, a handler awaiting something) loses its savepoint, its later statements fail, and
   * callers still queued for the connection are refused.
   */
  async destroy(): Promise<void> {
    const holder = this.#holder;
    if (this.#batch !== null && holder !== null && holder.inTransaction && holder.batch === this.#batch) {
      try {
        this.#runner.exec('rollback to fd_tx');
        this.#runner.exec('release fd_tx');
        holder.batch.members--;
        holder.batch = null;
      } catch (error) {
        this.#abortBatch(error);
      }
    }
    if (this.#batch !== null) this.#commitBatch();
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('the SQLite store is closed'));
    this.#runner.close();
  }

  /** Ends a lease: commits its batch now or later, passes the connection on, and waits for the outcome. */
  #end(lease: Lease): Promise<void> {
    lease.ended = true;
    const batch = lease.batch;
    const open = this.#batch;
    if (open !== null) {
      if (open.members >= this.limits.maxMembers || this.#isOld(open)) this.#commitBatch();
      else if (this.#waiting.length === 0) this.#scheduleFlush();
    }
    this.#handOver();
    return batch === null ? Promise.resolve() : batch.outcome;
  }

  #isOld(batch: Batch): boolean {
    return performance.now() - batch.openedAt >= this.limits.maxAgeMs;
  }

  #handOver(): void {
    const next = this.#waiting.shift();
    if (next) {
      this.#holder = new Lease(this);
      next.resolve(this.#holder);
    } else {
      this.#holder = null;
    }
  }

  // Runs after the event loop has handled everything that was ready: those logins share this COMMIT.
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      if (this.#batch === null) return;
      // A lease in progress will end and schedule again; committing under it would split its savepoint.
      if (this.#holder !== null) return;
      this.#commitBatch();
    });
  }

  #commitBatch(): void {
    const batch = this.#batch!;
    this.#batch = null;
    try {
      this.#runner.exec('commit');
      batch.settle(null);
    } catch (error) {
      if (this.#runner.raw.inTransaction) {
        try {
          this.#runner.exec('rollback');
        } catch {
          // The COMMIT's error is the one to report.
        }
      }
      batch.settle(new Error(`SQLite group commit failed: ${(error as Error).message}`, { cause: error }));
    }
  }

  /** Rolls the whole batch back and fails every member with `cause`. */
  #abortBatch(cause: unknown): void {
    const batch = this.#batch;
    this.#batch = null;
    if (this.#runner.raw.inTransaction) {
      try {
        this.#runner.exec('rollback');
      } catch {
        // Nothing more to undo with; the members are failed below either way.
      }
    }
    batch?.settle(new Error(`SQLite group commit rolled back: ${(cause as Error).message}`, { cause }));
  }

  /** SQLite rolls the whole transaction back on some errors (disk full, I/O): every member then fails. */
  #noticeLostBatch(error: unknown): void {
    const batch = this.#batch;
    if (batch === null || this.#runner.raw.inTransaction) return;
    this.#batch = null;
    batch.settle(
      new Error(`SQLite rolled back a group commit: ${(error as Error).message}`, { cause: error }),
    );
  }
}
