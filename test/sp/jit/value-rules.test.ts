import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIELDS_BY_OBJECT } from '../../../src/sp/jit/field-catalog.js';
import {
  charLength,
  isRecordId,
  parseCustomValue,
  parseFieldValue,
  quote,
} from '../../../src/sp/jit/value-rules.js';
import { isSamlError } from '../../../src/saml/errors.js';

const spec = (object: 'User' | 'Contact' | 'Account', name: string) => FIELDS_BY_OBJECT[object].get(name)!;
const parse = (name: string, raw: string) => parseFieldValue(`User.${name}`, spec('User', name), raw);
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    assert.ok(isSamlError(error));
    return error.code;
  }
  return 'accepted';
};

describe('JIT value rules', () => {
  it('reads an empty value as null (clear the field)', () => {
    assert.equal(parse('Title', ''), null);
    assert.equal(parse('IsActive', ''), null);
    assert.equal(parse('Contact', ''), null);
  });

  it('parses IsActive as true/false/1/0 in any case, nothing else', () => {
    for (const word of ['true', 'TRUE', 'True', '1']) assert.equal(parse('IsActive', word), true, word);
    for (const word of ['false', 'FALSE', '0']) assert.equal(parse('IsActive', word), false, word);
    for (const word of ['yes', 'no', 'on', '2', ' true'])
      assert.equal(
        codeOf(() => parse('IsActive', word)),
        'JIT_INVALID_FIELD_VALUE',
        word,
      );
  });

  it('checks email addresses, usernames and the picklist-like keys', () => {
    assert.equal(parse('Email', 'a.b+c@example.co.uk'), 'a.b+c@example.co.uk');
    for (const bad of ['a@', '@b.c', 'a b@c.d', 'plain'])
      assert.equal(
        codeOf(() => parse('Email', bad)),
        'JIT_INVALID_FIELD_VALUE',
        bad,
      );
    assert.equal(
      codeOf(() => parse('Username', 'two words')),
      'JIT_INVALID_FIELD_VALUE',
    );
    assert.equal(parse('TimeZoneSidKey', 'Asia/Tokyo'), 'Asia/Tokyo');
    assert.equal(
      codeOf(() => parse('TimeZoneSidKey', 'asia/tokyo')),
      'JIT_INVALID_FIELD_VALUE',
    );
    assert.equal(parse('LocaleSidKey', 'de_CH'), 'de_CH');
    assert.equal(
      codeOf(() => parse('LocaleSidKey', 'de-CH')),
      'JIT_INVALID_FIELD_VALUE',
    );
    assert.equal(parse('LanguageLocaleKey', 'pt_BR'), 'pt_BR');
    assert.equal(
      codeOf(() => parse('LanguageLocaleKey', 'pt')),
      'JIT_INVALID_FIELD_VALUE',
    );
    assert.equal(parse('EmailEncodingKey', 'Shift_JIS'), 'Shift_JIS');
    assert.equal(
      codeOf(() => parse('EmailEncodingKey', 'UTF8')),
      'JIT_INVALID_FIELD_VALUE',
    );
  });

  it('counts length in code points: Alias holds 8 characters, even outside the BMP', () => {
    assert.equal(charLength('🚀🚀'), 2);
    assert.equal(parse('Alias', '🚀🚀🚀🚀🚀🚀🚀🚀'), '🚀🚀🚀🚀🚀🚀🚀🚀');
    assert.equal(
      codeOf(() => parse('Alias', '123456789')),
      'JIT_INVALID_FIELD_VALUE',
    );
    assert.equal(
      codeOf(() => parse('EmployeeNumber', 'x'.repeat(21))),
      'JIT_INVALID_FIELD_VALUE',
    );
  });

  it('refuses control characters other than tab and newlines', () => {
    assert.equal(
      codeOf(() => parse('Title', 'a\u0000b')),
      'JIT_INVALID_FIELD_VALUE',
    );
    assert.equal(
      codeOf(() => parse('Title', 'a\u001bb')),
      'JIT_INVALID_FIELD_VALUE',
    );
    assert.equal(parse('Street', 'line 1\nline 2\tx'), 'line 1\nline 2\tx');
  });

  it('checks the shape of link ids with their own codes', () => {
    assert.equal(
      codeOf(() => parse('Contact', '001AAAAAAAAAAAAAAA')),
      'JIT_INVALID_CONTACT_ID',
    );
    assert.equal(parse('Contact', '003AAAAAAAAAAAAAAA'), '003AAAAAAAAAAAAAAA');
    assert.equal(
      codeOf(() => parseFieldValue('Contact.Account', spec('Contact', 'Account'), '003AAAAAAAAAAAAAAA')),
      'JIT_INVALID_ACCOUNT_ID',
    );
    assert.equal(isRecordId('00eAAAAAAAAAAAAAAA', 'profile'), true);
    assert.equal(isRecordId('00EAAAAAAAAAAAAAAA', 'profile'), false, 'key prefixes are case-sensitive');
    assert.equal(isRecordId('003AAAAAAAAAAAAAA!', 'contact'), false);
  });

  it('applies the declared maxLength of custom fields', () => {
    const field = { name: 'Code__c', label: 'Code', maxLength: 3 };
    assert.equal(parseCustomValue('User.Code__c', field, 'abc'), 'abc');
    assert.equal(parseCustomValue('User.Code__c', field, ''), null);
    assert.equal(
      codeOf(() => parseCustomValue('User.Code__c', field, 'abcd')),
      'JIT_INVALID_FIELD_VALUE',
    );
  });

  it('shortens long values in messages', () => {
    assert.equal(quote('x'.repeat(200)).length, 82);
    assert.equal(quote('ok'), '"ok"');
  });
});
