import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getTestKeys } from '../support/keys.js';
import { signedResponse, startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { BASE_URL } from '../support/frontdesk-harness.js';
import { FIXED_NOW, IDP_ISSUER } from '../support/response-builder.js';
import { JIT_ORG, JIT_SETTING, newUserAttributes, toSpecs } from '../sp/jit/jit-fixtures.js';

const PARTNER_ENTITY = 'https://sp.example.test/partner';
const PARTNER_ACS = `${BASE_URL}/sp/saml/acs/partner`;

describe('an SSO setting vouches only for its own users', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      config: JIT_ORG,
      setting: JIT_SETTING,
      now: tickingClock(FIXED_NOW),
      extraSettings: [
        {
          name: 'Partner IdP',
          apiName: 'partner',
          idpIssuer: `${IDP_ISSUER}/partner`,
          idpCertificates: [getTestKeys().ec.certificatePem],
          spEntityId: PARTNER_ENTITY,
          identityType: 'FederationId',
          identityLocation: { kind: 'nameid' },
        },
      ],
    });
  });
  after(() => h.close());

  function partnerResponse(assertionId: string, nameId: string): string {
    return signedResponse(
      {
        assertionId,
        nameId,
        assertionIssuer: `${IDP_ISSUER}/partner`,
        responseIssuer: `${IDP_ISSUER}/partner`,
        destination: PARTNER_ACS,
        recipient: PARTNER_ACS,
        audienceRestrictions: [[PARTNER_ENTITY]],
      },
      { assertion: true, spec: { key: getTestKeys().ec } },
    );
  }

  it("refuses another IdP's assertion for a user the first IdP provisioned (USER_SETTING_MISMATCH), changing nothing", async () => {
    const created = await h.postAcs(
      signedResponse({
        assertionId: '_iso-create',
        nameId: 'fed-iso',
        attributes: toSpecs(newUserAttributes('iso')),
      }),
    );
    assert.equal(created.status, 302);
    const user = await h.app.store.users.findByFederationId('fed-iso');
    assert.equal(user?.createdBySsoSetting, 'example');

    const crossing = await h.postAcs(partnerResponse('_iso-cross', 'fed-iso'), undefined, 'partner');
    assert.equal(crossing.status, 403);
    assert.equal(crossing.headers.get('set-cookie'), null);
    const [entry] = await h.app.store.loginHistory.list({ limit: 1 });
    assert.equal(entry?.errorCode, 'USER_SETTING_MISMATCH');
    assert.equal(entry?.ssoSetting, 'partner');
    assert.deepEqual(await h.app.store.users.findByFederationId('fed-iso'), user, 'the user is untouched');
  });

  it('lets the partner IdP sign in users that no setting owns (created by configuration)', async () => {
    const std = await h.app.store.profiles.findByName('Standard User');
    await h.app.store.users.insert({
      username: 'shared@acme.test',
      email: 'shared@acme.test',
      lastName: 'Shared',
      alias: 'shared',
      communityNickname: 'shared',
      profileId: std!.id,
      federationIdentifier: 'fed-shared',
      timeZoneSidKey: 'UTC',
      localeSidKey: 'en_US',
      languageLocaleKey: 'en_US',
      emailEncodingKey: 'UTF-8',
    });
    const res = await h.postAcs(partnerResponse('_iso-shared', 'fed-shared'), undefined, 'partner');
    assert.equal(res.status, 302);
  });
});
