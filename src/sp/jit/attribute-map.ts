import { withSuggestion } from '../../config/suggest.js';
import type { CustomFieldsConfig } from '../../config/types.js';
import { SamlError } from '../../saml/errors.js';
import { CUSTOM_FIELD_SUFFIX, FIELDS_BY_OBJECT, JIT_OBJECTS, type JitObject } from './field-catalog.js';
import { parseCustomValue, parseFieldValue, quote, type FieldValue } from './value-rules.js';

/** What the assertion says about one record. */
export interface MappedSection {
  /** Standard fields carried, by API name (`Email`), in document order; null clears the field. */
  readonly fields: ReadonlyMap<string, FieldValue>;
  /** Declared custom fields carried, by API name (`Badge_Id__c`); null clears the field. */
  readonly custom: ReadonlyMap<string, string | null>;
}

/** An assertion's attributes read as standard JIT sees them. */
export interface MappedAttributes {
  readonly User: MappedSection;
  readonly Contact: MappedSection;
  readonly Account: MappedSection;
  /**
   * The assertion names a Contact or an Account (`Contact.*`, `Account.*` or `User.Contact`):
   * a first login then walks the matching chain past the User.
   */
  readonly chainRequested: boolean;
  /** Attributes left alone because their name has none of the `User.`/`Contact.`/`Account.` prefixes. */
  readonly ignored: readonly string[];
}

/** Whether a section carries anything at all. */
export function isEmptySection(section: MappedSection): boolean {
  return section.fields.size === 0 && section.custom.size === 0;
}

function splitName(name: string): { object: JitObject; field: string } | null {
  const dot = name.indexOf('.');
  if (dot <= 0) return null;
  const prefix = name.slice(0, dot);
  // Case-sensitive on purpose: `user.Email` is not a JIT attribute, like every attribute name.
  const object = JIT_OBJECTS.find((o) => o === prefix);
  return object === undefined ? null : { object, field: name.slice(dot + 1) };
}

/** One value per field: several values would force a silent pick, so they are refused. */
function singleValue(name: string, values: readonly string[]): string {
  if (values.length > 1) {
    throw new SamlError(
      'JIT_INVALID_FIELD_VALUE',
      `${name} carries ${values.length} values; a JIT field takes exactly one`,
      { check: 'jit-value', expected: 'one value', received: values.slice(0, 5).map(quote).join(', ') },
    );
  }
  // An attribute with no value at all says the same as one empty value: clear the field.
  return values[0] ?? '';
}

/**
 * Reads the `User.*`, `Contact.*` and `Account.*` attributes of an assertion onto fields,
 * checking every value. Attribute names are case-sensitive. A name with one of the three
 * prefixes must name a standard field or a declared custom field; any other name is ignored.
 * Pure: no store access, so it runs before anything is looked up or written.
 * @example mapAttributes({ 'User.Email': ['a@example.com'] }, config.customFields).User.fields.get('Email')
 */
export function mapAttributes(
  attributes: Readonly<Record<string, readonly string[]>>,
  customFields: CustomFieldsConfig,
): MappedAttributes {
  const sections = {
    User: { fields: new Map<string, FieldValue>(), custom: new Map<string, string | null>() },
    Contact: { fields: new Map<string, FieldValue>(), custom: new Map<string, string | null>() },
    Account: { fields: new Map<string, FieldValue>(), custom: new Map<string, string | null>() },
  };
  const ignored: string[] = [];
  for (const [name, values] of Object.entries(attributes)) {
    const parts = splitName(name);
    if (parts === null) {
      ignored.push(name);
      continue;
    }
    const { object, field } = parts;
    if (field.endsWith(CUSTOM_FIELD_SUFFIX)) {
      const declared = customFields[object].find((c) => c.name === field);
      if (!declared) {
        const names = customFields[object].map((c) => `${object}.${c.name}`);
        throw new SamlError(
          'JIT_UNKNOWN_CUSTOM_FIELD',
          withSuggestion(`${name} is not a declared custom field of ${object}`, name, names),
          {
            check: 'jit-mapping',
            expected: names.join(', ') || `no custom fields on ${object}`,
            received: name,
          },
        );
      }
      sections[object].custom.set(field, parseCustomValue(name, declared, singleValue(name, values)));
      continue;
    }
    const spec = FIELDS_BY_OBJECT[object].get(field);
    if (!spec) {
      const names = [...FIELDS_BY_OBJECT[object].keys()].map((n) => `${object}.${n}`);
      throw new SamlError(
        'JIT_UNKNOWN_FIELD',
        withSuggestion(`${name} is not a standard ${object} field`, name, names),
        {
          check: 'jit-mapping',
          expected: `a ${object} field such as ${names.slice(0, 4).join(', ')}`,
          received: name,
        },
      );
    }
    sections[object].fields.set(field, parseFieldValue(name, spec, singleValue(name, values)));
  }
  const chainRequested =
    sections.User.fields.has('Contact') ||
    !isEmptySection(sections.Contact) ||
    !isEmptySection(sections.Account);
  return { ...sections, chainRequested, ignored };
}
