import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from './codec.js';
import { AccountsRepository } from './repos/accounts.js';
import { AuditEventsRepository } from './repos/audit-events.js';
import { ContactsRepository } from './repos/contacts.js';
import type { RepoContext } from './repos/context.js';
import { LoginHistoryRepository } from './repos/login-history.js';
import { OutstandingRequestsRepository } from './repos/outstanding-requests.js';
import { ProfilesRepository } from './repos/profiles.js';
import { ReplayCacheRepository } from './repos/replay-cache.js';
import { RolesRepository } from './repos/roles.js';
import { SessionsRepository } from './repos/sessions.js';
import { UsersRepository } from './repos/users.js';
import type { Database } from './schema.js';

/**
 * Every repository, bound to one query runner. The store and each transaction are both
 * `Repositories`, so code written against this interface runs inside or outside a transaction.
 */
export class Repositories {
  readonly #ctx: RepoContext;

  // Built on first use: a transaction usually touches only a few of them.
  #profiles?: ProfilesRepository;
  #roles?: RolesRepository;
  #users?: UsersRepository;
  #contacts?: ContactsRepository;
  #accounts?: AccountsRepository;
  #loginHistory?: LoginHistoryRepository;
  #replayCache?: ReplayCacheRepository;
  #outstandingRequests?: OutstandingRequestsRepository;
  #sessions?: SessionsRepository;
  #auditEvents?: AuditEventsRepository;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** The query runner: the whole store's pool, or this transaction. */
  get db(): Kysely<Database> {
    return this.#ctx.db;
  }
  get dialect(): StoreDialect {
    return this.#ctx.dialect;
  }

  get profiles(): ProfilesRepository {
    return (this.#profiles ??= new ProfilesRepository(this.#ctx));
  }
  get roles(): RolesRepository {
    return (this.#roles ??= new RolesRepository(this.#ctx));
  }
  get users(): UsersRepository {
    return (this.#users ??= new UsersRepository(this.#ctx));
  }
  get contacts(): ContactsRepository {
    return (this.#contacts ??= new ContactsRepository(this.#ctx));
  }
  get accounts(): AccountsRepository {
    return (this.#accounts ??= new AccountsRepository(this.#ctx));
  }
  get loginHistory(): LoginHistoryRepository {
    return (this.#loginHistory ??= new LoginHistoryRepository(this.#ctx));
  }
  get replayCache(): ReplayCacheRepository {
    return (this.#replayCache ??= new ReplayCacheRepository(this.#ctx));
  }
  get outstandingRequests(): OutstandingRequestsRepository {
    return (this.#outstandingRequests ??= new OutstandingRequestsRepository(this.#ctx));
  }
  get sessions(): SessionsRepository {
    return (this.#sessions ??= new SessionsRepository(this.#ctx));
  }
  get auditEvents(): AuditEventsRepository {
    return (this.#auditEvents ??= new AuditEventsRepository(this.#ctx));
  }

  /**
   * Serializes transactions that decide on the same business keys (an account number, a contact
   * email) which no unique index protects: held until this transaction ends. PostgreSQL takes
   * transaction-scoped advisory locks, in sorted order so two callers cannot deadlock; SQLite
   * already runs one writing transaction at a time (BEGIN IMMEDIATE), so there it is a no-op.
   * Call it inside `store.transaction()`, before the read the decision rests on.
   */
  async serializeOn(keys: readonly string[]): Promise<void> {
    if (this.#ctx.dialect !== 'postgres') return;
    for (const key of [...new Set(keys)].sort()) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(this.#ctx.db);
    }
  }
}
