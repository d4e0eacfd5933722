import type { AuditDiff, NewAuditEvent, RecordTouched } from '../../store/types.js';

/**
 * Audit event names JIT writes.
 * @example await store.auditEvents.listForLoginHistory(entry.id) // [{ action: 'jit.create', … }]
 */
export const JIT_AUDIT_ACTIONS = { created: 'jit.create', updated: 'jit.update' } as const;

/**
 * What one provisioning run wrote, in order: the records touched (for the login history) and
 * one audit event per record with its field-level diff (the pipeline adds the login-history id).
 */
export class ProvisioningJournal {
  readonly touched: RecordTouched[] = [];
  readonly audit: Array<Omit<NewAuditEvent, 'loginHistoryId'>> = [];

  constructor(
    private readonly actor: string,
    private readonly at: Date,
  ) {}

  record(type: RecordTouched['type'], id: string, action: RecordTouched['action'], diff: AuditDiff): void {
    this.touched.push({ type, id, action });
    this.audit.push({
      action: JIT_AUDIT_ACTIONS[action],
      actor: this.actor,
      targetType: type,
      targetId: id,
      diff,
      createdAt: this.at,
    });
  }

  /** Whether this run created a record of `type`. */
  created(type: RecordTouched['type']): boolean {
    return this.touched.some((t) => t.type === type && t.action === 'created');
  }
}
