import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { JitContext, JitInput } from '../../src/sp/jit/index.js';
import { startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';
import {
  counts,
  expectRefused,
  expectSignedIn,
  jitResponse,
  login,
  type Attributes,
} from '../sp/jit/jit-fixtures.js';
import {
  CUSTOM_ORG,
  customSetting,
  draftFor,
  LEGACY,
  PG_DISABLED,
  postgresSchema,
  RUNNER,
  setHandler,
  writeHookHandler,
} from '../sp/jit/custom/custom-fixtures.js';

for (const dialect of ['sqlite', 'postgres'] as const)
  describe(`custom JIT handler over the real ACS on ${dialect}`, () => {
    if (dialect === 'postgres' && PG_DISABLED) {
      it('skipped because FRONTDESK_TEST_PG=off', { skip: 'FRONTDESK_TEST_PG=off' }, () => undefined);
      return;
    }
    let h: Harness;
    let dir: string;
    let drop = async () => {};
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'frontdesk-jit-custom-'));
      let databaseUrl: string | undefined;
      if (dialect === 'postgres') ({ url: databaseUrl, drop } = await postgresSchema());
      // No provisioner given: createFrontdesk loads the handler module itself, as in production.
      h = await startHarness({
        config: CUSTOM_ORG,
        setting: customSetting(writeHookHandler(dir)),
        now: tickingClock(FIXED_NOW),
        ...(databaseUrl ? { databaseUrl } : {}),
      });
      assert.equal(h.app.store.dialect, dialect);
    });
    after(async () => {
      await h.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() =>
      setHandler({
        createUser: () => {
          throw new Error('this test did not expect createUser');
        },
      }),
    );

    const store = () => h.app.store;
    const userBy = (fed: string) => store().users.findByFederationId(fed);

    it('creates the user the handler describes, with standard defaults and an audit diff by the execution user', async () => {
      let seen: { input: JitInput; org: JitContext } | null = null;
      const attributes: Attributes = { mail: 'ann@partner.test', sn: 'Lee', Groups: ['a', 'b'] };
      setHandler({
        async createUser(input, org) {
          seen = { input, org };
          const profile = await org.profiles.findByName('Sales User');
          const role = await org.roles.findByName('Sales Rep');
          return {
            Username: 'ann@sp.acme.test',
            Email: input.attributes.mail![0]!,
            FirstName: 'Ann',
            LastName: input.attributes.sn![0]!,
            ProfileId: profile!.Id,
            UserRoleId: role!.Name,
            Title: 'Partner',
            Badge_Id__c: 'B-42',
          };
        },
      });
      const samlResponse = jitResponse('fed-ann', attributes);
      const res = await h.postAcs(samlResponse);
      await res.arrayBuffer();
      assert.equal(res.status, 302);
      const [entry] = await store().loginHistory.list({ limit: 1 });
      assert.equal(entry?.status, 'Success');
      assert.equal(entry?.jitAction, 'created');

      const input = seen!.input;
      assert.equal(input.samlSsoProviderId, 'example');
      assert.equal(input.federationId, 'fed-ann');
      assert.equal(input.assertion, samlResponse, 'the response exactly as posted, base64');
      assert.deepEqual(input.attributes, { mail: ['ann@partner.test'], sn: ['Lee'], Groups: ['a', 'b'] });
      assert.ok(Object.isFrozen(input.attributes) && Object.isFrozen(input.attributes.Groups));
      assert.equal(input.communityId, undefined);
      assert.equal(input.portalId, undefined);
      assert.equal(seen!.org.runningUser.Username, RUNNER);

      const user = await userBy('fed-ann');
      assert.ok(user);
      assert.equal(user.username, 'ann@sp.acme.test');
      assert.equal(user.alias, 'ALee', 'default alias');
      assert.equal(user.communityNickname, 'ann', 'default nickname');
      assert.equal(user.timeZoneSidKey, 'Europe/Paris', 'org default');
      assert.equal(user.profileId, (await store().profiles.findByName('Sales User'))?.id);
      assert.equal(user.userRoleId, (await store().roles.findByName('Sales Rep'))?.id, 'role by name');
      assert.deepEqual(user.customFields, { Badge_Id__c: 'B-42' });
      assert.equal(user.createdBySsoSetting, 'example');
      assert.deepEqual(entry?.recordsTouched, [{ type: 'User', id: user.id, action: 'created' }]);
      const events = await store().auditEvents.listForLoginHistory(entry!.id);
      assert.equal(events.length, 1);
      assert.equal(events[0]?.action, 'jit.create');
      assert.equal(events[0]?.actor, RUNNER, 'the execution user is the actor');
      assert.deepEqual(events[0]?.diff.Title, { old: null, new: 'Partner' });
      assert.deepEqual(events[0]?.diff.FederationIdentifier, { old: null, new: 'fed-ann' });
    });

    it('creates Account and Contact through the context, linked to the new user, all audited', async () => {
      setHandler({
        async createUser(_input, org) {
          const [existing] = await org.accounts.findByAccountNumber('ACC-1');
          const account =
            existing ??
            (await org.accounts.create({ Name: 'Acme Partner', AccountNumber: 'ACC-1', Region__c: 'EU' }));
          const contact = await org.contacts.create({
            LastName: 'Chen',
            Email: 'bo@partner.test',
            Account: account.Id,
          });
          // A contact created then updated in one login is one record touched, two audit events.
          await org.contacts.update(contact.Id, { Title: 'Buyer' });
          return draftFor('bo', { Contact: contact.Id });
        },
      });
      const entry = await expectSignedIn(h, 'fed-bo', {}, 'created');
      const user = await userBy('fed-bo');
      const contact = await store().contacts.findById(user!.contactId!);
      assert.equal(contact?.title, 'Buyer');
      const account = await store().accounts.findById(contact!.accountId!);
      assert.equal(account?.accountNumber, 'ACC-1');
      assert.deepEqual(account?.customFields, { Region__c: 'EU' });
      assert.deepEqual(
        entry.recordsTouched.map((t) => [t.type, t.action]),
        [
          ['Account', 'created'],
          ['Contact', 'created'],
          ['User', 'created'],
        ],
      );
      // Events of one login share a timestamp; their order among themselves is not defined.
      const events = await store().auditEvents.listForLoginHistory(entry.id);
      assert.deepEqual(events.map((e) => [e.targetType, e.action, e.actor]).sort(), [
        ['Account', 'jit.create', RUNNER],
        ['Contact', 'jit.create', RUNNER],
        ['Contact', 'jit.update', RUNNER],
        ['User', 'jit.create', RUNNER],
      ]);
    });

    it('links an existing user the handler names (UserRef) by setting its Federation ID', async () => {
      setHandler({
        async createUser(input, org) {
          const user = await org.users.findByUsername(input.attributes.mail![0]!);
          return { userId: user!.Id };
        },
      });
      const legacy = await store().users.findByUsername(LEGACY);
      assert.equal(legacy?.federationIdentifier, null);
      const before = await counts(store());
      const entry = await expectSignedIn(h, 'fed-legacy', { mail: LEGACY }, 'updated');
      assert.equal(entry.userId, legacy!.id);
      assert.equal((await userBy('fed-legacy'))?.id, legacy!.id);
      assert.equal((await counts(store())).users, before.users, 'no user was created');
      assert.deepEqual(entry.recordsTouched, [{ type: 'User', id: legacy!.id, action: 'updated' }]);
      const [event] = await store().auditEvents.listForLoginHistory(entry.id);
      assert.deepEqual(event?.diff, { FederationIdentifier: { old: null, new: 'fed-legacy' } });
      assert.equal(event?.actor, RUNNER);
    });

    it('refuses to link an administrator, a user bound to another Federation ID or setting, or no user at all', async () => {
      const admin = await store().users.findByUsername('admin@acme.test');
      setHandler({ createUser: () => ({ userId: admin!.id }) });
      await expectRefused(h, 'fed-takeover', {}, 'JIT_GUARDRAIL_REFUSED');
      assert.equal((await store().users.findByUsername('admin@acme.test'))?.federationIdentifier, null);

      const root = await store().users.findByFederationId('fed-root');
      setHandler({ createUser: () => ({ userId: root!.id }) });
      await expectRefused(h, 'fed-rebind', {}, 'JIT_FEDERATION_ID_CHANGE_NOT_ALLOWED');

      const standard = await store().profiles.findByName('Standard User');
      const foreign = await store().users.insert({
        username: 'foreign@other-idp.test',
        email: 'foreign@other-idp.test',
        lastName: 'Foreign',
        alias: 'foreign',
        communityNickname: 'foreign',
        profileId: standard!.id,
        timeZoneSidKey: 'Europe/Paris',
        localeSidKey: 'fr_FR',
        languageLocaleKey: 'fr',
        emailEncodingKey: 'UTF-8',
        createdBySsoSetting: 'OtherIdp',
      });
      setHandler({ createUser: () => ({ userId: foreign.id }) });
      await expectRefused(h, 'fed-foreign', {}, 'USER_SETTING_MISMATCH');
      setHandler({
        async createUser(_input, org) {
          await org.users.update(foreign.id, { Title: 'Not yours' });
          return draftFor('never');
        },
      });
      await expectRefused(h, 'fed-foreign', {}, 'JIT_GUARDRAIL_REFUSED');
      assert.equal((await store().users.findById(foreign.id))?.title, null);

      setHandler({ createUser: () => ({ userId: '005000000000000000' }) });
      const entry = await expectRefused(h, 'fed-nobody', {}, 'JIT_HANDLER_ERROR');
      assert.match(entry.status, /names no user/);
    });

    it('on a later login runs updateUser, whose changes are validated and audited with their diff', async () => {
      setHandler({ createUser: () => draftFor('cy', { Title: 'Junior' }) });
      await expectSignedIn(h, 'fed-cy', {}, 'created');
      const user = await userBy('fed-cy');

      let updateInput: (JitInput & { userId: string }) | null = null;
      setHandler({
        createUser: () => {
          throw new Error('not a first login');
        },
        async updateUser(input, org) {
          updateInput = input;
          const updated = await org.users.update(input.userId, {
            Title: input.attributes.title![0]!,
            Badge_Id__c: 'C-1',
            City: null,
          });
          assert.equal(updated.Title, 'Senior');
        },
      });
      const entry = await expectSignedIn(h, 'fed-cy', { title: 'Senior' }, 'updated');
      assert.equal(updateInput!.userId, user!.id);
      assert.equal(updateInput!.federationId, 'fed-cy');
      const after = await userBy('fed-cy');
      assert.equal(after?.title, 'Senior');
      assert.deepEqual(after?.customFields, { Badge_Id__c: 'C-1' });
      assert.deepEqual(entry.recordsTouched, [{ type: 'User', id: user!.id, action: 'updated' }]);
      const [event, ...rest] = await store().auditEvents.listForLoginHistory(entry.id);
      assert.equal(rest.length, 0);
      assert.equal(event?.action, 'jit.update');
      assert.equal(event?.actor, RUNNER);
      assert.deepEqual(event?.diff, {
        Title: { old: 'Junior', new: 'Senior' },
        Badge_Id__c: { old: null, new: 'C-1' },
      });

      // Same values again: nothing changes, nothing is audited.
      const again = await expectSignedIn(h, 'fed-cy', { title: 'Senior' }, 'none');
      assert.deepEqual(await store().auditEvents.listForLoginHistory(again.id), []);
    });

    it('holds updateUser to the insert-only fields and the guardrail', async () => {
      setHandler({ createUser: () => draftFor('dee') });
      await expectSignedIn(h, 'fed-dee', {}, 'created');
      const admin = await store().users.findByUsername('admin@acme.test');
      const cases: Array<
        [string, (input: JitInput & { userId: string }, org: JitContext) => Promise<unknown>]
      > = [
        [
          'JIT_USERNAME_CHANGE_NOT_ALLOWED',
          (i, org) => org.users.update(i.userId, { Username: 'other@sp.acme.test' }),
        ],
        [
          'JIT_FEDERATION_ID_CHANGE_NOT_ALLOWED',
          (i, org) => org.users.update(i.userId, { FederationIdentifier: 'fed-x' }),
        ],
        [
          'JIT_GUARDRAIL_REFUSED',
          (i, org) => org.users.update(i.userId, { ProfileId: 'System Administrator' }),
        ],
        ['JIT_GUARDRAIL_REFUSED', (_i, org) => org.users.update(admin!.id, { Title: 'Owned' })],
        ['JIT_INVALID_FIELD_VALUE', (i, org) => org.users.update(i.userId, { Email: 'not-an-email' })],
        ['JIT_INVALID_FIELD_VALUE', (i, org) => org.users.update(i.userId, { LastName: null })],
        ['JIT_INVALID_CONTACT_ID', (i, org) => org.users.update(i.userId, { Contact: '003000000000000000' })],
      ];
      for (const [code, update] of cases) {
        setHandler({
          createUser: () => draftFor('never'),
          async updateUser(input, org) {
            await org.users.update(input.userId, { Title: 'Written before the refusal' });
            await update(input, org);
          },
        });
        await expectRefused(h, 'fed-dee', {}, code);
      }
      assert.equal(
        (await userBy('fed-dee'))?.title,
        null,
        'every refused login rolled back its earlier write',
      );
      assert.equal((await store().users.findById(admin!.id))?.title, null);
    });

    it("refuses a draft that breaks standard JIT's rules with the same codes", async () => {
      const cases: Array<[string, Record<string, unknown>]> = [
        ['JIT_MISSING_REQUIRED_FIELD', { ...draftFor('m1'), LastName: undefined }],
        [
          'JIT_MISSING_REQUIRED_FIELD',
          { Username: 'm2@sp.acme.test', Email: 'm2@mail.acme.test', LastName: 'M' },
        ],
        ['JIT_GUARDRAIL_REFUSED', draftFor('g1', { ProfileId: 'System Administrator' })],
        ['JIT_GUARDRAIL_REFUSED', draftFor('g2', { UserRoleId: 'CEO' })],
        ['JIT_PROFILE_LOOKUP_FAILED', draftFor('p1', { ProfileId: 'No Such Profile' })],
        ['JIT_INVALID_FIELD_VALUE', draftFor('e1', { Email: 'not-an-email' })],
        ['JIT_INVALID_FIELD_VALUE', draftFor('a1', { Alias: 'ninechars' })],
        ['JIT_INVALID_FIELD_VALUE', draftFor('l1', { LocaleSidKey: 'xx_YY' })],
        ['JIT_INVALID_FIELD_VALUE', draftFor('n1', { Title: 42 as never })],
        ['JIT_UNKNOWN_FIELD', draftFor('u1', { Emial: 'x@y.test' })],
        ['JIT_UNKNOWN_CUSTOM_FIELD', draftFor('c1', { Undeclared__c: 'x' })],
        ['JIT_FEDERATION_ID_MISMATCH', draftFor('f1', { FederationIdentifier: 'someone-else' })],
        ['JIT_DUPLICATE_VALUE', draftFor('d1', { Username: 'admin@acme.test' })],
        ['JIT_INVALID_CONTACT_ID', draftFor('k1', { Contact: '003000000000000000' })],
      ];
      for (const [code, draft] of cases) {
        setHandler({
          async createUser(_input, org) {
            // Written first, so each refusal also proves the rollback.
            await org.accounts.create({ Name: `Rolled back ${code}` });
            return draft as never;
          },
        });
        await expectRefused(h, `fed-bad-${code}`, {}, code);
      }
      for (const result of [null, 'a string', [draftFor('arr')], 7]) {
        setHandler({ createUser: () => result as never });
        await expectRefused(h, 'fed-bad-result', {}, 'JIT_HANDLER_ERROR');
      }
    });

    it('refuses context writes that break the rules for contacts and accounts', async () => {
      const cases: Array<[string, (org: JitContext) => Promise<unknown>]> = [
        ['JIT_MISSING_REQUIRED_FIELD', (org) => org.contacts.create({ Email: 'x@y.test' } as never)],
        ['JIT_MISSING_REQUIRED_FIELD', (org) => org.accounts.create({ AccountNumber: 'N-1' } as never)],
        ['JIT_INVALID_FIELD_VALUE', (org) => org.contacts.create({ LastName: 'X', Email: 'nope' })],
        [
          'JIT_INVALID_ACCOUNT_ID',
          (org) => org.contacts.create({ LastName: 'X', Account: '001000000000000000' }),
        ],
        ['JIT_INVALID_CONTACT_ID', (org) => org.contacts.update('003000000000000000', { Title: 'X' })],
        ['JIT_INVALID_ACCOUNT_ID', (org) => org.accounts.update('001000000000000000', { Phone: '1' })],
        ['JIT_UNKNOWN_CUSTOM_FIELD', (org) => org.accounts.create({ Name: 'A', Nope__c: 'x' })],
      ];
      for (const [code, write] of cases) {
        setHandler({
          async createUser(_input, org) {
            await write(org);
            return draftFor('never');
          },
        });
        await expectRefused(h, 'fed-ctx', {}, code);
      }
    });

    it('turns a handler exception into JIT_HANDLER_ERROR with its message, writing nothing', async () => {
      setHandler({
        async createUser(_input, org) {
          const account = await org.accounts.create({ Name: 'Half done' });
          await org.contacts.create({ LastName: 'Half', Account: account.Id });
          throw new Error('the partner IdP must send "mail"');
        },
      });
      const entry = await expectRefused(h, 'fed-throws', {}, 'JIT_HANDLER_ERROR');
      assert.equal(entry.status, 'Failed: JIT provisioning error: the partner IdP must send "mail"');

      setHandler({
        createUser: () => {
          throw new Error(`line one\nline two ${'x'.repeat(2000)}`);
        },
      });
      const long = await expectRefused(h, 'fed-throws', {}, 'JIT_HANDLER_ERROR');
      assert.ok(long.status.startsWith('Failed: JIT provisioning error: line one line two xxx'));
      assert.ok(long.status.length < 400, `truncated: ${long.status.length} characters`);
      assert.ok(long.status.endsWith('…'));

      setHandler({
        createUser: () => {
          throw 'a bare string';
        },
      });
      const bare = await expectRefused(h, 'fed-throws', {}, 'JIT_HANDLER_ERROR');
      assert.equal(bare.status, 'Failed: JIT provisioning error: a bare string');
    });

    it('refuses the login when Execute Handler As lacks ManageUsers or is deactivated at run time', async () => {
      let called = false;
      setHandler({
        createUser: () => {
          called = true;
          return draftFor('perm');
        },
      });
      await store().profiles.upsert({ name: 'Provisioning Integration', permissions: ['ApiEnabled'] });
      try {
        const entry = await expectRefused(h, 'fed-perm', {}, 'JIT_HANDLER_ERROR');
        assert.match(
          entry.status,
          /Execute Handler As user "jit\.runner@acme\.test" lacks the ManageUsers permission/,
        );
        assert.equal(called, false, 'the handler never ran');
      } finally {
        await store().profiles.upsert({
          name: 'Provisioning Integration',
          permissions: ['ManageUsers', 'ApiEnabled'],
        });
      }
      const runner = await store().users.findByUsername(RUNNER);
      await store().users.update(runner!.id, { isActive: false });
      try {
        const entry = await expectRefused(h, 'fed-perm', {}, 'JIT_HANDLER_ERROR');
        assert.match(entry.status, /is deactivated/);
      } finally {
        await store().users.update(runner!.id, { isActive: true });
      }
      await expectSignedIn(h, 'fed-perm', {}, 'created');
      assert.equal(called, true);
    });

    it('checks Execute Handler As on later logins too', async () => {
      setHandler({ createUser: () => draftFor('later') });
      await expectSignedIn(h, 'fed-later', {}, 'created');
      const runner = await store().users.findByUsername(RUNNER);
      const standard = await store().profiles.findByName('Standard User');
      await store().users.update(runner!.id, { profileId: standard!.id });
      try {
        const entry = await expectRefused(h, 'fed-later', {}, 'JIT_HANDLER_ERROR');
        assert.match(entry.status, /lacks the ManageUsers permission \(profile "Standard User"\)/);
      } finally {
        const integration = await store().profiles.findByName('Provisioning Integration');
        await store().users.update(runner!.id, { profileId: integration!.id });
      }
    });

    it('gives the handler read-only views: mutating one writes nothing', async () => {
      setHandler({
        async createUser(_input, org) {
          const admin = await org.users.findByUsername('admin@acme.test');
          assert.ok(Object.isFrozen(admin));
          assert.throws(() => {
            (admin as { Title: string | null }).Title = 'Mutated';
          }, TypeError);
          return draftFor('views');
        },
      });
      await expectSignedIn(h, 'fed-views', {}, 'created');
      assert.equal((await store().users.findByUsername('admin@acme.test'))?.title, null);
    });

    it('hands every attribute over as sent, even one named __proto__', async () => {
      let attributes: JitInput['attributes'] | null = null;
      setHandler({
        createUser(input) {
          attributes = input.attributes;
          return draftFor('proto');
        },
      });
      await expectSignedIn(h, 'fed-proto', { ['__proto__']: ['x'], 'User.Email': 'ignored' }, 'created');
      assert.deepEqual(Object.keys(attributes!).sort(), ['User.Email', '__proto__']);
      assert.deepEqual(Object.getOwnPropertyDescriptor(attributes!, '__proto__')?.value, ['x']);
      assert.equal(Object.getPrototypeOf(attributes!), Object.prototype);
    });

    it('logs the subject in after JIT like any other login (session cookie set)', async () => {
      setHandler({ createUser: () => draftFor('session') });
      const { status } = await login(h, 'fed-session', {});
      assert.equal(status, 302);
    });
  });
