import type { Insertable, Selectable } from 'kysely';
import { insertRow, runTemplate } from '../prepared.js';
import { parseJson } from '../codec.js';
import { randomReference } from '../ids.js';
import type { LoginHistoryTable } from '../schema.js';
import type {
  JitAction,
  LoginErrorDetail,
  LoginHistoryEntry,
  LoginHistoryQuery,
  LoginStatus,
  NewLoginHistoryEntry,
  RecordTouched,
} from '../types.js';
import { clampLimit, type RepoContext } from './context.js';

const JIT_ACTIONS: ReadonlySet<string> = new Set<JitAction>(['created', 'updated', 'none']);

/** Login history: one entry per ACS attempt, success or not. */
export class LoginHistoryRepository {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Records an attempt. The assertion is kept for failures only (a success's assertion is
   * dropped here) and must come with `assertionExpiresAt`, so nothing is kept forever.
   */
  async insert(input: NewLoginHistoryEntry): Promise<LoginHistoryEntry> {
    if (input.status !== 'Success' && !input.status.startsWith('Failed: ')) {
      throw new TypeError(`login status must be 'Success' or 'Failed: <reason>'`);
    }
    const jitAction = input.jitAction ?? 'none';
    if (!JIT_ACTIONS.has(jitAction)) throw new TypeError(`unknown JIT action ${jitAction}`);
    const failed = input.status !== 'Success';
    const assertion = failed ? (input.assertion ?? null) : null;
    const assertionExpiresAt = assertion === null ? null : (input.assertionExpiresAt ?? null);
    if (assertion !== null && assertionExpiresAt === null) {
      throw new TypeError('a kept assertion needs assertionExpiresAt');
    }
    const entry: LoginHistoryEntry = {
      id: this.ctx.newId('loginHistory'),
      createdAt: input.createdAt ?? this.ctx.now(),
      ssoSetting: input.ssoSetting ?? null,
      subject: input.subject ?? null,
      sourceIp: input.sourceIp,
      userAgent: input.userAgent,
      status: input.status,
      errorCode: input.errorCode ?? null,
      errorDetail: { ...input.errorDetail },
      jitAction,
      recordsTouched: input.recordsTouched ? [...input.recordsTouched] : [],
      userId: input.userId ?? null,
      assertion,
      assertionExpiresAt,
      reference: input.reference ?? randomReference(),
      relayState: input.relayState ?? null,
    };
    const { codec } = this.ctx;
    await insertRow(this.ctx, 'login_history', {
      id: entry.id,
      created_at: codec.ts(entry.createdAt),
      sso_setting: entry.ssoSetting,
      subject: entry.subject,
      source_ip: entry.sourceIp,
      user_agent: entry.userAgent,
      status: entry.status,
      error_code: entry.errorCode,
      error_detail: JSON.stringify(entry.errorDetail),
      jit_action: entry.jitAction,
      records_touched: JSON.stringify(entry.recordsTouched),
      user_id: entry.userId,
      assertion: entry.assertion,
      assertion_expires_at: assertionExpiresAt === null ? null : codec.ts(assertionExpiresAt),
      reference: entry.reference,
      relay_state: entry.relayState,
    } satisfies Insertable<LoginHistoryTable>);
    return entry;
  }

  async findById(id: string): Promise<LoginHistoryEntry | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'loginHistory.findById',
      (db, $) => db.selectFrom('login_history').selectAll().where('id', '=', $('id')),
      { id: id },
    );
    return rows[0] ? this.toEntry(rows[0]) : null;
  }

  /** The entry behind a reference a user quoted from the error page. */
  async findByReference(reference: string): Promise<LoginHistoryEntry | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'loginHistory.findByReference',
      (db, $) => db.selectFrom('login_history').selectAll().where('reference', '=', $('reference')),
      { reference: reference },
    );
    return rows[0] ? this.toEntry(rows[0]) : null;
  }

  /** Newest first, keyset-paged with `before`. */
  async list(query: LoginHistoryQuery = {}): Promise<LoginHistoryEntry[]> {
    const { codec } = this.ctx;
    let q = this.ctx.db.selectFrom('login_history').selectAll();
    if (query.ssoSetting !== undefined) q = q.where('sso_setting', '=', query.ssoSetting);
    if (query.status === 'Success') q = q.where('status', '=', 'Success');
    else if (query.status === 'Failed') q = q.where('status', 'like', 'Failed:%');
    const before = query.before;
    if (before instanceof Date) {
      q = q.where('created_at', '<', codec.ts(before));
    } else if (before !== undefined) {
      const ts = codec.ts(before.createdAt);
      // A row-value comparison: both engines walk the (created_at, id) index from the cursor.
      q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(ts, before.id)));
    }
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(clampLimit(query.limit))
      .execute();
    return rows.map((row) => this.toEntry(row));
  }

  /**
   * The most recent failure that still holds its assertion (what the validator pre-fills),
   * optionally for one setting.
   */
  async latestFailed(ssoSetting?: string): Promise<LoginHistoryEntry | null> {
    let q = this.ctx.db.selectFrom('login_history').selectAll().where('assertion', 'is not', null);
    if (ssoSetting !== undefined) q = q.where('sso_setting', '=', ssoSetting);
    const row = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? this.toEntry(row) : null;
  }

  /** Forgets the assertion text of entries whose retention ended at or before `now`. Returns how many. */
  async purgeExpiredAssertions(now: Date): Promise<number> {
    const result = await this.ctx.db
      .updateTable('login_history')
      .set({ assertion: null, assertion_expires_at: null })
      .where('assertion', 'is not', null)
      .where('assertion_expires_at', '<=', this.ctx.codec.ts(now))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Deletes whole entries created before `cutoff` (history retention). Returns how many. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('login_history')
      .where('created_at', '<', this.ctx.codec.ts(cutoff))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private toEntry(row: Selectable<LoginHistoryTable>): LoginHistoryEntry {
    const { codec } = this.ctx;
    return {
      id: row.id,
      createdAt: codec.date(row.created_at),
      ssoSetting: row.sso_setting,
      subject: row.subject,
      sourceIp: row.source_ip,
      userAgent: row.user_agent,
      status: row.status as LoginStatus,
      errorCode: row.error_code,
      errorDetail: parseJson<LoginErrorDetail>(row.error_detail, {}),
      jitAction: row.jit_action as JitAction,
      recordsTouched: parseJson<RecordTouched[]>(row.records_touched, []),
      userId: row.user_id,
      assertion: row.assertion,
      assertionExpiresAt: row.assertion_expires_at === null ? null : codec.date(row.assertion_expires_at),
      reference: row.reference,
      relayState: row.relay_state,
    };
  }
}
