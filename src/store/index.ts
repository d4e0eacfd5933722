/**
 * The storage layer: one contract over SQLite (default) and PostgreSQL. Nothing outside
 * `src/store` writes SQL; everything else goes through these repositories.
 */
export { openStore, parseStoreUrl, Store, type OpenStoreOptions, type StoreTx } from './open-store.js';
export { Repositories } from './repositories.js';
export { isUniqueViolation, uniqueViolationColumn } from './errors.js';
export {
  KEY_PREFIX,
  createIdFactory,
  randomIdBody,
  timeOrderedIdBody,
  randomReference,
  type IdGenerator,
  type RecordKind,
} from './ids.js';
export type { StoreDialect } from './codec.js';
export type { Database } from './schema.js';
export { MIGRATION_TABLE, migrationsFor } from './migrations.js';
export { hashSessionToken } from './repos/sessions.js';
export { usernameKey } from './repos/users.js';
export type { UsersRepository } from './repos/users.js';
export type { ContactsRepository } from './repos/contacts.js';
export type { AccountsRepository } from './repos/accounts.js';
export type { ProfilesRepository } from './repos/profiles.js';
export type { RolesRepository } from './repos/roles.js';
export type { LoginHistoryRepository } from './repos/login-history.js';
export type { ReplayCacheRepository } from './repos/replay-cache.js';
export type { OutstandingRequestsRepository } from './repos/outstanding-requests.js';
export type { SessionsRepository } from './repos/sessions.js';
export type { AuditEventsRepository } from './repos/audit-events.js';
export type * from './types.js';
