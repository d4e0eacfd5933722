import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FrontdeskConfig } from '../../src/config/types.js';
import { applyConfigToStore } from '../../src/sp/seed.js';
import { openStore, type Store } from '../../src/store/index.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** One throw-away database for one group of scenarios: an SQLite file or a PostgreSQL schema. */
export interface BenchDatabase {
  kind: DatabaseKind;
  /** What the server processes open: `sqlite:<file>` or the PostgreSQL URL. */
  url: string;
  /** PostgreSQL: the fresh schema every connection uses; null for SQLite. */
  schema: string | null;
  /** SQLite: the file (its -wal and -shm siblings go with it). */
  file: string | null;
  /** PostgreSQL: the application_name every connection of this run carries (to find its backends). */
  applicationName: string | null;
}

/** Row counts that show what a run left behind (and that purging keeps bounded tables small). */
export interface TableCounts {
  users: number;
  loginHistory: number;
  replayCache: number;
  sessions: number;
  outstandingRequests: number;
}

/** A fresh SQLite file in `dir`, in WAL mode once the store opens it. */
export function sqliteDatabase(dir: string, name: string): BenchDatabase {
  const file = join(dir, `${name}.db`);
  return { kind: 'sqlite', url: `sqlite:${file}`, schema: null, file, applicationName: null };
}

/** A fresh, randomly named schema on the PostgreSQL server at `url`; created on first open. */
export function postgresDatabase(url: string): BenchDatabase {
  const schema = `bench_e2e_${randomBytes(5).toString('hex')}`;
  const withName = new URL(url);
  withName.searchParams.set('application_name', schema);
  return { kind: 'postgres', url: withName.toString(), schema, file: null, applicationName: schema };
}

export function openBenchStore(db: BenchDatabase, poolSize?: number): Promise<Store> {
  return openStore({
    url: db.url,
    ...(db.schema === null ? {} : { schema: db.schema }),
    ...(poolSize === undefined ? {} : { poolSize }),
  });
}

/** Migrates the database and applies the configuration (profiles, roles) as a server start would. */
export async function prepareDatabase(db: BenchDatabase, config: FrontdeskConfig): Promise<void> {
  const store = await openBenchStore(db);
  try {
    await applyConfigToStore(config, store);
  } finally {
    await store.close();
  }
}

/** Removes the SQLite file or drops the PostgreSQL schema. */
export async function dropDatabase(db: BenchDatabase): Promise<void> {
  if (db.file !== null) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(db.file + suffix, { force: true });
    return;
  }
  const store = await openStore({ url: db.url });
  try {
    await sql`drop schema if exists ${sql.id(db.schema!)} cascade`.execute(store.db);
  } finally {
    await store.close();
  }
}

export async function tableCounts(db: BenchDatabase): Promise<TableCounts> {
  const store = await openBenchStore(db, 2);
  try {
    const count = async (
      table: 'users' | 'login_history' | 'replay_cache' | 'sessions' | 'outstanding_requests',
    ) => {
      const row = await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    };
    return {
      users: await count('users'),
      loginHistory: await count('login_history'),
      replayCache: await count('replay_cache'),
      sessions: await count('sessions'),
      outstandingRequests: await count('outstanding_requests'),
    };
  } finally {
    await store.close();
  }
}

/**
 * Failed logins since `since`, by error code, read back from the login history: a 403 only
 * carries a reference, the precise reason stays server-side.
 */
export async function failureCodes(db: BenchDatabase, since: Date): Promise<Record<string, number>> {
  const store = await openBenchStore(db, 2);
  try {
    const ts = db.kind === 'sqlite' ? since.toISOString() : since;
    const rows = await store.db
      .selectFrom('login_history')
      .select(['error_code', (eb) => eb.fn.countAll().as('n')])
      .where('error_code', 'is not', null)
      .where('created_at', '>=', ts)
      .groupBy('error_code')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.error_code ?? '?', Number(r.n)]));
  } finally {
    await store.close();
  }
}
