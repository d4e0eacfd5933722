import { PostgresDialect, sql, type Dialect, type Kysely } from 'kysely';
import type { TransactionGuard } from './tx-guard.js';

/** Schema names we accept: plain lower-case identifiers, so no quoting is ever needed. */
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresHandle {
  dialect: Dialect;
  /** The schema tables live in, when the caller chose one. */
  schema: string | null;
}

/**
 * A pg Pool behind Kysely. With a `schema`, every pooled connection starts with that
 * schema as its search_path (a startup parameter: no extra round trip per connection).
 */
export async function openPostgres(
  url: string,
  schema: string | null,
  poolSize: number,
  guard: TransactionGuard,
): Promise<PostgresHandle> {
  if (schema !== null && !SCHEMA_PATTERN.test(schema)) {
    throw new TypeError(`invalid PostgreSQL schema name ${JSON.stringify(schema)} (use [a-z_][a-z0-9_]*)`);
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    // The migration lock holds one connection while the migrator uses another.
    max: Math.max(2, Math.trunc(poolSize)),
    // Fail instead of hanging when the server is unreachable.
    connectionTimeoutMillis: 10_000,
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Kysely takes a connection from the pool for every query outside a transaction and for
  // each transaction's start: the one place to refuse a store call made inside a transaction.
  const guardedPool = {
    connect: () => {
      guard.assertOutside();
      return pool.connect();
    },
    end: () => pool.end(),
  };
  return { dialect: new PostgresDialect({ pool: guardedPool }), schema };
}

/** The schema unqualified names resolve to on this connection. */
export async function currentSchema<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check search_path or pass a schema');
  return schema;
}

/**
 * Runs `fn` while holding a session-level advisory lock keyed by schema, on a connection
 * of its own, after creating the schema when asked to. Instances starting together queue
 * here; the first migrates, the rest find nothing to do.
 */
export async function withPostgresMigrationLock<T, DB>(
  db: Kysely<DB>,
  schema: string,
  createSchema: boolean,
  fn: () => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    const key = `frontdesk:migrations:${schema}`;
    await sql`select pg_advisory_lock(hashtext(${key}))`.execute(conn);
    try {
      // Only for a schema the caller named: CREATE SCHEMA needs a privilege the
      // current schema's users may lack, even with IF NOT EXISTS.
      if (createSchema) await sql`create schema if not exists ${sql.id(schema)}`.execute(conn);
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
    }
  });
}
