import { Kysely, Migrator, type Dialect } from 'kysely';
import { codecFor, type StoreDialect } from './codec.js';
import { createIdFactory, type IdGenerator } from './ids.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrationProvider } from './migrations.js';
import { currentSchema, openPostgres, withPostgresMigrationLock } from './postgres.js';
import type { RepoContext } from './repos/context.js';
import { Repositories } from './repositories.js';
import type { Database } from './schema.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import type { GroupCommitLimits } from './sqlite-driver.js';
import { TransactionGuard } from './tx-guard.js';
import {
  canonicalSqlitePath,
  openSqlite,
  useCheckpointBackstop,
  withFileQueue,
  withSqliteMigrationLock,
  type SqliteHandle,
} from './sqlite.js';

/** Repositories bound to one transaction; the same interface as the store's own. */
export type StoreTx = Repositories;

export interface OpenStoreOptions {
  /**
   * `sqlite:<path>`, `sqlite::memory:`, a bare file path, or `postgres://…` / `postgresql://…`.
   * @example 'sqlite:./data/frontdesk.db'
   */
  url: string;
  /** The random 15-character body of every generated id (the key prefix is prepended). */
  idGenerator?: IdGenerator;
  /** The clock for created/updated timestamps. */
  now?: () => Date;
  /** PostgreSQL only: the schema to create (if missing) and use on every pooled connection. */
  schema?: string;
  /** PostgreSQL only: pool size. Default 10. */
  poolSize?: number;
  /** SQLite only: how long to wait for another process's write lock. Default 5,000 ms. */
  busyTimeoutMs?: number;
  /**
   * SQLite only: how transactions share a COMMIT (see `GroupCommitSqliteDriver`). Default
   * up to 64 per COMMIT, none waiting past 10 ms; `{ maxMembers: 1, maxAgeMs: 0 }` commits
   * each on its own.
   */
  groupCommit?: GroupCommitLimits;
  /**
   * SQLite file only: run WAL checkpoints on a worker thread instead of inside commits (see
   * `SqliteCheckpointer`). The server turns this on. Default false.
   */
  checkpointThread?: boolean;
  /**
   * Refuse calls on the store itself made inside a `store.transaction()` body (a deadlock on
   * SQLite) with a clear error. Costs CPU on every promise (AsyncLocalStorage on Node 20),
   * so it is meant for tests and development. Default false.
   */
  guardTransactions?: boolean;
}

type Target = { dialect: 'sqlite'; path: string | null } | { dialect: 'postgres'; url: string };

// Any scheme but a one-letter Windows drive (`C:\data\fd.db` stays a path).
const SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/**
 * Reads a database URL.
 * @example parseStoreUrl('sqlite:./data/frontdesk.db') // { dialect: 'sqlite', path: './data/frontdesk.db' }
 */
export function parseStoreUrl(url: string): Target {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', url };
  if (url === ':memory:' || url === 'sqlite::memory:' || url === 'sqlite://:memory:') {
    return { dialect: 'sqlite', path: null };
  }
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new TypeError('sqlite URL names no file');
    return { dialect: 'sqlite', path };
  }
  if (SCHEME.test(url)) {
    // Name the scheme only: the rest of a URL may hold a password.
    throw new TypeError(
      `unsupported database URL scheme ${url.split(':')[0]}: (use sqlite:<path> or postgres://…)`,
    );
  }
  if (url.trim() === '') throw new TypeError('database URL is empty');
  return { dialect: 'sqlite', path: url };
}

/**
 * The storage layer: every repository, transactions, and the Kysely instance beneath.
 * Built by `openStore`; only `src/store` writes SQL.
 */
export class Store extends Repositories {
  readonly #kysely: Kysely<Database>;
  readonly #base: Omit<RepoContext, 'db'>;
  readonly #guard: TransactionGuard;
  #closed: Promise<void> | null = null;

