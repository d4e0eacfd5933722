import { runTemplate } from '../prepared.js';
import type { RepoContext } from './context.js';

/** Assertion ids already accepted, shared by every instance through the database. */
export class ReplayCacheRepository {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Remembers an assertion id until `expiresAt`. True when newly stored, false when the id
   * was already there (a replay). Atomic through the primary key: of any number of
   * concurrent calls with one id, exactly one gets true.
   * @example if (!(await store.replayCache.remember(a.assertionId, 'okta', a.replayExpiresAt))) reject()
   */
  async remember(assertionId: string, ssoSetting: string, expiresAt: Date): Promise<boolean> {
    const { rows } = await runTemplate(
      this.ctx,
      'replayCache.remember',
      (db, $) =>
        db
          .insertInto('replay_cache')
          .values({ assertion_id: $('id'), sso_setting: $('setting'), expires_at: $('expires') })
          .onConflict((oc) => oc.column('assertion_id').doNothing())
          .returning('assertion_id'),
      { id: assertionId, setting: ssoSetting, expires: this.ctx.codec.ts(expiresAt) },
    );
    return rows.length === 1;
  }

  /** Forgets entries that expired at or before `now`. Returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('replay_cache')
      .where('expires_at', '<=', this.ctx.codec.ts(now))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
