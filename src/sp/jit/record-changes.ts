import { SamlError } from '../../saml/errors.js';
import type { AuditDiff, CustomFields } from '../../store/types.js';
import { FIELDS_BY_OBJECT, type JitObject } from './field-catalog.js';
import type { FieldValue } from './value-rules.js';

/** What writing a section onto a record would change. */
export interface RecordChanges {
  /** Record property → new value, ready for the repository's `insert`/`update`. */
  readonly patch: Record<string, unknown>;
  /** API name → old and new value: the audit diff and the validator preview. */
  readonly diff: AuditDiff;
}

/**
 * Refuses an empty value for a field its record cannot leave empty (e.g. `User.LastName`):
 * an empty attribute clears optional fields only.
 */
export function refuseEmptyRequired(object: JitObject, values: ReadonlyMap<string, FieldValue>): void {
  for (const [name, value] of values) {
    const spec = FIELDS_BY_OBJECT[object].get(name);
    if (value === null && spec && !spec.nullable) {
      throw new SamlError('JIT_INVALID_FIELD_VALUE', `${object}.${name} must not be empty`, {
        check: 'jit-value',
        expected: 'a value',
        received: '""',
      });
    }
  }
}

/**
 * Compares the values to write with the record as it is (`current`, null for a new record) and
 * returns only what differs. Custom fields merge into the record's own: a null value removes one.
 * @example recordChanges('User', new Map([['Title', 'CTO']]), new Map(), user).diff // { Title: { old: 'CEO', new: 'CTO' } }
 */
export function recordChanges(
  object: JitObject,
  values: ReadonlyMap<string, FieldValue>,
  custom: ReadonlyMap<string, string | null>,
  current: { readonly customFields: CustomFields } | null,
): RecordChanges {
  const patch: Record<string, unknown> = {};
  const diff: AuditDiff = {};
  const record = current as Record<string, unknown> | null;
  for (const [name, value] of values) {
    const spec = FIELDS_BY_OBJECT[object].get(name);
    if (!spec) continue;
    const old = record === null ? null : ((record[spec.property] as FieldValue | undefined) ?? null);
    if (old === value) continue;
    patch[spec.property] = value;
    diff[name] = { old, new: value };
  }
  const oldCustom = current?.customFields ?? {};
  const merged: CustomFields = { ...oldCustom };
  let customChanged = false;
  for (const [name, value] of custom) {
    const old = oldCustom[name] ?? null;
    if (old === value) continue;
    customChanged = true;
    if (value === null) delete merged[name];
    else merged[name] = value;
    diff[name] = { old, new: value };
  }
  if (customChanged) patch.customFields = merged;
  return { patch, diff };
}

/** Whether a change set changes anything. */
export function hasChanges(changes: RecordChanges): boolean {
  return Object.keys(changes.diff).length > 0;
}
