import { z } from 'zod';
import {
  isEmailEncodingKey,
  isLanguageLocaleKey,
  isLocaleSidKey,
  isTimeZoneSidKey,
} from '../../config/locales.js';
import type { CustomFieldConfig } from '../../config/types.js';
import { SamlError } from '../../saml/errors.js';
import { KEY_PREFIX } from '../../store/ids.js';
import type { FieldSpec } from './field-catalog.js';

/** A mapped value: text, a flag (IsActive), or null for "clear this field" (an empty attribute). */
export type FieldValue = string | boolean | null;

const emailSchema = z.email();
// C0 controls other than tab, line feed and carriage return: no system field should hold them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ID_BODY = /^[0-9A-Za-z]{15}$/;
const TRUE_WORDS = new Set(['true', '1']);
const FALSE_WORDS = new Set(['false', '0']);

/**
 * A value as shown in an error message: quoted, and shortened so a hostile attribute cannot
 * flood the login history.
 */
export function quote(value: string): string {
  const chars = Array.from(value);
  return JSON.stringify(chars.length > 80 ? `${chars.slice(0, 79).join('')}…` : value);
}

/** Length in characters as people count them (code points, not UTF-16 units). */
export function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

function invalid(attribute: string, reason: string, expected: string, received: string): SamlError {
  return new SamlError('JIT_INVALID_FIELD_VALUE', `${attribute} ${reason}`, {
    check: 'jit-value',
    expected,
    received,
  });
}

/** Whether `value` is a well-formed record id of `kind` (key prefix and 15 base62 characters). */
export function isRecordId(value: string, kind: 'contact' | 'account' | 'profile' | 'role'): boolean {
  return value.length === 18 && value.startsWith(KEY_PREFIX[kind]) && ID_BODY.test(value.slice(3));
}

function checkText(attribute: string, raw: string, maxLength: number): void {
  if (CONTROL_CHARACTERS.test(raw)) {
    throw invalid(attribute, 'contains a control character', 'printable text', quote(raw));
  }
  const length = charLength(raw);
  if (length > maxLength) {
    throw invalid(
      attribute,
      `is ${length} characters long; at most ${maxLength} are allowed`,
      `at most ${maxLength} characters`,
      quote(raw),
    );
  }
}

/**
 * Reads one attribute value for a standard field and checks it as the record would. An empty
 * value becomes null ("clear the field"); whether the field may be cleared is decided later,
 * because that depends on whether the record is being created or updated.
 * @example parseFieldValue('User.IsActive', spec, 'TRUE') // true
 */
export function parseFieldValue(attribute: string, spec: FieldSpec, raw: string): FieldValue {
  if (raw === '') return null;
  if (spec.kind === 'boolean') {
    const word = raw.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    throw invalid(attribute, 'is not a boolean', 'true, false, 1 or 0', quote(raw));
  }
  if (spec.kind === 'contactLink' || spec.kind === 'accountLink') {
    const kind = spec.kind === 'contactLink' ? 'contact' : 'account';
    if (!isRecordId(raw, kind)) {
      throw new SamlError(
        kind === 'contact' ? 'JIT_INVALID_CONTACT_ID' : 'JIT_INVALID_ACCOUNT_ID',
        `${attribute} is not a ${kind === 'contact' ? 'Contact' : 'Account'} id`,
        {
          check: 'jit-value',
          expected: `an 18-character id starting with ${KEY_PREFIX[kind]}`,
          received: quote(raw),
        },
      );
    }
    return raw;
  }
  checkText(attribute, raw, spec.maxLength);
  switch (spec.kind) {
    case 'username':
      if (/\s/.test(raw))
        throw invalid(attribute, 'must not contain whitespace', 'no whitespace', quote(raw));
      return raw;
    case 'email':
      if (!emailSchema.safeParse(raw).success) {
        throw invalid(attribute, 'is not an email address', 'an email address', quote(raw));
      }
      return raw;
    case 'timeZone':
      if (!isTimeZoneSidKey(raw)) {
        throw invalid(
          attribute,
          'is not a known time zone',
          'an IANA time zone id such as Europe/Paris',
          quote(raw),
        );
      }
      return raw;
    case 'locale':
      if (!isLocaleSidKey(raw))
        throw invalid(attribute, 'is not a known locale', 'a locale such as en_US', quote(raw));
      return raw;
    case 'language':
      if (!isLanguageLocaleKey(raw)) {
        throw invalid(attribute, 'is not a known language', 'a language such as en_US or de', quote(raw));
      }
      return raw;
    case 'emailEncoding':
      if (!isEmailEncodingKey(raw)) {
        throw invalid(attribute, 'is not a known email encoding', 'an encoding such as UTF-8', quote(raw));
      }
      return raw;
    default:
      return raw;
  }
}

/**
 * Reads one attribute value for a declared custom text field: empty clears it, anything else
 * must fit the declared `maxLength`.
 */
export function parseCustomValue(attribute: string, field: CustomFieldConfig, raw: string): string | null {
  if (raw === '') return null;
  checkText(attribute, raw, field.maxLength);
  return raw;
}
