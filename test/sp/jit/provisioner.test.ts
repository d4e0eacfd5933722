import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../../src/config/index.js';
import type { FrontdeskConfig, SsoSettingConfig } from '../../../src/config/types.js';
import { isSamlError } from '../../../src/saml/errors.js';
import type { VerifiedAssertion } from '../../../src/saml/types.js';
import { createStandardProvisioner, defaultProvisioner, previewJit } from '../../../src/sp/jit/index.js';
import type { Provisioner } from '../../../src/sp/provisioner.js';
import { applyConfigToStore } from '../../../src/sp/seed.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { getTestKeys } from '../../support/keys.js';
import { FIXED_NOW } from '../../support/response-builder.js';
import { counts, JIT_ORG, JIT_SETTING, newUserAttributes, type Attributes } from './jit-fixtures.js';

function assertion(subject: string, attributes: Attributes): VerifiedAssertion {
  return {
    subject,
    nameId: subject,
    nameIdFormat: null,
    sessionIndex: null,
    issuer: 'https://idp.example.test',
    assertionId: '_a',
    responseId: '_r',
    inResponseTo: null,
    attributes: Object.fromEntries(
      Object.entries(attributes).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
    ),
    notBefore: null,
    notOnOrAfter: null,
    replayExpiresAt: FIXED_NOW,
    signedElements: ['assertion'],
    authnInstant: null,
  };
}

function configWith(jit: object): FrontdeskConfig {
  return parseConfig({
    ...JIT_ORG,
    ssoSettings: [
      {
        name: 'Lib',
        apiName: 'lib',
        idpIssuer: 'https://idp.example.test',
        idpCertificates: [getTestKeys().idp.certificatePem],
        spEntityId: 'https://sp.example.test/lib',
        identityType: 'FederationId',
        ...jit,
      },
    ],
  });
}

describe('the standard provisioner as a library', () => {
  let store: Store;
  let config: FrontdeskConfig;
  let setting: SsoSettingConfig;
  let provision: Provisioner;

  const run = (
    subject: string,
    attributes: Attributes,
    s: SsoSettingConfig = setting,
    p: Provisioner = provision,
  ) =>
    store.transaction(async (tx) =>
      p(tx, {
        setting: s,
        assertion: assertion(subject, attributes),
        existingUser: await tx.users.findByFederationId(subject),
        now: FIXED_NOW,
      }),
    );
  const codeOf = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise;
    } catch (error) {
      assert.ok(isSamlError(error), String(error));
      return error.code;
    }
    return 'accepted';
  };

  before(async () => {
    config = configWith(JIT_SETTING);
    setting = config.ssoSettings[0]!;
    store = await openStore({ url: 'sqlite::memory:' });
    await applyConfigToStore(config, store);
    provision = createStandardProvisioner(config);
  });
  after(() => store.close());

  it('refuses a subject without a Federation ID (JIT_MISSING_FEDERATION_ID)', async () => {
    // The SAML core already refuses an empty NameID; the provisioner does not rely on it.
    assert.equal(await codeOf(run('', newUserAttributes('empty'))), 'JIT_MISSING_FEDERATION_ID');
    assert.equal(await codeOf(run('  \t', newUserAttributes('blank'))), 'JIT_MISSING_FEDERATION_ID');
    assert.equal(await codeOf(run('x'.repeat(513), newUserAttributes('long'))), 'JIT_INVALID_FIELD_VALUE');
  });

  it('refuses to run for a setting that is not standard JIT (JIT_DISABLED)', async () => {
    const off = configWith({}).ssoSettings[0]!;
    assert.equal(await codeOf(run('fed-off', newUserAttributes('off'), off)), 'JIT_DISABLED');
  });

  it('becomes an update when a concurrent first login of the same person committed first', async () => {
    const first = await run('fed-race', newUserAttributes('race', { 'User.Title': 'One' }));
    assert.equal(first.action, 'created');
    // As if the identity lookup ran before the other login committed: no existing user is passed.
    const second = await store.transaction((tx) =>
      provision(tx, {
        setting,
        assertion: assertion('fed-race', newUserAttributes('race', { 'User.Title': 'Two' })),
        existingUser: null,
        now: FIXED_NOW,
      }),
    );
    assert.equal(second.action, 'updated');
    assert.equal(second.user.id, first.user.id);
    assert.deepEqual(second.audit[0]?.diff, { Title: { old: 'One', new: 'Two' } });
  });

  it('falls back to a random nickname suffix after the numbered ones', async () => {
    const nicknames = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const { user } = await run(
        `fed-many-${i}`,
        newUserAttributes(`many${i}`, { 'User.Username': `same@host${i}.test` }),
      );
      nicknames.add(user.communityNickname);
    }
    assert.equal(nicknames.size, 12);
    assert.ok(nicknames.has('same') && nicknames.has('same9'));
    assert.ok([...nicknames].some((n) => /^same\.[a-z0-9]{6}$/.test(n)));
  });

  it('the default provisioner signs existing users of a custom-handler setting in unchanged, refuses first logins', async () => {
    const custom = {
      ...setting,
      jit: { ...setting.jit, type: 'custom', handler: '/nowhere.js', executeHandlerAs: 'root@acme.test' },
    } as SsoSettingConfig;
    const fallback = defaultProvisioner(config);
    assert.equal(
      await codeOf(run('fed-custom-new', newUserAttributes('cn'), custom, fallback)),
      'JIT_HANDLER_ERROR',
    );
    const result = await run('fed-race', { 'User.Title': 'Ignored' }, custom, fallback);
    assert.equal(result.action, 'none');
    assert.equal(result.user.title, 'Two');
    assert.equal(await codeOf(run('fed-race', {}, custom, provision)), 'JIT_DISABLED');
  });

  it('previewJit reports what would happen and rolls everything back', async () => {
    const before = await counts(store);
    const create = await previewJit(
      store,
      config,
      setting,
      assertion('fed-preview-lib', newUserAttributes('pl')),
      { now: FIXED_NOW },
    );
    assert.equal(create.action, 'create');
    assert.equal(create.records[0]?.id, null);
    const update = await previewJit(store, config, setting, assertion('fed-race', { 'User.Title': 'Three' }));
    assert.deepEqual(update.records, [
      {
        type: 'User',
        id: (await store.users.findByFederationId('fed-race'))!.id,
        action: 'update',
        fields: { Title: { old: 'Two', new: 'Three' } },
      },
    ]);
    const refused = await previewJit(
      store,
      config,
      setting,
      assertion('fed-race', { 'User.Username': 'other@x.test' }),
    );
    assert.deepEqual(refused.error?.code, 'JIT_USERNAME_CHANGE_NOT_ALLOWED');
    assert.deepEqual(await counts(store), before);
    assert.equal((await store.users.findByFederationId('fed-race'))?.title, 'Two');
  });
});
