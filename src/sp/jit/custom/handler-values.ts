import type { CustomFieldsConfig } from '../../../config/types.js';
import { SamlError } from '../../../saml/errors.js';
import { mapAttributes, type MappedAttributes } from '../attribute-map.js';
import type { JitObject } from '../field-catalog.js';

/**
 * A handler's draft or change set is untrusted input, like an assertion: it is turned into the
 * attribute form standard JIT reads (`User.Email` → ['…']) and read by the very same mapping, so
 * both paths share one set of value rules, one field catalog and one set of error codes.
 */
function toAttributeValues(object: JitObject, name: string, value: unknown): string[] | null {
  if (value === undefined) return null;
  if (value === null) return [''];
  if (typeof value === 'string') return [value];
  if (typeof value === 'boolean') return [String(value)];
  throw new SamlError(
    'JIT_INVALID_FIELD_VALUE',
    `${object}.${name} must be text, a boolean or null; the handler gave ${describeValue(value)}`,
    { check: 'jit-value', expected: 'text, a boolean or null', received: describeValue(value) },
  );
}

/** What a value is, for an error message about what a handler gave (never the value itself). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    const name = (proto as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return proto === Object.prototype || proto === null || typeof name !== 'string'
      ? 'an object'
      : `a ${name} object`;
  }
  return `a ${typeof value}`;
}

/** Whether `value` is a plain object a handler may hand over as a draft or change set. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Reads a handler's field values for `object` (`{ Email: 'a@b.c', Badge_Id__c: 'B1' }`) as
 * standard JIT reads `User.*` attributes: unknown fields, undeclared custom fields and values
 * that do not fit their field are refused with the same JIT_* codes. `null` clears a field.
 * @example handlerValues('Contact', { LastName: 'Lee' }, config.customFields, 'contacts.create').Contact.fields.get('LastName') // 'Lee'
 */
export function handlerValues(
  object: JitObject,
  values: unknown,
  customFields: CustomFieldsConfig,
  what: string,
): MappedAttributes {
  if (!isPlainRecord(values)) {
    throw new SamlError(
      'JIT_HANDLER_ERROR',
      `${what} takes an object of ${object} fields; got ${describeValue(values)}`,
      {
        check: 'jit-handler',
        expected: `an object of ${object} fields`,
        received: describeValue(values),
      },
    );
  }
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(values)) {
    const attribute = toAttributeValues(object, name, value);
    if (attribute !== null) attributes[`${object}.${name}`] = attribute;
  }
  return mapAttributes(attributes, customFields);
}

/**
 * Fields a record cannot be created without, beyond what standard JIT's chain guarantees
 * (it checks `Contact.LastName` and `Account.Name` before inserting; a handler's draft is
 * checked here instead).
 */
export function requireOnCreate(object: JitObject, mapped: MappedAttributes, names: readonly string[]): void {
  const fields = mapped[object].fields;
  const missing = names.filter((name) => fields.get(name) === undefined || fields.get(name) === null);
  if (missing.length === 0) return;
  const labels = missing.map((name) => `${object}.${name}`);
  throw new SamlError(
    'JIT_MISSING_REQUIRED_FIELD',
    `${labels.join(', ')} ${labels.length === 1 ? 'is' : 'are'} required to create a ${object}`,
    {
      check: 'jit-required',
      expected: names.map((name) => `${object}.${name}`).join(', '),
      received: `missing ${labels.join(', ')}`,
    },
  );
}
