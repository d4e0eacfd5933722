import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { defaultProvisioner } from '../../src/sp/jit/index.js';
import { startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';
import {
  type Attributes,
  counts,
  expectRefused,
  expectSignedIn,
  JIT_ORG,
  JIT_SETTING,
  jitResponse,
  login,
  newUserAttributes,
} from '../sp/jit/jit-fixtures.js';

describe('standard JIT over the real ACS: user rules', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: JIT_ORG, setting: JIT_SETTING, now: tickingClock(FIXED_NOW) });
  });
  after(() => h.close());

  const userBy = (fed: string) => h.app.store.users.findByFederationId(fed);

  it('creates a plain user on the first login, with defaults, an audit diff and the login-history link', async () => {
    const entry = await expectSignedIn(
      h,
      'fed-create',
      newUserAttributes('create', {
        'User.FirstName': 'Zoë',
        'User.LastName': 'van der Berg',
        Groups: ['a', 'b'],
      }),
      'created',
    );
    const user = await userBy('fed-create');
    assert.ok(user);
    assert.equal(user.username, 'create@sp.acme.test');
    assert.equal(user.email, 'create@mail.acme.test');
    assert.equal(user.federationIdentifier, 'fed-create');
    assert.equal(user.alias, 'ZvanderB', 'first initial + last name, spaces removed, 8 characters');
    assert.equal(user.communityNickname, 'create', 'the username before @');
    assert.equal(user.timeZoneSidKey, 'Europe/Paris');
    assert.equal(user.localeSidKey, 'fr_FR');
    assert.equal(user.languageLocaleKey, 'fr');
    assert.equal(user.emailEncodingKey, 'UTF-8');
    assert.equal(user.isActive, true);
    assert.equal(user.contactId, null, 'no Contact.*/Account.* attributes: a plain user');
    assert.equal(user.createdBySsoSetting, 'example');
    const profile = await h.app.store.profiles.findByName('Standard User');
    assert.equal(user.profileId, profile?.id);
    assert.equal(entry.userId, user.id);
    assert.deepEqual(entry.recordsTouched, [{ type: 'User', id: user.id, action: 'created' }]);
    const [event, ...rest] = await h.app.store.auditEvents.listForLoginHistory(entry.id);
    assert.equal(rest.length, 0);
    assert.equal(event?.action, 'jit.create');
    assert.equal(event?.targetType, 'User');
    assert.equal(event?.targetId, user.id);
    assert.equal(event?.actor, 'jit:example');
    assert.deepEqual(event?.diff.Email, { old: null, new: 'create@mail.acme.test' });
    assert.deepEqual(event?.diff.Alias, { old: null, new: 'ZvanderB' });
    assert.deepEqual(event?.diff.ProfileId, { old: null, new: profile?.id });
    assert.deepEqual(event?.diff.FederationIdentifier, { old: null, new: 'fed-create' });
  });

  it('takes values the assertion sends over defaults, and looks profile and role up by id as well as name', async () => {
    const sales = await h.app.store.profiles.findByName('Sales User');
    const rep = await h.app.store.roles.findByName('Sales Rep');
    await expectSignedIn(
      h,
      'fed-explicit',
      newUserAttributes('explicit', {
        'User.ProfileId': sales!.id,
        'User.UserRoleId': rep!.id,
        'User.Alias': 'expl',
        'User.CommunityNickname': 'the-explicit-one',
        'User.TimeZoneSidKey': 'America/New_York',
        'User.LocaleSidKey': 'en_US',
        'User.LanguageLocaleKey': 'en_US',
        'User.EmailEncodingKey': 'ISO-8859-1',
        'User.IsActive': 'TRUE',
        'User.Title': 'Engineer',
        'User.FederationIdentifier': 'fed-explicit',
        'User.Badge_Id__c': 'B-1',
      }),
      'created',
    );
    const user = await userBy('fed-explicit');
    assert.equal(user?.profileId, sales!.id);
    assert.equal(user?.userRoleId, rep!.id);
    assert.equal(user?.alias, 'expl');
    assert.equal(user?.communityNickname, 'the-explicit-one');
    assert.equal(user?.timeZoneSidKey, 'America/New_York');
    assert.equal(user?.emailEncodingKey, 'ISO-8859-1');
    assert.equal(user?.title, 'Engineer');
    assert.deepEqual(user?.customFields, { Badge_Id__c: 'B-1' });

    await expectSignedIn(
      h,
      'fed-by-name',
      newUserAttributes('by-name', { 'User.UserRoleId': 'Support Agent' }),
      'created',
    );
    assert.equal(
      (await userBy('fed-by-name'))?.userRoleId,
      (await h.app.store.roles.findByName('Support Agent'))?.id,
    );
  });

  it('makes the default CommunityNickname unique', async () => {
    await expectSignedIn(
      h,
      'fed-nick-1',
      newUserAttributes('nick', { 'User.Username': 'jdoe@one.test' }),
      'created',
    );
    await expectSignedIn(
      h,
      'fed-nick-2',
      newUserAttributes('nick2', { 'User.Username': 'jdoe@two.test' }),
      'created',
    );
    await expectSignedIn(
      h,
      'fed-nick-3',
      newUserAttributes('nick3', { 'User.Username': 'jdoe@three.test' }),
      'created',
    );
    assert.equal((await userBy('fed-nick-1'))?.communityNickname, 'jdoe');
    assert.equal((await userBy('fed-nick-2'))?.communityNickname, 'jdoe1');
    assert.equal((await userBy('fed-nick-3'))?.communityNickname, 'jdoe2');
  });

  it('updates only the fields a later login carries, with an old → new audit diff', async () => {
    await expectSignedIn(
      h,
      'fed-update',
      newUserAttributes('update', { 'User.Title': 'Intern', 'User.City': 'Lyon' }),
      'created',
    );
    const before = await userBy('fed-update');
    const entry = await expectSignedIn(
      h,
      'fed-update',
      { 'User.Title': 'Engineer', 'User.Department': 'R&D', 'User.Badge_Id__c': 'B-2' },
      'updated',
    );
    const after = await userBy('fed-update');
    assert.equal(after?.title, 'Engineer');
    assert.equal(after?.department, 'R&D');
    assert.equal(after?.city, 'Lyon', 'a field the assertion does not carry is left alone');
    assert.equal(after?.email, before?.email);
    assert.deepEqual(entry.recordsTouched, [{ type: 'User', id: before!.id, action: 'updated' }]);
    const [event] = await h.app.store.auditEvents.listForLoginHistory(entry.id);
    assert.equal(event?.action, 'jit.update');
    assert.deepEqual(event?.diff, {
      Title: { old: 'Intern', new: 'Engineer' },
      Department: { old: null, new: 'R&D' },
      Badge_Id__c: { old: null, new: 'B-2' },
    });
  });

  it("writes nothing and records 'none' when a later login changes nothing", async () => {
    const attributes = newUserAttributes('same', { 'User.Title': 'Same' });
    await expectSignedIn(h, 'fed-same', attributes, 'created');
    const before = await userBy('fed-same');
    const auditBefore = (await counts(h.app.store)).auditEvents;
    const entry = await expectSignedIn(h, 'fed-same', attributes, 'none');
    assert.deepEqual(entry.recordsTouched, []);
    assert.equal((await counts(h.app.store)).auditEvents, auditBefore);
    assert.deepEqual(await userBy('fed-same'), before, 'not even updatedAt moved');
  });

  it('clears an optional field on an empty value, but refuses to empty a required one', async () => {
    await expectSignedIn(
      h,
      'fed-clear',
      newUserAttributes('clear', { 'User.Title': 'CTO', 'User.Badge_Id__c': 'B-9' }),
      'created',
    );
    await expectSignedIn(h, 'fed-clear', { 'User.Title': '', 'User.Badge_Id__c': [] }, 'updated');
    const user = await userBy('fed-clear');
    assert.equal(user?.title, null);
    assert.deepEqual(user?.customFields, {});
    await expectRefused(h, 'fed-clear', { 'User.LastName': '' }, 'JIT_INVALID_FIELD_VALUE');
    await expectRefused(h, 'fed-clear', { 'User.TimeZoneSidKey': '' }, 'JIT_INVALID_FIELD_VALUE');
  });

  it('refuses a first login missing any required field, naming it (JIT_MISSING_REQUIRED_FIELD)', async () => {
    for (const field of ['User.Username', 'User.Email', 'User.LastName', 'User.ProfileId']) {
      const attributes = newUserAttributes('missing');
      delete attributes[field];
      const entry = await expectRefused(h, 'fed-missing', attributes, 'JIT_MISSING_REQUIRED_FIELD');
      assert.match(entry.status, new RegExp(field.replace('.', '\\.')), field);
    }
    const empty = await expectRefused(
      h,
      'fed-missing',
      newUserAttributes('missing', { 'User.Email': '' }),
      'JIT_MISSING_REQUIRED_FIELD',
    );
    assert.match(empty.status, /User\.Email/);
    assert.equal(await userBy('fed-missing'), null);
  });

  it('keeps Username insert-only (JIT_USERNAME_CHANGE_NOT_ALLOWED), accepting the same name in another case', async () => {
    await expectSignedIn(h, 'fed-uname', newUserAttributes('uname'), 'created');
    await expectRefused(
      h,
      'fed-uname',
      { 'User.Username': 'renamed@sp.acme.test' },
      'JIT_USERNAME_CHANGE_NOT_ALLOWED',
    );
    await expectSignedIn(h, 'fed-uname', { 'User.Username': 'UNAME@sp.acme.test' }, 'none');
    assert.equal((await userBy('fed-uname'))?.username, 'uname@sp.acme.test', 'not rewritten');
  });

  it('keeps FederationIdentifier insert-only and equal to the subject', async () => {
    await expectRefused(
      h,
      'fed-fid',
      newUserAttributes('fid', { 'User.FederationIdentifier': 'someone-else' }),
      'JIT_FEDERATION_ID_MISMATCH',
    );
    await expectSignedIn(
      h,
      'fed-fid',
      newUserAttributes('fid', { 'User.FederationIdentifier': 'fed-fid' }),
      'created',
    );
    await expectSignedIn(h, 'fed-fid', { 'User.FederationIdentifier': 'fed-fid' }, 'none');
    await expectRefused(
      h,
      'fed-fid',
      { 'User.FederationIdentifier': 'fed-other' },
      'JIT_FEDERATION_ID_CHANGE_NOT_ALLOWED',
    );
    assert.equal((await userBy('fed-fid'))?.federationIdentifier, 'fed-fid');
  });

  it('refuses unknown standard fields, with a suggestion (JIT_UNKNOWN_FIELD)', async () => {
    for (const name of [
      'User.Emial',
      'User.email',
      'Contact.Nickname',
      'Account.Owner',
      'User.',
      'User.ContactId',
    ]) {
      const entry = await expectRefused(
        h,
        'fed-unknown',
        newUserAttributes('unknown', { [name]: 'x' }),
        'JIT_UNKNOWN_FIELD',
      );
      assert.ok(entry.status.includes(name), name);
    }
    const hinted = await expectRefused(
      h,
      'fed-unknown',
      newUserAttributes('unknown', { 'User.Emial': 'x' }),
      'JIT_UNKNOWN_FIELD',
    );
    assert.match(hinted.status, /did you mean "User\.Email"/);
  });

  it('refuses undeclared custom fields (JIT_UNKNOWN_CUSTOM_FIELD), names being case-sensitive', async () => {
    for (const name of ['User.Undeclared__c', 'User.badge_id__c', 'Contact.Badge_Id__c', 'Account.Nope__c']) {
      await expectRefused(
        h,
        'fed-custom',
        newUserAttributes('custom', { [name]: 'x' }),
        'JIT_UNKNOWN_CUSTOM_FIELD',
      );
    }
  });

  it('ignores attributes without a User./Contact./Account. prefix', async () => {
    await expectSignedIn(
      h,
      'fed-ignored',
      newUserAttributes('ignored', {
        Groups: ['Engineering', 'Ops'],
        'user.Email': 'not-an-email',
        email: 'x',
        'Users.Nope': 'x',
        'urn:oid:0.9.2342.19200300.100.1.3': 'ignored@example.test',
      }),
      'created',
    );
    assert.equal((await userBy('fed-ignored'))?.email, 'ignored@mail.acme.test');
  });

  it('validates values like the records do (JIT_INVALID_FIELD_VALUE)', async () => {
    const cases: Record<string, string | string[]> = {
      'User.Email': 'not-an-email',
      'User.Alias': 'ninechars',
      'User.TimeZoneSidKey': 'Mars/Olympus',
      'User.LocaleSidKey': 'en-US',
      'User.LanguageLocaleKey': 'klingon',
      'User.EmailEncodingKey': 'utf-8',
      'User.IsActive': 'yes',
      'User.Badge_Id__c': 'ELEVEN-CHAR',
      'User.FirstName': 'x'.repeat(41),
      'User.Username': 'has space@sp.acme.test',
    };
    for (const [name, value] of Object.entries(cases)) {
      const entry = await expectRefused(
        h,
        'fed-invalid',
        newUserAttributes('invalid', { [name]: value }),
        'JIT_INVALID_FIELD_VALUE',
      );
      assert.ok(entry.status.includes(name), `${name}: ${entry.status}`);
    }
    assert.equal(await userBy('fed-invalid'), null);
  });

  it('accepts the boolean spellings of IsActive, and an alias of 8 characters counted as people count them', async () => {
    await expectSignedIn(
      h,
      'fed-bool',
      newUserAttributes('bool', { 'User.IsActive': '1', 'User.Alias': 'Ångström' }),
      'created',
    );
    assert.equal((await userBy('fed-bool'))?.alias, 'Ångström');
    await expectSignedIn(h, 'fed-bool', { 'User.IsActive': 'true' }, 'none');
    // IsActive false refuses the login; the deactivation rolls back with it.
    await expectRefused(h, 'fed-bool', { 'User.IsActive': 'False' }, 'USER_INACTIVE');
    assert.equal((await userBy('fed-bool'))?.isActive, true);
  });

  it('refuses a multi-valued field rather than picking one value', async () => {
    const entry = await expectRefused(
      h,
      'fed-multi',
      newUserAttributes('multi', { 'User.Email': ['a@mail.acme.test', 'b@mail.acme.test'] }),
      'JIT_INVALID_FIELD_VALUE',
    );
    assert.match(entry.status, /User\.Email carries 2 values/);
    await expectRefused(
      h,
      'fed-multi',
      newUserAttributes('multi', { 'User.Badge_Id__c': ['1', '1'] }),
      'JIT_INVALID_FIELD_VALUE',
    );
  });

  it('refuses profiles and roles it cannot find (JIT_PROFILE_LOOKUP_FAILED, JIT_ROLE_LOOKUP_FAILED)', async () => {
    const profile = await expectRefused(
      h,
      'fed-lookup',
      newUserAttributes('lookup', { 'User.ProfileId': 'Standard Usr' }),
      'JIT_PROFILE_LOOKUP_FAILED',
    );
    assert.match(profile.status, /did you mean "Standard User"/);
    await expectRefused(
      h,
      'fed-lookup',
      newUserAttributes('lookup', { 'User.ProfileId': '00eAAAAAAAAAAAAAAA' }),
      'JIT_PROFILE_LOOKUP_FAILED',
    );
    await expectRefused(
      h,
      'fed-lookup',
      newUserAttributes('lookup', { 'User.ProfileId': 'standard user' }),
      'JIT_PROFILE_LOOKUP_FAILED',
    );
    await expectRefused(
      h,
      'fed-lookup',
      newUserAttributes('lookup', { 'User.UserRoleId': 'Janitor' }),
      'JIT_ROLE_LOOKUP_FAILED',
    );
    await expectRefused(
      h,
      'fed-lookup',
      newUserAttributes('lookup', { 'User.UserRoleId': '00EAAAAAAAAAAAAAAA' }),
      'JIT_ROLE_LOOKUP_FAILED',
    );
  });

  it('never lets an assertion assign a profile or role outside the guardrail (JIT_GUARDRAIL_REFUSED)', async () => {
    const admin = await h.app.store.profiles.findByName('System Administrator');
    const ceo = await h.app.store.roles.findByName('CEO');
    const escalations: Attributes[] = [
      { 'User.ProfileId': 'System Administrator' },
      { 'User.ProfileId': admin!.id },
      { 'User.ProfileId': 'Auditor' },
      { 'User.UserRoleId': 'CEO' },
      { 'User.UserRoleId': ceo!.id },
    ];
    for (const extra of escalations) {
      await expectRefused(h, 'fed-escalate', newUserAttributes('escalate', extra), 'JIT_GUARDRAIL_REFUSED');
    }
    await expectSignedIn(h, 'fed-escalate', newUserAttributes('escalate'), 'created');
    await expectRefused(
      h,
      'fed-escalate',
      { 'User.ProfileId': 'System Administrator' },
      'JIT_GUARDRAIL_REFUSED',
    );
    await expectRefused(h, 'fed-escalate', { 'User.UserRoleId': 'CEO' }, 'JIT_GUARDRAIL_REFUSED');
    const user = await userBy('fed-escalate');
    assert.equal(user?.profileId, (await h.app.store.profiles.findByName('Standard User'))?.id);
    assert.equal(user?.userRoleId, null);
  });

  it('lets a user keep a profile they already hold, even one outside the guardrail', async () => {
    // fed-root was seeded as an administrator; the IdP repeating that grants nothing new.
    await expectSignedIn(
      h,
      'fed-root',
      { 'User.ProfileId': 'System Administrator', 'User.Title': 'Root' },
      'updated',
    );
    assert.equal((await userBy('fed-root'))?.title, 'Root');
  });

  it('refuses a username or nickname another user holds (JIT_DUPLICATE_VALUE): no takeover of a seeded admin', async () => {
    const admin = await h.app.store.users.findByUsername('admin@acme.test');
    await expectRefused(
      h,
      'fed-takeover',
      newUserAttributes('takeover', { 'User.Username': 'ADMIN@acme.test' }),
      'JIT_DUPLICATE_VALUE',
    );
    assert.deepEqual(
      await h.app.store.users.findByUsername('admin@acme.test'),
      admin,
      'the admin is untouched',
    );
    await expectRefused(
      h,
      'fed-takeover',
      newUserAttributes('takeover', { 'User.CommunityNickname': admin!.communityNickname }),
      'JIT_DUPLICATE_VALUE',
    );
    await expectSignedIn(h, 'fed-takeover', newUserAttributes('takeover'), 'created');
    await expectRefused(
      h,
      'fed-takeover',
      { 'User.CommunityNickname': admin!.communityNickname },
      'JIT_DUPLICATE_VALUE',
    );
  });

  it('never provisions without a Federation ID: a blank subject stops before JIT (SUBJECT_MISSING)', async () => {
    // The provisioner's own JIT_MISSING_FEDERATION_ID is its second line (test/sp/jit/provisioner.test.ts).
    const entry = await expectRefused(h, '   ', newUserAttributes('blank'), 'SUBJECT_MISSING');
    assert.equal(entry.subject, null);
  });

  it('records the precise reason in the login history and keeps the browser page vague', async () => {
    const res = await h.postAcs(
      jitResponse('fed-vague', newUserAttributes('vague', { 'User.ProfileId': 'Nope' })),
    );
    assert.equal(res.status, 403);
    const html = await res.text();
    assert.doesNotMatch(html, /JIT_|Nope|ProfileId/);
    const { entry } = await login(h, 'fed-vague', newUserAttributes('vague', { 'User.ProfileId': 'Nope' }));
    assert.equal(entry.errorCode, 'JIT_PROFILE_LOOKUP_FAILED');
    assert.match(entry.status, /^Failed: JIT provisioning error: User\.ProfileId "Nope" names no profile/);
    assert.ok(entry.assertion, 'the failed assertion is kept for the validator');
  });
});

// createFrontdesk now loads handlers at start-up (and refuses to start without them, see
// jit-custom-startup.test.ts); this covers an embedder's defaultProvisioner built without them.
describe('the default provisioner on a custom-handler setting whose handler was not loaded', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      provisioner: defaultProvisioner(parseConfig({ ...JIT_ORG, ssoSettings: [] })),
      config: JIT_ORG,
      setting: {
        jit: {
          enabled: true,
          type: 'custom',
          handler: 'frontdesk-test-handler',
          executeHandlerAs: 'admin@acme.test',
        },
      },
      now: tickingClock(FIXED_NOW),
    });
  });
  after(() => h.close());

  it('signs existing users in unchanged and refuses first logins with JIT_HANDLER_ERROR', async () => {
    await expectSignedIn(h, 'fed-root', { 'User.Title': 'Not applied' }, 'none');
    assert.equal((await h.app.store.users.findByFederationId('fed-root'))?.title, null);
    await expectRefused(h, 'fed-newcomer', newUserAttributes('newcomer'), 'JIT_HANDLER_ERROR');
  });
});
