import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toVerifierSetting } from '../../src/config/verifier-setting.js';
import { parse, ssoSetting } from './helpers.js';

describe('toVerifierSetting', () => {
  const config = parse({
    baseUrl: 'https://sp.example.com',
    server: { maxBodyBytes: 100_000 },
    ssoSettings: [
      ssoSetting({
        allowUnsolicited: false,
        allowSha1: true,
        clockSkewSeconds: 30,
        signatureRequirement: 'both',
        identityLocation: { kind: 'attribute', name: 'uid' },
      }),
    ],
  });
  const setting = config.ssoSettings[0];
  assert.ok(setting);

  it('maps the setting onto what the SAML core verifies', () => {
    assert.deepEqual(toVerifierSetting(setting), {
      idpIssuer: 'https://idp.example.com/issuer',
      idpCertificates: setting.idpCertificates,
      spEntityId: 'https://sp.example.com/Main',
      acsUrl: 'https://sp.example.com/sp/saml/acs/Main',
      allowUnsolicited: false,
      allowSha1: true,
      clockSkewSeconds: 30,
      signatureRequirement: 'both',
      identityLocation: { kind: 'attribute', name: 'uid' },
      maxResponseBytes: 100_000,
    });
  });

  it('returns the same object for the same setting, so the core can cache keys', () => {
    assert.equal(toVerifierSetting(setting), toVerifierSetting(setting));
    assert.ok(Object.isFrozen(toVerifierSetting(setting)));
    const other = parse({ ssoSettings: [ssoSetting()] }).ssoSettings[0];
    assert.ok(other);
    assert.notEqual(toVerifierSetting(other), toVerifierSetting(setting));
  });
});
