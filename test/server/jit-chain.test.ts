import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';
import {
  counts,
  expectRefused,
  expectSignedIn,
  JIT_ORG,
  JIT_SETTING,
  newUserAttributes,
  personAt,
} from '../sp/jit/jit-fixtures.js';

describe('standard JIT over the real ACS: the matching chain', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: JIT_ORG, setting: JIT_SETTING, now: tickingClock(FIXED_NOW) });
  });
  after(() => h.close());

  const store = () => h.app.store;
  const userBy = (fed: string) => store().users.findByFederationId(fed);

  it('step 4: inserts Account, Contact and User, linked, each with an audit diff', async () => {
    const before = await counts(store());
    const entry = await expectSignedIn(
      h,
      'fed-new-company',
      personAt('newco', 'NEW-001', {
        'Contact.Phone': '+33 1 23 45 67 89',
        'Contact.Preferred_Channel__c': 'email',
        'Account.Website': 'https://newco.test',
        'Account.Region__c': 'EMEA',
      }),
      'created',
    );
    const after = await counts(store());
    assert.deepEqual(
      {
        users: after.users - before.users,
        contacts: after.contacts - before.contacts,
        accounts: after.accounts - before.accounts,
      },
      { users: 1, contacts: 1, accounts: 1 },
    );
    const user = await userBy('fed-new-company');
    const contact = await store().contacts.findById(user!.contactId!);
    const [account] = await store().accounts.findByAccountNumber('NEW-001');
    assert.equal(contact?.accountId, account?.id);
    assert.equal(contact?.email, 'newco@contact.acme.test');
    assert.equal(contact?.phone, '+33 1 23 45 67 89');
    assert.deepEqual(contact?.customFields, { Preferred_Channel__c: 'email' });
    assert.equal(account?.name, 'Company NEW-001');
    assert.deepEqual(account?.customFields, { Region__c: 'EMEA' });
    assert.deepEqual(entry.recordsTouched, [
      { type: 'Account', id: account!.id, action: 'created' },
      { type: 'Contact', id: contact!.id, action: 'created' },
      { type: 'User', id: user!.id, action: 'created' },
    ]);
    // Events of one login share its time; their order is the records-touched list.
    const events = await store().auditEvents.listForLoginHistory(entry.id);
    const byType = new Map(events.map((e) => [e.targetType, e]));
    assert.equal(events.length, 3);
    for (const [type, id] of [
      ['Account', account!.id],
      ['Contact', contact!.id],
      ['User', user!.id],
    ] as const) {
      assert.equal(byType.get(type)?.action, 'jit.create');
      assert.equal(byType.get(type)?.targetId, id);
    }
    assert.deepEqual(byType.get('Contact')?.diff.Account, { old: null, new: account!.id });
    assert.deepEqual(byType.get('User')?.diff.Contact, { old: null, new: contact!.id });
    assert.deepEqual(byType.get('Account')?.diff.AccountNumber, { old: null, new: 'NEW-001' });
  });

  it('step 3 by Account.AccountNumber: inserts Contact and User under the one matching account, updating it', async () => {
    const account = await store().accounts.insert({ name: 'Existing Co', accountNumber: 'EXIST-001' });
    const entry = await expectSignedIn(
      h,
      'fed-existing-account',
      personAt('exist', 'EXIST-001', { 'Account.Region__c': 'APAC' }),
      'created',
    );
    const user = await userBy('fed-existing-account');
    const contact = await store().contacts.findById(user!.contactId!);
    assert.equal(contact?.accountId, account.id);
    assert.equal((await store().accounts.findByAccountNumber('EXIST-001')).length, 1, 'no second account');
    const updated = await store().accounts.findById(account.id);
    assert.equal(updated?.name, 'Company EXIST-001', 'the matched account takes the fields carried');
    assert.deepEqual(updated?.customFields, { Region__c: 'APAC' });
    assert.deepEqual(
      entry.recordsTouched.map((t) => [t.type, t.action]),
      [
        ['Account', 'updated'],
        ['Contact', 'created'],
        ['User', 'created'],
      ],
    );
    const events = await store().auditEvents.listForLoginHistory(entry.id);
    assert.deepEqual(events.find((e) => e.targetType === 'Account')?.diff, {
      Name: { old: 'Existing Co', new: 'Company EXIST-001' },
      Region__c: { old: null, new: 'APAC' },
    });
  });

  it('step 3 by Contact.Account id: needs no account number or name', async () => {
    const account = await store().accounts.insert({ name: 'By Id Co' });
    await expectSignedIn(
      h,
      'fed-account-id',
      newUserAttributes('accid', {
        'Contact.Email': 'accid@contact.acme.test',
        'Contact.LastName': 'Accid',
        'Contact.Account': account.id,
      }),
      'created',
    );
    const contact = await store().contacts.findById((await userBy('fed-account-id'))!.contactId!);
    assert.equal(contact?.accountId, account.id);
    assert.equal((await store().accounts.findById(account.id))?.name, 'By Id Co');
  });

  it('step 3 refuses several accounts with the number (JIT_AMBIGUOUS_ACCOUNT)', async () => {
    await store().accounts.insert({ name: 'Twin A', accountNumber: 'TWIN-001' });
    await store().accounts.insert({ name: 'Twin B', accountNumber: 'TWIN-001' });
    await expectRefused(h, 'fed-twin', personAt('twin', 'TWIN-001'), 'JIT_AMBIGUOUS_ACCOUNT');
  });

  it('step 3 needs Account.AccountNumber and Account.Name when Contact.Account is absent (JIT_MISSING_ACCOUNT_FIELDS)', async () => {
    const noName = personAt('noacct', 'NOACCT-1');
    delete noName['Account.Name'];
    const noNumber = personAt('noacct', 'NOACCT-1');
    delete noNumber['Account.AccountNumber'];
    const contactOnly = newUserAttributes('noacct', {
      'Contact.Email': 'noacct@contact.acme.test',
      'Contact.LastName': 'N',
    });
    for (const attributes of [noName, noNumber, contactOnly]) {
      await expectRefused(h, 'fed-noacct', attributes, 'JIT_MISSING_ACCOUNT_FIELDS');
    }
    await expectRefused(
      h,
      'fed-noacct',
      personAt('noacct', 'NOACCT-1', { 'Account.Name': '' }),
      'JIT_MISSING_ACCOUNT_FIELDS',
    );
  });

  it('step 2 by Contact.Email (case-insensitive): updates that Contact and links the new User, creating nothing else', async () => {
    const account = await store().accounts.insert({ name: 'Contact Co', accountNumber: 'CC-1' });
    const contact = await store().contacts.insert({
      lastName: 'Before',
      email: 'known@contact.acme.test',
      title: 'Old title',
      accountId: account.id,
    });
    const before = await counts(store());
    const entry = await expectSignedIn(
      h,
      'fed-known-contact',
      personAt('known', 'OTHER-NUMBER', {
        'Contact.Email': 'KNOWN@contact.acme.test',
        'Contact.Title': 'New title',
      }),
      'created',
    );
    const after = await counts(store());
    assert.equal(after.contacts, before.contacts);
    assert.equal(after.accounts, before.accounts, 'matching uses the email only: no account is created');
    const user = await userBy('fed-known-contact');
    assert.equal(user?.contactId, contact.id);
    const updated = await store().contacts.findById(contact.id);
    assert.equal(updated?.lastName, 'Contact-known');
    assert.equal(updated?.title, 'New title');
    assert.equal(updated?.email, 'KNOWN@contact.acme.test');
    const events = await store().auditEvents.listForLoginHistory(entry.id);
    assert.deepEqual(events.find((e) => e.targetType === 'Contact')?.diff.Title, {
      old: 'Old title',
      new: 'New title',
    });
    assert.deepEqual(
      entry.recordsTouched.map((t) => [t.type, t.action]),
      [
        ['Contact', 'updated'],
        ['Account', 'updated'],
        ['User', 'created'],
      ],
    );
  });

  it('step 2 by User.Contact id', async () => {
    const contact = await store().contacts.insert({ lastName: 'Linked' });
    await expectSignedIn(
      h,
      'fed-contact-id',
      newUserAttributes('cid', { 'User.Contact': contact.id }),
      'created',
    );
    assert.equal((await userBy('fed-contact-id'))?.contactId, contact.id);
  });

  it('step 2 needs Contact.Email and Contact.LastName when User.Contact is absent (JIT_MISSING_CONTACT_FIELDS)', async () => {
    const noLast = personAt('nocontact', 'NC-1');
    delete noLast['Contact.LastName'];
    const noEmail = personAt('nocontact', 'NC-1');
    delete noEmail['Contact.Email'];
    const accountOnly = newUserAttributes('nocontact', {
      'Account.AccountNumber': 'NC-1',
      'Account.Name': 'NC',
    });
    for (const attributes of [noLast, noEmail, accountOnly]) {
      await expectRefused(h, 'fed-nocontact', attributes, 'JIT_MISSING_CONTACT_FIELDS');
    }
  });

  it('step 2 refuses several contacts with the email (JIT_AMBIGUOUS_CONTACT)', async () => {
    await store().contacts.insert({ lastName: 'One', email: 'dup@contact.acme.test' });
    await store().contacts.insert({ lastName: 'Two', email: 'Dup@contact.acme.test' });
    await expectRefused(
      h,
      'fed-dup',
      personAt('dup', 'DUP-1', { 'Contact.Email': 'dup@contact.acme.test' }),
      'JIT_AMBIGUOUS_CONTACT',
    );
  });

  it('refuses ids that name nothing (JIT_INVALID_CONTACT_ID, JIT_INVALID_ACCOUNT_ID)', async () => {
    const account = await store().accounts.insert({ name: 'Real' });
    for (const id of ['003AAAAAAAAAAAAAAA', 'not-an-id', account.id, '']) {
      await expectRefused(
        h,
        'fed-badid',
        newUserAttributes('badid', { 'User.Contact': id }),
        'JIT_INVALID_CONTACT_ID',
      );
    }
    const contact = await store().contacts.insert({ lastName: 'Real' });
    for (const id of ['001AAAAAAAAAAAAAAA', 'nope', contact.id, '']) {
      await expectRefused(
        h,
        'fed-badid',
        newUserAttributes('badid', {
          'Contact.Email': 'badid@contact.acme.test',
          'Contact.LastName': 'B',
          'Contact.Account': id,
        }),
        'JIT_INVALID_ACCOUNT_ID',
      );
    }
  });

  it("later logins update the user's Contact and Account where sent; the user's Contact cannot change", async () => {
    await expectSignedIn(h, 'fed-later', personAt('later', 'LATER-1'), 'created');
    const user = await userBy('fed-later');
    const entry = await expectSignedIn(
      h,
      'fed-later',
      { 'Contact.Title': 'Buyer', 'Account.Industry': 'Retail', 'User.Title': 'Buyer' },
      'updated',
    );
    const contact = await store().contacts.findById(user!.contactId!);
    assert.equal(contact?.title, 'Buyer');
    assert.equal((await store().accounts.findById(contact!.accountId!))?.industry, 'Retail');
    assert.deepEqual(
      entry.recordsTouched.map((t) => [t.type, t.action]),
      [
        ['User', 'updated'],
        ['Contact', 'updated'],
        ['Account', 'updated'],
      ],
    );
    await expectSignedIn(h, 'fed-later', { 'User.Contact': user!.contactId! }, 'none');
    const other = await store().contacts.insert({ lastName: 'Other' });
    await expectRefused(h, 'fed-later', { 'User.Contact': other.id }, 'JIT_INVALID_CONTACT_ID');
    await expectRefused(h, 'fed-later', { 'Contact.LastName': '' }, 'JIT_INVALID_FIELD_VALUE');
  });

  it('a plain user has no Contact to update: Contact.*/Account.* on a later login are left unused', async () => {
    await expectSignedIn(h, 'fed-plain', newUserAttributes('plain'), 'created');
    const before = await counts(store());
    await expectSignedIn(h, 'fed-plain', { 'Contact.Title': 'Ignored', 'Account.Name': 'Ignored' }, 'none');
    assert.deepEqual(await counts(store()), before);
  });
});
