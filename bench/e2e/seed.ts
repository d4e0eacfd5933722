import type { FrontdeskConfig } from '../../src/config/types.js';
import { randomIdBody } from '../../src/store/index.js';
import type { BenchDatabase } from './database.js';
import { BENCH_PROFILE, seededPerson } from './people.js';
import { Progress } from './progress.js';

/** Rows per SQLite transaction and per PostgreSQL statement. */
const SQLITE_BATCH = 50_000;
const POSTGRES_BATCH = 10_000;

/** The columns a seeded user fills; everything else keeps its default (null or '{}'). */
const COLUMNS = [
  'id',
  'username',
  'username_key',
  'email',
  'first_name',
  'last_name',
  'alias',
  'community_nickname',
  'federation_identifier',
  'profile_id',
  'is_active',
  'time_zone_sid_key',
  'locale_sid_key',
  'language_locale_key',
  'email_encoding_key',
  'custom_fields',
  'created_at',
  'updated_at',
  'created_by_sso_setting',
] as const;

/** Values of seeded user `n`, in `COLUMNS` order; `active` and `at` differ by dialect. */
function userRow(
  n: number,
  profileId: string,
  config: FrontdeskConfig,
  active: boolean | number,
  at: string | Date,
): unknown[] {
  const p = seededPerson(n);
  const d = config.org.defaults;
  return [
    // Random ids, as the application makes them: index locality is as poor as in production.
    `005${randomIdBody()}`,
    p.username,
    p.username.toLowerCase(),
    p.email,
    p.firstName,
    p.lastName,
    (p.firstName[0]! + p.lastName).slice(0, 8),
    `user${n}`,
    p.federationId,
    profileId,
    active,
    d.timeZoneSidKey,
    d.localeSidKey,
    d.languageLocaleKey,
    d.emailEncodingKey,
    '{}',
    at,
    at,
    'bench',
  ];
}

/**
 * Inserts users 1..count straight into the users table (bulk, bypassing the repositories:
 * seeding a million users one ORM insert at a time would take far longer than the logins
 * it prepares). Shows a progress bar on stderr.
 */
export async function seedUsers(db: BenchDatabase, count: number, config: FrontdeskConfig): Promise<number> {
  const started = Date.now();
  const progress = new Progress(`seeding ${count.toLocaleString('en-US')} users (${db.kind})`, count);
  if (db.kind === 'sqlite') await seedSqlite(db, count, config, progress);
  else await seedPostgres(db, count, config, progress);
  progress.finish();
  return (Date.now() - started) / 1000;
}

async function seedSqlite(db: BenchDatabase, count: number, config: FrontdeskConfig, progress: Progress) {
  const { default: Database } = await import('better-sqlite3');
  const raw = new Database(db.file!);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    const profile = raw.prepare('select id from profiles where name = ?').get(BENCH_PROFILE) as
      { id: string } | undefined;
    if (!profile) throw new Error(`profile ${BENCH_PROFILE} missing: prepare the database first`);
    const insert = raw.prepare(
      `insert into users (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const at = new Date().toISOString();
    const batch = raw.transaction((first: number, last: number) => {
      for (let n = first; n <= last; n++) insert.run(userRow(n, profile.id, config, 1, at));
    });
    for (let first = 1; first <= count; first += SQLITE_BATCH) {
      const last = Math.min(count, first + SQLITE_BATCH - 1);
      batch(first, last);
      progress.update(last);
      // Let the progress bar and signals through between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    raw.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    raw.close();
  }
}

async function seedPostgres(db: BenchDatabase, count: number, config: FrontdeskConfig, progress: Progress) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema!}` });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('select id from profiles where name = $1', [
      BENCH_PROFILE,
    ]);
    const profileId = rows[0]?.id;
    if (!profileId) throw new Error(`profile ${BENCH_PROFILE} missing: prepare the database first`);
    // One array parameter per column, unnested server-side: a 10,000-row INSERT with 19 parameters.
    const types = COLUMNS.map((c) =>
      c === 'is_active' ? 'boolean[]' : c.endsWith('_at') ? 'timestamptz[]' : 'text[]',
    );
    const text =
      `insert into users (${COLUMNS.join(', ')}) select * from unnest(` +
      types.map((t, i) => `$${i + 1}::${t}`).join(', ') +
      ')';
    const at = new Date();
    await client.query('set synchronous_commit = off');
    for (let first = 1; first <= count; first += POSTGRES_BATCH) {
      const last = Math.min(count, first + POSTGRES_BATCH - 1);
      const columns: unknown[][] = COLUMNS.map(() => []);
      for (let n = first; n <= last; n++) {
        const row = userRow(n, profileId, config, true, at);
        for (let c = 0; c < row.length; c++) columns[c]!.push(row[c]);
      }
      await client.query(text, columns);
      progress.update(last);
    }
    await client.query('analyze users');
  } finally {
    await client.end();
  }
}
