import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapAttributes } from '../../../src/sp/jit/index.js';
import { isSamlError } from '../../../src/saml/errors.js';

const customFields = {
  User: [{ name: 'Badge__c', label: 'Badge', maxLength: 10 }],
  Contact: [],
  Account: [{ name: 'Region__c', label: 'Region', maxLength: 10 }],
};

const codeOf = (attributes: Record<string, string[]>): string => {
  try {
    mapAttributes(attributes, customFields);
  } catch (error) {
    assert.ok(isSamlError(error));
    return error.code;
  }
  return 'accepted';
};

describe('JIT attribute mapping', () => {
  it('maps the three prefixes onto standard and custom fields, case-sensitively', () => {
    const mapped = mapAttributes(
      {
        'User.Email': ['a@b.test'],
        'User.Badge__c': ['B1'],
        'Contact.LastName': ['Doe'],
        'Account.Region__c': ['EU'],
        Groups: ['x', 'y'],
        'user.Email': ['ignored'],
      },
      customFields,
    );
    assert.equal(mapped.User.fields.get('Email'), 'a@b.test');
    assert.equal(mapped.User.custom.get('Badge__c'), 'B1');
    assert.equal(mapped.Contact.fields.get('LastName'), 'Doe');
    assert.equal(mapped.Account.custom.get('Region__c'), 'EU');
    assert.deepEqual(mapped.ignored, ['Groups', 'user.Email']);
    assert.equal(mapped.chainRequested, true);
  });

  it('requests the chain only when a Contact or an Account is named', () => {
    assert.equal(mapAttributes({ 'User.Email': ['a@b.test'] }, customFields).chainRequested, false);
    assert.equal(
      mapAttributes({ 'User.Contact': ['003AAAAAAAAAAAAAAA'] }, customFields).chainRequested,
      true,
    );
    assert.equal(mapAttributes({ 'Account.Name': ['Acme'] }, customFields).chainRequested, true);
  });

  it('reads an attribute without values as an empty value', () => {
    assert.equal(mapAttributes({ 'User.Title': [] }, customFields).User.fields.get('Title'), null);
  });

  it('refuses unknown fields, undeclared custom fields and several values', () => {
    assert.equal(codeOf({ 'User.Nope': ['x'] }), 'JIT_UNKNOWN_FIELD');
    assert.equal(codeOf({ 'Account.Email': ['x'] }), 'JIT_UNKNOWN_FIELD');
    assert.equal(codeOf({ 'Contact.Badge__c': ['x'] }), 'JIT_UNKNOWN_CUSTOM_FIELD');
    assert.equal(codeOf({ 'User.BADGE__c': ['x'] }), 'JIT_UNKNOWN_CUSTOM_FIELD');
    assert.equal(codeOf({ 'User.Title': ['a', 'b'] }), 'JIT_INVALID_FIELD_VALUE');
    assert.equal(
      codeOf({ 'User.Title': ['a', 'a'] }),
      'JIT_INVALID_FIELD_VALUE',
      'even identical values: no silent pick',
    );
    assert.equal(codeOf({ Groups: ['a', 'b'] }), 'accepted');
  });
});