  /** @internal Use `openStore`. */
  constructor(
    kysely: Kysely<Database>,
    base: Omit<RepoContext, 'db'>,
    guard: TransactionGuard,
    /** Names of the migrations this open applied (empty when the schema was current). */
    readonly appliedMigrations: readonly string[],
    private readonly beforeClose: () => Promise<void> = async () => undefined,
  ) {
    super({ ...base, db: kysely });
    this.#kysely = kysely;
    this.#base = base;
    this.#guard = guard;
  }

  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * On SQLite the write lock is taken at the start (BEGIN IMMEDIATE) and other calls on this
   * store wait for the transaction; keep it short and do no network I/O inside it. Nested
   * transactions are not supported.
   * @example await store.transaction(async (tx) => { const c = await tx.contacts.insert(...); ... })
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#kysely
      .transaction()
      .execute((trx) => this.#guard.run(() => fn(new Repositories({ ...this.#base, db: trx }))));
  }

  /** Closes the database or pool. Safe to call more than once. */
  close(): Promise<void> {
    this.#closed ??= this.beforeClose().finally(() => this.#kysely.destroy());
    return this.#closed;
  }
}

async function migrate(
  db: Kysely<Database>,
  dialect: StoreDialect,
  schema: string | null,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema === null ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function openSqliteStore(
  path: string | null,
  options: OpenStoreOptions,
  base: Omit<RepoContext, 'db'>,
): Promise<Store> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const guard = new TransactionGuard(options.guardTransactions ?? false);
  const start = async (handle: SqliteHandle): Promise<Store> => {
    const kysely = new Kysely<Database>({ dialect: handle.dialect });
    try {
      const applied = await withSqliteMigrationLock(handle, busyTimeoutMs, () =>
        migrate(kysely, 'sqlite', null),
      );
      if (options.checkpointThread && handle.file !== null) {
        const checkpointer = await SqliteCheckpointer.start(handle.file, busyTimeoutMs);
        useCheckpointBackstop(handle);
        return new Store(kysely, base, guard, applied, () => checkpointer.stop());
      }
      return new Store(kysely, base, guard, applied);
    } catch (error) {
      await kysely.destroy();
      throw error;
    }
  };
  if (path === null) return start(await openSqlite(null, busyTimeoutMs, guard, options.groupCommit));
  const file = canonicalSqlitePath(path);
  return withFileQueue(file, async () =>
    start(await openSqlite(file, busyTimeoutMs, guard, options.groupCommit)),
  );
}

async function openPostgresStore(
  url: string,
  options: OpenStoreOptions,
  base: Omit<RepoContext, 'db'>,
): Promise<Store> {
  const guard = new TransactionGuard(options.guardTransactions ?? false);
  const handle = await openPostgres(url, options.schema ?? null, options.poolSize ?? 10, guard);
  const kysely = new Kysely<Database>({ dialect: handle.dialect as Dialect });
  try {
    const schema = handle.schema ?? (await currentSchema(kysely));
    const applied = await withPostgresMigrationLock(kysely, schema, handle.schema !== null, () =>
      migrate(kysely, 'postgres', schema),
    );
    return new Store(kysely, base, guard, applied);
  } catch (error) {
    await kysely.destroy();
    throw error;
  }
}

/**
 * Opens the store and brings its schema up to date (under a lock, so several instances may
 * start at once).
 * @example
 * const store = await openStore({ url: 'sqlite:./data/frontdesk.db' });
 * const user = await store.users.findByFederationId('jdoe@example.com');
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const target = parseStoreUrl(options.url);
  const base: Omit<RepoContext, 'db'> = {
    dialect: target.dialect,
    codec: codecFor(target.dialect),
    newId: createIdFactory(options.idGenerator),
    now: options.now ?? (() => new Date()),
  };
  return target.dialect === 'sqlite'
    ? openSqliteStore(target.path, options, base)
    : openPostgresStore(target.url, options, base);
}
