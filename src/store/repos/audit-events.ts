import type { Insertable, Selectable } from 'kysely';
import { parseJson } from '../codec.js';
import type { AuditEventsTable } from '../schema.js';
import type { AuditDiff, AuditEvent, NewAuditEvent } from '../types.js';
import { insertRow } from '../prepared.js';
import type { RepoContext } from './context.js';

/** Audit trail: who changed which record, field by field. */
export class AuditEventsRepository {
  constructor(private readonly ctx: RepoContext) {}

  async insert(input: NewAuditEvent): Promise<AuditEvent> {
    const [event] = await this.insertMany([input]);
    return event!;
  }

  /** Several events at once (a JIT login touches up to three records). */
  async insertMany(inputs: readonly NewAuditEvent[]): Promise<AuditEvent[]> {
    if (inputs.length === 0) return [];
    const now = this.ctx.now();
    const events = inputs.map((input): AuditEvent => ({
      id: this.ctx.newId('auditEvent'),
      createdAt: input.createdAt ?? now,
      action: input.action,
      actor: input.actor ?? null,
      targetType: input.targetType,
      targetId: input.targetId,
      loginHistoryId: input.loginHistoryId ?? null,
      diff: input.diff ?? {},
    }));
    const { codec } = this.ctx;
    // One cached single-row statement per event: cheaper than building a multi-row insert
    // for the one to three events a login writes.
    for (const e of events) {
      await insertRow(this.ctx, 'audit_events', {
        id: e.id,
        created_at: codec.ts(e.createdAt),
        action: e.action,
        actor: e.actor,
        target_type: e.targetType,
        target_id: e.targetId,
        login_history_id: e.loginHistoryId,
        diff: JSON.stringify(e.diff),
      } satisfies Insertable<AuditEventsTable>);
    }
    return events;
  }

  /** Events about one record, oldest first. */
  async listForTarget(targetType: string, targetId: string, limit = 1000): Promise<AuditEvent[]> {
    const rows = await this.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('target_type', '=', targetType)
      .where('target_id', '=', targetId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => this.toEvent(row));
  }

  /** Events caused by one login, oldest first. */
  async listForLoginHistory(loginHistoryId: string): Promise<AuditEvent[]> {
    const rows = await this.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('login_history_id', '=', loginHistoryId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => this.toEvent(row));
  }

  private toEvent(row: Selectable<AuditEventsTable>): AuditEvent {
    return {
      id: row.id,
      createdAt: this.ctx.codec.date(row.created_at),
      action: row.action,
      actor: row.actor,
      targetType: row.target_type,
      targetId: row.target_id,
      loginHistoryId: row.login_history_id,
      diff: parseJson<AuditDiff>(row.diff, {}),
    };
  }
}
