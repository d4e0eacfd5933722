import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Runs read-only or DDL statements straight through the driver: opening a store would run
 * migrations, and on PostgreSQL without a schema those would land in the default schema.
 */
async function rawQuery<T>(db: BenchDatabase, text: string, params: unknown[] = []): Promise<T[]> {
  if (db.kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(db.file!, { fileMustExist: true });
    try {
      raw.pragma('busy_timeout = 5000');
      const statement = raw.prepare(text.replace(/\$\d+/g, '?'));
      return statement.reader ? (statement.all(params) as T[]) : (statement.run(params), []);
    } finally {
      raw.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: db.url,
    ...(db.schema === null ? {} : { options: `-c search_path=${db.schema}` }),
  });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Removes the SQLite file or drops the PostgreSQL schema. */
export async function dropDatabase(db: BenchDatabase): Promise<void> {
  if (db.file !== null) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(db.file + suffix, { force: true });
    return;
  }
  // The name is ours (bench_e2e_ + hex), so quoting it is enough.
  await rawQuery({ ...db, schema: null }, `drop schema if exists "${db.schema!}" cascade`);
}

export async function tableCounts(db: BenchDatabase): Promise<TableCounts> {
  const [row] = await rawQuery<Record<keyof TableCounts, number | string>>(
    db,
    `select (select count(*) from users) as "users",
            (select count(*) from login_history) as "loginHistory",
            (select count(*) from replay_cache) as "replayCache",
            (select count(*) from sessions) as "sessions",
            (select count(*) from outstanding_requests) as "outstandingRequests"`,
  );
  return {
    users: Number(row?.users ?? 0),
    loginHistory: Number(row?.loginHistory ?? 0),
    replayCache: Number(row?.replayCache ?? 0),
    sessions: Number(row?.sessions ?? 0),
    outstandingRequests: Number(row?.outstandingRequests ?? 0),
  };
}

/**
 * Failed logins since `since`, by error code, read back from the login history: a 403 only
 * carries a reference, the precise reason stays server-side.
 */
export async function failureCodes(db: BenchDatabase, since: Date): Promise<Record<string, number>> {
  const rows = await rawQuery<{ code: string; n: number | string }>(
    db,
    `select error_code as code, count(*) as n from login_history
      where error_code is not null and created_at >= $1 group by error_code`,
    [db.kind === 'sqlite' ? since.toISOString() : since],
  );
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
}
