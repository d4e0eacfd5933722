import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUniqueViolation, uniqueViolationColumn } from '../../../src/store/index.js';
import { manualClock, rejection, someProfile, uniq, userDraft, type SuiteContext } from './context.js';

/** Profiles, roles, users, contacts, accounts, and the uniqueness rules on users. */
export function recordTests(ctx: SuiteContext): void {
  describe('profiles', () => {
    it('upserts by name, keeping the id', async () => {
      const store = ctx.store();
      const name = `Std ${uniq()}`;
      const first = await store.profiles.upsert({ name, permissions: ['A'] });
      assert.match(first.id, /^00e[0-9A-Za-z]{15}$/);
      assert.deepEqual(first.permissions, ['A']);
      const second = await store.profiles.upsert({ name, permissions: ['B', 'C'] });
      assert.equal(second.id, first.id);
      assert.deepEqual(second.permissions, ['B', 'C']);
      assert.deepEqual(await store.profiles.findById(first.id), second);
      assert.deepEqual(await store.profiles.findByName(name), second);
      assert.equal(await store.profiles.findByName(name.toUpperCase()), null);
      assert.equal(await store.profiles.findById('00e000000000000000'), null);
      const listed = await store.profiles.list();
      assert.deepEqual(
        listed.filter((p) => p.id === first.id),
        [second],
      );
      const names = listed.map((p) => p.name);
      assert.deepEqual(
        names,
        [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    });
  });

  describe('roles', () => {
    it('upserts by name with a parent, finds and lists', async () => {
      const store = ctx.store();
      const ceo = await store.roles.upsert({ name: `CEO ${uniq()}` });
      assert.match(ceo.id, /^00E[0-9A-Za-z]{15}$/);
      assert.equal(ceo.parentRoleId, null);
      const name = `Sales ${uniq()}`;
      const sales = await store.roles.upsert({ name, parentRoleId: ceo.id });
      assert.equal(sales.parentRoleId, ceo.id);
      const moved = await store.roles.upsert({ name, parentRoleId: null });
      assert.equal(moved.id, sales.id);
      assert.equal(moved.parentRoleId, null);
      assert.deepEqual(await store.roles.findById(sales.id), moved);
      assert.deepEqual(await store.roles.findByName(name), moved);
      assert.equal(await store.roles.findByName(`nope ${uniq()}`), null);
      const ids = (await store.roles.list()).map((r) => r.id);
      assert.ok(ids.includes(ceo.id) && ids.includes(sales.id));
    });

    it('refuses a parent that does not exist (foreign keys are on)', async () => {
      const err = await rejection(
        ctx.store().roles.upsert({ name: `Orphan ${uniq()}`, parentRoleId: '00Emissing000000000' }),
      );
      assert.ok(err instanceof Error);
      assert.equal(isUniqueViolation(err), false);
    });
  });

  describe('users', () => {
    it('inserts with defaults and reads back identically by id, username and federation id', async () => {
      const clock = manualClock();
      const store = await ctx.target().open({ now: clock.now });
      try {
        const profileId = await someProfile(store);
        const draft = userDraft(profileId, { customFields: { Badge__c: '42' }, createdBySsoSetting: 'okta' });
        const user = await store.users.insert(draft);
        assert.match(user.id, /^005[0-9A-Za-z]{15}$/);
        assert.equal(user.isActive, true);
        assert.equal(user.title, null);
        assert.equal(user.userRoleId, null);
        assert.deepEqual(user.customFields, { Badge__c: '42' });
        assert.deepEqual(user.createdAt, clock.now());
        assert.deepEqual(user.updatedAt, clock.now());
        assert.equal(user.createdBySsoSetting, 'okta');
        assert.deepEqual(await store.users.findById(user.id), user);
        assert.deepEqual(await store.users.findByUsername(draft.username.toUpperCase()), user);
        assert.deepEqual(await store.users.findByFederationId(draft.federationIdentifier!), user);
        assert.equal(await store.users.findByFederationId(draft.federationIdentifier!.toUpperCase()), null);
        assert.equal(await store.users.findById('005000000000000000'), null);
        assert.equal(await store.users.findByUsername(`nobody.${uniq()}@example.com`), null);
      } finally {
        await store.close();
      }
    });

    it('stores every optional field', async () => {
      const store = ctx.store();
      const profileId = await someProfile(store);
      const role = await store.roles.upsert({ name: `R ${uniq()}` });
      const contact = await store.contacts.insert({ lastName: 'Doe' });
      const full = userDraft(profileId, {
        userRoleId: role.id,
        isActive: false,
        title: 'CTO',
        department: 'R&D',
        division: 'EMEA',
        companyName: 'Acme',
        employeeNumber: 'E-1',
        phone: '+33 1',
        mobilePhone: '+33 6',
        street: '1 rue de la Paix',
        city: 'Paris',
        state: 'IDF',
        postalCode: '75002',
        country: 'FR',
        contactId: contact.id,
        firstName: 'Zoë',
      });
      const user = await store.users.insert(full);
      const read = await store.users.findById(user.id);
      assert.deepEqual(read, user);
      assert.equal(read?.isActive, false);
      assert.equal(read?.firstName, 'Zoë');
      assert.equal(read?.contactId, contact.id);
    });

    it('updates only the fields given and bumps updatedAt', async () => {
      const clock = manualClock();
      const store = await ctx.target().open({ now: clock.now });
      try {
        const user = await store.users.insert(userDraft(await someProfile(store), { title: 'Eng' }));
        clock.advance(60_000);
        const newName = `Renamed.${uniq()}@Example.com`;
        const updated = await store.users.update(user.id, {
          username: newName,
          department: 'Sales',
          isActive: false,
          customFields: { Floor__c: '3' },
          title: undefined,
          phone: null,
        });
        assert.ok(updated);
        assert.equal(updated.username, newName);
        assert.equal(updated.title, 'Eng');
        assert.equal(updated.department, 'Sales');
        assert.equal(updated.isActive, false);
        assert.equal(updated.phone, null);
        assert.deepEqual(updated.customFields, { Floor__c: '3' });
        assert.deepEqual(updated.createdAt, user.createdAt);
        assert.deepEqual(updated.updatedAt, clock.now());
        assert.deepEqual(await store.users.findByUsername(newName.toLowerCase()), updated);
        assert.equal(await store.users.findByUsername(user.username), null);
        assert.equal(await store.users.update('005000000000000000', { title: 'x' }), null);
      } finally {
        await store.close();
      }
    });

    it('answers communityNicknameExists', async () => {
      const store = ctx.store();
      const user = await store.users.insert(userDraft(await someProfile(store)));
      assert.equal(await store.users.communityNicknameExists(user.communityNickname), true);
      assert.equal(await store.users.communityNicknameExists(`free.${uniq()}`), false);
    });

    it('counts and lists in username order, paged', async () => {
      const target = await ctx.freshTarget();
      const store = await target.open();
      try {
        const profileId = await someProfile(store);
        assert.equal(await store.users.count(), 0);
        for (const name of ['carol', 'Alice', 'bob', 'dave', 'Eve']) {
          await store.users.insert(userDraft(profileId, { username: `${name}@example.com` }));
        }
        assert.equal(await store.users.count(), 5);
        const page1 = await store.users.list({ limit: 2 });
        const page2 = await store.users.list({ limit: 2, offset: 2 });
        const page3 = await store.users.list({ limit: 2, offset: 4 });
        assert.deepEqual(
          [...page1, ...page2, ...page3].map((u) => u.username),
          ['Alice', 'bob', 'carol', 'dave', 'Eve'].map((n) => `${n}@example.com`),
        );
        assert.equal((await store.users.list()).length, 5);
      } finally {
        await store.close();
        await target.cleanup();
      }
    });
  });

  describe('uniqueness enforced by the database', () => {
    it('username is unique regardless of case', async () => {
      const store = ctx.store();
      const profileId = await someProfile(store);
      const user = await store.users.insert(userDraft(profileId));
      const err = await rejection(
        store.users.insert(userDraft(profileId, { username: user.username.toUpperCase() })),
      );
      assert.equal(isUniqueViolation(err), true);
      assert.equal(uniqueViolationColumn(err), 'users.username_key');
      const other = await store.users.insert(userDraft(profileId));
      const err2 = await rejection(store.users.update(other.id, { username: user.username.toUpperCase() }));
      assert.equal(uniqueViolationColumn(err2), 'users.username_key');
    });

    it('username case folds ASCII letters only: the Kelvin sign is not a "k"', async () => {
      const store = ctx.store();
      const profileId = await someProfile(store);
      const u = uniq();
      const kate = await store.users.insert(userDraft(profileId, { username: `kate.${u}@example.com` }));
      assert.deepEqual(await store.users.findByUsername(`KATE.${u}@EXAMPLE.COM`), kate);
      // U+212A KELVIN SIGN lowercases to "k" under full Unicode rules.
      const kelvin = `\u212Aate.${u}@example.com`;
      assert.equal(kelvin.toLowerCase(), kate.username);
      assert.equal(await store.users.findByUsername(kelvin), null);
      const other = await store.users.insert(userDraft(profileId, { username: kelvin }));
      assert.equal(other.username, kelvin);
      assert.deepEqual(await store.users.findByUsername(kelvin), other);
      assert.deepEqual(await store.users.findByUsername(kate.username), kate);
    });

    it('federation id is unique (case-sensitive) and may be null many times', async () => {
      const store = ctx.store();
      const profileId = await someProfile(store);
      const user = await store.users.insert(userDraft(profileId));
      const err = await rejection(
        store.users.insert(userDraft(profileId, { federationIdentifier: user.federationIdentifier })),
      );
      assert.equal(isUniqueViolation(err), true);
      assert.equal(uniqueViolationColumn(err), 'users.federation_identifier');
      await store.users.insert(
        userDraft(profileId, { federationIdentifier: user.federationIdentifier!.toUpperCase() }),
      );
      await store.users.insert(userDraft(profileId, { federationIdentifier: null }));
      await store.users.insert(userDraft(profileId, { federationIdentifier: null }));
    });

    it('community nickname is unique', async () => {
      const store = ctx.store();
      const profileId = await someProfile(store);
      const user = await store.users.insert(userDraft(profileId));
      const err = await rejection(
        store.users.insert(userDraft(profileId, { communityNickname: user.communityNickname })),
      );
      assert.equal(isUniqueViolation(err), true);
      assert.equal(uniqueViolationColumn(err), 'users.community_nickname');
    });

    it('two first logins at once: exactly one transaction creates the user', async () => {
      const store = ctx.store();
      const profileId = await someProfile(store);
      const draft = userDraft(profileId);
      const attempt = (nickname: string) =>
        store.transaction(async (tx) => {
          const existing = await tx.users.findByFederationId(draft.federationIdentifier!);
          if (existing) return 'found';
          await tx.users.insert({ ...draft, communityNickname: nickname });
          return 'created';
        });
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => attempt(`${draft.communityNickname}.${i}`)),
      );
      const created = results.filter((r) => r.status === 'fulfilled' && r.value === 'created');
      assert.equal(created.length, 1);
      for (const r of results) {
        if (r.status === 'rejected') assert.equal(isUniqueViolation(r.reason), true, String(r.reason));
      }
      assert.ok(await store.users.findByFederationId(draft.federationIdentifier!));
    });

    it('isUniqueViolation is false for other errors and looks through causes', async () => {
      assert.equal(isUniqueViolation(new Error('UNIQUE constraint failed: users.username_key')), false);
      assert.equal(isUniqueViolation(null), false);
      assert.equal(isUniqueViolation('23505'), false);
      assert.equal(uniqueViolationColumn(new Error('x')), null);
      const store = ctx.store();
      const profileId = await someProfile(store);
      const user = await store.users.insert(userDraft(profileId));
      const raw = await rejection(store.users.insert(userDraft(profileId, { username: user.username })));
      const wrapped = new Error('provisioning failed', { cause: raw });
      assert.equal(isUniqueViolation(wrapped), true);
      assert.equal(uniqueViolationColumn(wrapped), 'users.username_key');
    });
  });

  describe('contacts', () => {
    it('inserts, finds by id and by email (all matches, case-insensitive), updates', async () => {
      const clock = manualClock();
      const store = await ctx.target().open({ now: clock.now });
      try {
        const email = `Pat.${uniq()}@Example.com`;
        const first = await store.contacts.insert({
          lastName: 'Pat',
          email,
          customFields: { Tier__c: 'Gold' },
        });
        assert.match(first.id, /^003[0-9A-Za-z]{15}$/);
        assert.equal(first.accountId, null);
        clock.advance(1000);
        const second = await store.contacts.insert({
          lastName: 'Pat 2',
          email: email.toLowerCase(),
          mailingCity: 'Lyon',
        });
        assert.deepEqual(await store.contacts.findById(first.id), first);
        assert.deepEqual(await store.contacts.findByEmail(email.toUpperCase()), [first, second]);
        assert.deepEqual(await store.contacts.findByEmail(`none.${uniq()}@example.com`), []);
        clock.advance(1000);
        const account = await store.accounts.insert({ name: 'Acme' });
        const updated = await store.contacts.update(second.id, {
          accountId: account.id,
          mailingCity: null,
          title: 'Buyer',
        });
        assert.ok(updated);
        assert.equal(updated.accountId, account.id);
        assert.equal(updated.mailingCity, null);
        assert.equal(updated.title, 'Buyer');
        assert.equal(updated.lastName, 'Pat 2');
        assert.deepEqual(updated.updatedAt, clock.now());
        assert.deepEqual(await store.contacts.findById(second.id), updated);
        assert.equal(await store.contacts.update('003000000000000000', { title: 'x' }), null);
        assert.equal(await store.contacts.findById('003000000000000000'), null);
      } finally {
        await store.close();
      }
    });

    it('refuses an account that does not exist', async () => {
      const err = await rejection(
        ctx.store().contacts.insert({ lastName: 'X', accountId: '001missing00000000' }),
      );
      assert.ok(err instanceof Error);
    });
  });

  describe('accounts', () => {
    it('inserts, finds by id and by number (all matches), updates', async () => {
      const store = ctx.store();
      const number = `AC-${uniq()}`;
      const a = await store.accounts.insert({ name: 'Acme', accountNumber: number, industry: 'Retail' });
      assert.match(a.id, /^001[0-9A-Za-z]{15}$/);
      assert.deepEqual(a.customFields, {});
      assert.deepEqual(await store.accounts.findById(a.id), a);
      assert.deepEqual(await store.accounts.findByAccountNumber(number), [a]);
      const b = await store.accounts.insert({ name: 'Acme bis', accountNumber: number });
      assert.deepEqual(
        (await store.accounts.findByAccountNumber(number)).map((x) => x.id).sort(),
        [a.id, b.id].sort(),
      );
      assert.deepEqual(await store.accounts.findByAccountNumber(number.toLowerCase()), []);
      const updated = await store.accounts.update(a.id, {
        website: 'https://acme.test',
        customFields: { Region__c: 'EU' },
        billingCountry: 'FR',
      });
      assert.ok(updated);
      assert.equal(updated.website, 'https://acme.test');
      assert.equal(updated.industry, 'Retail');
      assert.deepEqual(updated.customFields, { Region__c: 'EU' });
      assert.deepEqual(await store.accounts.findById(a.id), updated);
      assert.equal(await store.accounts.update('001000000000000000', { name: 'x' }), null);
    });
  });
}
