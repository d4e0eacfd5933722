import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSamlError } from '../../../../src/saml/errors.js';
import { handlerMessage, HANDLER_MESSAGE_MAX } from '../../../../src/sp/jit/custom/custom-provisioner.js';
import { handlerValues, requireOnCreate } from '../../../../src/sp/jit/custom/handler-values.js';
import { HandlerWindow } from '../../../../src/sp/jit/custom/handler-window.js';
import { accountView, contactView, userView } from '../../../../src/sp/jit/custom/record-views.js';
import { ACCOUNT_FIELDS, CONTACT_FIELDS, USER_FIELDS } from '../../../../src/sp/jit/index.js';
import type { StoreTx } from '../../../../src/store/index.js';
import type { Account, Contact, User } from '../../../../src/store/types.js';

const CUSTOM = {
  User: [{ name: 'Badge_Id__c', label: 'Badge', maxLength: 4 }],
  Contact: [],
  Account: [],
};

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return isSamlError(error) ? error.code : `not a SamlError: ${String(error)}`;
  }
}

describe('handlerValues: a handler draft read with the standard value rules', () => {
  it('maps text, booleans, null (clear) and declared custom fields; skips undefined', () => {
    const mapped = handlerValues(
      'User',
      { Email: 'a@b.test', IsActive: false, Title: null, City: undefined, Badge_Id__c: 'B1' },
      CUSTOM,
      'test',
    );
    assert.deepEqual(
      [...mapped.User.fields],
      [
        ['Email', 'a@b.test'],
        ['IsActive', false],
        ['Title', null],
      ],
    );
    assert.deepEqual([...mapped.User.custom], [['Badge_Id__c', 'B1']]);
    assert.equal(mapped.chainRequested, false);
    assert.equal(mapped.Contact.fields.size, 0);
  });

  it('refuses with the codes standard JIT uses', () => {
    const cases: Array<[unknown, string]> = [
      [{ Emial: 'x' }, 'JIT_UNKNOWN_FIELD'],
      [{ email: 'x@y.test' }, 'JIT_UNKNOWN_FIELD'],
      [{ Other__c: 'x' }, 'JIT_UNKNOWN_CUSTOM_FIELD'],
      [{ Badge_Id__c: 'too long' }, 'JIT_INVALID_FIELD_VALUE'],
      [{ Email: 'nope' }, 'JIT_INVALID_FIELD_VALUE'],
      [{ Alias: 'ninechars' }, 'JIT_INVALID_FIELD_VALUE'],
      [{ TimeZoneSidKey: 'Mars/Olympus' }, 'JIT_INVALID_FIELD_VALUE'],
      [{ Title: 'bell\u0007' }, 'JIT_INVALID_FIELD_VALUE'],
      [{ Title: 3 }, 'JIT_INVALID_FIELD_VALUE'],
      [{ Title: ['a'] }, 'JIT_INVALID_FIELD_VALUE'],
      [{ Title: { a: 1 } }, 'JIT_INVALID_FIELD_VALUE'],
      [{ Contact: 'not-an-id' }, 'JIT_INVALID_CONTACT_ID'],
      [null, 'JIT_HANDLER_ERROR'],
      [[{ Email: 'a@b.test' }], 'JIT_HANDLER_ERROR'],
      [new Map(), 'JIT_HANDLER_ERROR'],
      ['Email', 'JIT_HANDLER_ERROR'],
    ];
    for (const [values, expected] of cases) {
      assert.equal(
        code(() => handlerValues('User', values, CUSTOM, 'test')),
        expected,
        JSON.stringify(values),
      );
    }
  });

  it('requireOnCreate names every missing field', () => {
    const mapped = handlerValues('Account', { Phone: '1' }, CUSTOM, 'test');
    assert.equal(
      code(() => requireOnCreate('Account', mapped, ['Name'])),
      'JIT_MISSING_REQUIRED_FIELD',
    );
    assert.equal(
      code(() => requireOnCreate('Account', handlerValues('Account', { Name: 'A' }, CUSTOM, 't'), ['Name'])),
      null,
    );
  });
});

describe('handlerMessage', () => {
  it('keeps one line without control characters, at most HANDLER_MESSAGE_MAX characters', () => {
    assert.equal(handlerMessage(new Error('plain')), 'plain');
    assert.equal(handlerMessage(new Error('two\nlines\t and\u0000nul')), 'two lines and nul');
    assert.equal(handlerMessage('a string'), 'a string');
    assert.equal(handlerMessage(42), '42');
    assert.equal(handlerMessage(new Error('')), 'the handler failed without a message');
    const long = handlerMessage(new Error('é'.repeat(1000)));
    assert.equal(Array.from(long).length, HANDLER_MESSAGE_MAX);
    assert.ok(long.endsWith('…'));
  });
});

describe('record views', () => {
  it('name every catalog field, the id and the custom fields, and are frozen', () => {
    const user = userView({
      id: '005x',
      customFields: { Badge_Id__c: 'B' },
      username: 'u',
      isActive: true,
    } as unknown as User);
    assert.deepEqual(
      Object.keys(user).sort(),
      ['Id', 'Badge_Id__c', ...USER_FIELDS.map((f) => f.name)].sort(),
    );
    assert.equal(user.Username, 'u');
    assert.equal(user.IsActive, true);
    assert.equal(user.Title, null, 'absent values read as null');
    assert.ok(Object.isFrozen(user));
    const contact = contactView({ id: '003x', customFields: {}, lastName: 'L' } as unknown as Contact);
    assert.deepEqual(Object.keys(contact).sort(), ['Id', ...CONTACT_FIELDS.map((f) => f.name)].sort());
    const account = accountView({ id: '001x', customFields: {}, name: 'N' } as unknown as Account);
    assert.deepEqual(Object.keys(account).sort(), ['Id', ...ACCOUNT_FIELDS.map((f) => f.name)].sort());
  });
});

describe('HandlerWindow', () => {
  it('narrows the transaction to the JIT repositories and cuts it off once closed', async () => {
    const calls: string[] = [];
    const tx = {
      users: {
        async findById(id: string) {
          calls.push(id);
          return null;
        },
      },
      loginHistory: { insert: () => calls.push('history') },
      db: {},
      async serializeOn() {
        calls.push('lock');
      },
    } as unknown as StoreTx;
    const window = new HandlerWindow('the test call');
    const guarded = window.guard(tx);
    await guarded.users.findById('005a');
    await guarded.serializeOn(['k']);
    assert.throws(() => guarded.loginHistory, /does not reach tx\.loginHistory/);
    assert.throws(() => guarded.db, /does not reach tx\.db/);
    const users = guarded.users;
    window.close();
    await assert.rejects(async () => users.findById('005b'), /the test call has ended/);
    assert.throws(() => guarded.users, /has ended/);
    assert.deepEqual(calls, ['005a', 'lock']);
  });
});
