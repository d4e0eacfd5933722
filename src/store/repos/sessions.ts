import { createHash, randomBytes } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import { insertRow, runTemplate } from '../prepared.js';
import type { SessionsTable } from '../schema.js';
import type { NewSession, Session } from '../types.js';
import type { RepoContext } from './context.js';

// 32 random bytes in base64url are exactly 43 characters.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** SHA-256 of a session token, base64url: what the table stores instead of the token. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Browser sessions. Only a hash of each token is stored, so a copy of the database does
 * not let anyone act as a signed-in user.
 */
export class SessionsRepository {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Starts a session. The raw token is returned here once and never again.
   * @example const { token } = await store.sessions.create({ userId, expiresAt })
   */
  async create(input: NewSession): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const session: Session = {
      id: hashSessionToken(token),
      userId: input.userId,
      ssoSetting: input.ssoSetting ?? null,
      sessionIndex: input.sessionIndex ?? null,
      nameId: input.nameId ?? null,
      createdAt: this.ctx.now(),
      expiresAt: input.expiresAt,
    };
    const { codec } = this.ctx;
    await insertRow(this.ctx, 'sessions', {
      id: session.id,
      user_id: session.userId,
      sso_setting: session.ssoSetting,
      session_index: session.sessionIndex,
      name_id: session.nameId,
      created_at: codec.ts(session.createdAt),
      expires_at: codec.ts(session.expiresAt),
    } satisfies Insertable<SessionsTable>);
    return { token, session };
  }

  /** The session for a token, when it exists and has not expired at `now`. */
  async findValid(token: string, now: Date): Promise<Session | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const { rows } = await runTemplate(
      this.ctx,
      'sessions.findValid',
      (db, $) =>
        db.selectFrom('sessions').selectAll().where('id', '=', $('id')).where('expires_at', '>', $('now')),
      { id: hashSessionToken(token), now: this.ctx.codec.ts(now) },
    );
    return rows[0] ? this.toSession(rows[0]) : null;
  }

  /** Ends a session (sign-out). True when one was deleted. */
  async delete(token: string): Promise<boolean> {
    if (!TOKEN_PATTERN.test(token)) return false;
    const result = await runTemplate(
      this.ctx,
      'sessions.delete',
      (db, $) => db.deleteFrom('sessions').where('id', '=', $('id')),
      { id: hashSessionToken(token) },
    );
    return (result.numAffectedRows ?? 0n) > 0n;
  }

  /**
   * Ends the sessions an IdP LogoutRequest names: same setting and NameID, and the given
   * SessionIndex when there is one. Returns how many.
   */
  async deleteByNameId(ssoSetting: string, nameId: string, sessionIndex?: string | null): Promise<number> {
    let q = this.ctx.db
      .deleteFrom('sessions')
      .where('sso_setting', '=', ssoSetting)
      .where('name_id', '=', nameId);
    if (sessionIndex !== undefined && sessionIndex !== null) q = q.where('session_index', '=', sessionIndex);
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes sessions that expired at or before `now`. Returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', this.ctx.codec.ts(now))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private toSession(row: Selectable<SessionsTable>): Session {
    const { codec } = this.ctx;
    return {
      id: row.id,
      userId: row.user_id,
      ssoSetting: row.sso_setting,
      sessionIndex: row.session_index,
      nameId: row.name_id,
      createdAt: codec.date(row.created_at),
      expiresAt: codec.date(row.expires_at),
    };
  }
}
