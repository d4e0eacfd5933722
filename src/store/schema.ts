import type { ColumnType } from 'kysely';

/**
 * The SQL shape of every table, as Kysely sees it. Column values differ by dialect
 * (ISO text vs timestamptz, 0/1 vs boolean), so these types admit both; the repositories
 * convert through a `Codec` and hand out the camelCase types of `types.ts`.
 */

/** ISO-8601 text in SQLite, timestamptz (a `Date`) in PostgreSQL. */
export type TimestampColumn = ColumnType<Date | string, Date | string, Date | string>;
/** 0/1 in SQLite, boolean in PostgreSQL. */
export type BooleanColumn = ColumnType<boolean | number, boolean | number, boolean | number>;
type Nullable<T> = T | null;

export interface ProfilesTable {
  id: string;
  name: string;
  /** JSON text: string[] */
  permissions: string;
}

export interface RolesTable {
  id: string;
  name: string;
  parent_role_id: Nullable<string>;
}

export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username: carries the case-insensitive unique index. */
  username_key: string;
  email: string;
  first_name: Nullable<string>;
  last_name: string;
  alias: string;
  community_nickname: string;
  federation_identifier: Nullable<string>;
  profile_id: string;
  user_role_id: Nullable<string>;
  is_active: BooleanColumn;
  title: Nullable<string>;
  department: Nullable<string>;
  division: Nullable<string>;
  company_name: Nullable<string>;
  employee_number: Nullable<string>;
  phone: Nullable<string>;
  mobile_phone: Nullable<string>;
  street: Nullable<string>;
  city: Nullable<string>;
  state: Nullable<string>;
  postal_code: Nullable<string>;
  country: Nullable<string>;
  time_zone_sid_key: string;
  locale_sid_key: string;
  language_locale_key: string;
  email_encoding_key: string;
  contact_id: Nullable<string>;
  /** JSON text: Record<string, string> */
  custom_fields: string;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
  created_by_sso_setting: Nullable<string>;
}

export interface ContactsTable {
  id: string;
  email: Nullable<string>;
  first_name: Nullable<string>;
  last_name: string;
  phone: Nullable<string>;
  mobile_phone: Nullable<string>;
  title: Nullable<string>;
  department: Nullable<string>;
  mailing_street: Nullable<string>;
  mailing_city: Nullable<string>;
  mailing_state: Nullable<string>;
  mailing_postal_code: Nullable<string>;
  mailing_country: Nullable<string>;
  account_id: Nullable<string>;
  custom_fields: string;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
}

export interface AccountsTable {
  id: string;
  name: string;
  account_number: Nullable<string>;
  phone: Nullable<string>;
  website: Nullable<string>;
  industry: Nullable<string>;
  type: Nullable<string>;
  billing_street: Nullable<string>;
  billing_city: Nullable<string>;
  billing_state: Nullable<string>;
  billing_postal_code: Nullable<string>;
  billing_country: Nullable<string>;
  description: Nullable<string>;
  custom_fields: string;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
}

export interface LoginHistoryTable {
  id: string;
  created_at: TimestampColumn;
  sso_setting: Nullable<string>;
  subject: Nullable<string>;
  source_ip: string;
  user_agent: string;
  status: string;
  error_code: Nullable<string>;
  /** JSON text: LoginErrorDetail */
  error_detail: string;
  jit_action: string;
  /** JSON text: RecordTouched[] */
  records_touched: string;
  user_id: Nullable<string>;
  assertion: Nullable<string>;
  assertion_expires_at: Nullable<TimestampColumn>;
  reference: string;
  relay_state: Nullable<string>;
}

export interface ReplayCacheTable {
  assertion_id: string;
  sso_setting: string;
  expires_at: TimestampColumn;
}

export interface OutstandingRequestsTable {
  id: string;
  sso_setting: string;
  relay_state: Nullable<string>;
  created_at: TimestampColumn;
  expires_at: TimestampColumn;
}

export interface SessionsTable {
  /** SHA-256 of the session token, base64url. */
  id: string;
  user_id: string;
  sso_setting: Nullable<string>;
  session_index: Nullable<string>;
  name_id: Nullable<string>;
  created_at: TimestampColumn;
  expires_at: TimestampColumn;
}

export interface AuditEventsTable {
  id: string;
  created_at: TimestampColumn;
  action: string;
  actor: Nullable<string>;
  target_type: string;
  target_id: string;
  login_history_id: Nullable<string>;
  /** JSON text: AuditDiff */
  diff: string;
}

/** Every table Frontdesk owns. */
export interface Database {
  profiles: ProfilesTable;
  roles: RolesTable;
  users: UsersTable;
  contacts: ContactsTable;
  accounts: AccountsTable;
  login_history: LoginHistoryTable;
  replay_cache: ReplayCacheTable;
  outstanding_requests: OutstandingRequestsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
}
