import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { StoreDialect } from './codec.js';

/** Tables the Kysely migrator keeps its bookkeeping in (prefixed so they never clash with a host app's). */
export const MIGRATION_TABLE = 'frontdesk_migration';
export const MIGRATION_LOCK_TABLE = 'frontdesk_migration_lock';

/**
 * Unique indexes by name, with the column each guards. PostgreSQL reports a violation by
 * index name, SQLite by `table.column`; both map to the same `table.column` here.
 */
export const UNIQUE_INDEXES: Readonly<Record<string, string>> = {
  profiles_pkey: 'profiles.id',
  roles_pkey: 'roles.id',
  users_pkey: 'users.id',
  contacts_pkey: 'contacts.id',
  accounts_pkey: 'accounts.id',
  login_history_pkey: 'login_history.id',
  replay_cache_pkey: 'replay_cache.assertion_id',
  outstanding_requests_pkey: 'outstanding_requests.id',
  sessions_pkey: 'sessions.id',
  audit_events_pkey: 'audit_events.id',
  ux_profiles_name: 'profiles.name',
  ux_roles_name: 'roles.name',
  ux_users_username_key: 'users.username_key',
  ux_users_federation_identifier: 'users.federation_identifier',
  ux_users_community_nickname: 'users.community_nickname',
  ux_login_history_reference: 'login_history.reference',
};

type Types = { ts: 'timestamptz' | 'text'; bool: 'boolean' | 'integer' };

// Where types must differ per dialect: timestamps and flags. Everything else is shared.
function typesFor(dialect: StoreDialect): Types {
  return dialect === 'postgres' ? { ts: 'timestamptz', bool: 'boolean' } : { ts: 'text', bool: 'integer' };
}

async function initial(db: Kysely<unknown>, t: Types): Promise<void> {
  const s = db.schema;

  await s
    .createTable('profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await s.createIndex('ux_profiles_name').unique().on('profiles').column('name').execute();

  await s
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_role_id', 'text', (c) => c.references('roles.id'))
    .execute();
  await s.createIndex('ux_roles_name').unique().on('roles').column('name').execute();

  await s
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_number', 'text')
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('industry', 'text')
    .addColumn('type', 'text')
    .addColumn('billing_street', 'text')
    .addColumn('billing_city', 'text')
    .addColumn('billing_state', 'text')
    .addColumn('billing_postal_code', 'text')
    .addColumn('billing_country', 'text')
    .addColumn('description', 'text')
    .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await s.createIndex('ix_accounts_account_number').on('accounts').column('account_number').execute();

  await s
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('mobile_phone', 'text')
    .addColumn('title', 'text')
    .addColumn('department', 'text')
    .addColumn('mailing_street', 'text')
    .addColumn('mailing_city', 'text')
    .addColumn('mailing_state', 'text')
    .addColumn('mailing_postal_code', 'text')
    .addColumn('mailing_country', 'text')
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  // Matching by email is case-insensitive; the expression index serves `lower(email) = lower(?)`.
  await s
    .createIndex('ix_contacts_email_lower')
    .on('contacts')
    .expression(sql`lower(email)`)
    .execute();
  await s.createIndex('ix_contacts_account_id').on('contacts').column('account_id').execute();

  await s
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('community_nickname', 'text', (c) => c.notNull())
    .addColumn('federation_identifier', 'text')
    .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id'))
    .addColumn('user_role_id', 'text', (c) => c.references('roles.id'))
    .addColumn('is_active', t.bool, (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('department', 'text')
    .addColumn('division', 'text')
    .addColumn('company_name', 'text')
    .addColumn('employee_number', 'text')
    .addColumn('phone', 'text')
    .addColumn('mobile_phone', 'text')
    .addColumn('street', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('country', 'text')
    .addColumn('time_zone_sid_key', 'text', (c) => c.notNull())
    .addColumn('locale_sid_key', 'text', (c) => c.notNull())
    .addColumn('language_locale_key', 'text', (c) => c.notNull())
    .addColumn('email_encoding_key', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
    .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .addColumn('created_by_sso_setting', 'text')
    .execute();
  await s.createIndex('ux_users_username_key').unique().on('users').column('username_key').execute();
  // Unique but nullable: both engines allow any number of NULLs in a unique index.
  await s
    .createIndex('ux_users_federation_identifier')
    .unique()
    .on('users')
    .column('federation_identifier')
    .execute();
  await s
    .createIndex('ux_users_community_nickname')
    .unique()
    .on('users')
    .column('community_nickname')
    .execute();
  // Partial: most users have no contact, and those pay nothing for this index.
  await s
    .createIndex('ix_users_contact_id')
    .on('users')
    .column('contact_id')
    .where(sql.ref('contact_id'), 'is not', null)
    .execute();

  // Login history is a log: no foreign keys, so writing it can never fail on a record a
  // rolled-back transaction took away.
  await s
    .createTable('login_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('sso_setting', 'text')
    .addColumn('subject', 'text')
    .addColumn('source_ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('jit_action', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('records_touched', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('user_id', 'text')
    .addColumn('assertion', 'text')
    .addColumn('assertion_expires_at', t.ts)
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('relay_state', 'text')
    .execute();
  // Lists run newest first with an (created_at, id) keyset; the id makes the order total.
  await s
    .createIndex('ix_login_history_created_at')
    .on('login_history')
    .columns(['created_at', 'id'])
    .execute();
  await s
    .createIndex('ix_login_history_setting_created_at')
    .on('login_history')
    .columns(['sso_setting', 'created_at', 'id'])
    .execute();
  await s
    .createIndex('ux_login_history_reference')
    .unique()
    .on('login_history')
    .column('reference')
    .execute();
  // Partial: only entries still holding an assertion (failures within retention), so
  // successful logins pay nothing for these; they serve latestFailed and the purge.
  await s
    .createIndex('ix_login_history_retained')
    .on('login_history')
    .columns(['created_at', 'id'])
    .where(sql.ref('assertion'), 'is not', null)
    .execute();
  await s
    .createIndex('ix_login_history_retained_setting')
    .on('login_history')
    .columns(['sso_setting', 'created_at', 'id'])
    .where(sql.ref('assertion'), 'is not', null)
    .execute();

  await s
    .createTable('replay_cache')
    .addColumn('assertion_id', 'text', (c) => c.primaryKey())
    .addColumn('sso_setting', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.ts, (c) => c.notNull())
    .execute();
  await s.createIndex('ix_replay_cache_expires_at').on('replay_cache').column('expires_at').execute();

  await s
    .createTable('outstanding_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sso_setting', 'text', (c) => c.notNull())
    .addColumn('relay_state', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('expires_at', t.ts, (c) => c.notNull())
    .execute();
  await s
    .createIndex('ix_outstanding_requests_expires_at')
    .on('outstanding_requests')
    .column('expires_at')
    .execute();

  await s
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sso_setting', 'text')
    .addColumn('session_index', 'text')
    .addColumn('name_id', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('expires_at', t.ts, (c) => c.notNull())
    .execute();
  await s.createIndex('ix_sessions_expires_at').on('sessions').column('expires_at').execute();
  await s.createIndex('ix_sessions_name_id').on('sessions').columns(['sso_setting', 'name_id']).execute();

  // Soft links only (target_id names any kind of record; the login history row may be
  // written after the events it caused).
  await s
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('login_history_id', 'text')
    .addColumn('diff', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await s
    .createIndex('ix_audit_events_target')
    .on('audit_events')
    .columns(['target_type', 'target_id', 'created_at', 'id'])
    .execute();
  await s
    .createIndex('ix_audit_events_login_history_id')
    .on('audit_events')
    .columns(['login_history_id', 'created_at', 'id'])
    .where(sql.ref('login_history_id'), 'is not', null)
    .execute();
}

/**
 * Username keys fold ASCII letters only (full Unicode folding merged look-alike identities, such
 * as the Kelvin sign with `k`). Rows written before that are recomputed; only usernames holding
 * a non-ASCII character can change, and the new key separates everything the old one did, so no
 * uniqueness conflict can arise.
 */
async function asciiUsernameKeys(db: Kysely<unknown>): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema of their time
  const rows = (await (db as Kysely<any>).selectFrom('users').select(['id', 'username']).execute()) as Array<{
    id: string;
    username: string;
  }>;
  for (const row of rows) {
    // eslint-disable-next-line no-control-regex -- matching "anything outside ASCII"
    if (!/[^\u0000-\u007f]/.test(row.username)) continue;
    const key = row.username.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await (db as Kysely<any>)
      .updateTable('users')
      .set({ username_key: key })
      .where('id', '=', row.id)
      .execute();
  }
}

/**
 * The one migration set, for both dialects. Names sort in the order they run; never edit a
 * released migration, add a new one.
 */
export function migrationsFor(dialect: StoreDialect): Record<string, Migration> {
  const t = typesFor(dialect);
  return {
    '0001_initial': { up: (db) => initial(db, t) },
    '0002_ascii_username_keys': { up: (db) => asciiUsernameKeys(db) },
  };
}

/** In-code provider for Kysely's Migrator: no files to find at run time, nothing to bundle. */
export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  return { getMigrations: async () => migrationsFor(dialect) };
}
