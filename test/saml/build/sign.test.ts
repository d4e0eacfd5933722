import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildAuthnRequest, redirectBindingUrl } from '../../../src/saml/build/authn-request.js';
import { buildSpMetadata } from '../../../src/saml/build/metadata.js';
import { ECDSA_SHA256, RSA_SHA256, signingAlgorithm } from '../../../src/saml/build/sign.js';
import { getTestKeys } from '../../support/keys.js';

const input = {
  id: '_req-1',
  issueInstant: new Date('2026-01-01T10:00:00Z'),
  spEntityId: 'https://sp.example.test',
  acsUrl: 'https://sp.example.test/sp/saml/acs/example',
  idpLoginUrl: 'https://idp.example.test/sso',
};

describe('signing algorithm follows the key', () => {
  const keys = getTestKeys();
  const rsa = createPrivateKey(keys.idp.privateKeyPem);
  const ec = createPrivateKey(keys.ec.privateKeyPem);

  it('RSA keys declare rsa-sha256, EC keys ecdsa-sha256 with r||s values', () => {
    assert.equal(signingAlgorithm(rsa).uri, RSA_SHA256);
    assert.equal(signingAlgorithm(ec).uri, ECDSA_SHA256);
    const data = Buffer.from('data');
    const value = signingAlgorithm(ec).sign(data);
    assert.equal(value.length, 64);
    const publicKey = createPublicKey(keys.ec.certificatePem);
    assert.ok(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, value));
    assert.ok(
      verify('sha256', data, createPublicKey(keys.idp.certificatePem), signingAlgorithm(rsa).sign(data)),
    );
  });

  it('refuses a key type it cannot declare honestly', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    assert.throws(() => signingAlgorithm(privateKey), /ed25519/);
  });

  it('the enveloped AuthnRequest signature names the algorithm of its key', () => {
    assert.match(buildAuthnRequest(input, rsa), /<ds:SignatureMethod Algorithm="[^"]+#rsa-sha256">/);
    const xml = buildAuthnRequest(input, ec);
    assert.match(xml, /<ds:SignatureMethod Algorithm="[^"]+#ecdsa-sha256">/);
    const value = /<ds:SignatureValue>([^<]+)</.exec(xml)![1]!;
    assert.equal(Buffer.from(value, 'base64').length, 64);
  });

  it('the Redirect query signature uses the same SigAlg and encoding', () => {
    const url = new URL(redirectBindingUrl(input.idpLoginUrl, buildAuthnRequest(input), '/x', ec));
    assert.equal(url.searchParams.get('SigAlg'), ECDSA_SHA256);
    const query = url.search.slice(1);
    const signed = Buffer.from(query.slice(0, query.indexOf('&Signature=')));
    const signature = Buffer.from(url.searchParams.get('Signature')!, 'base64');
    const publicKey = createPublicKey(keys.ec.certificatePem);
    assert.ok(verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature));
    const rsaUrl = new URL(redirectBindingUrl(input.idpLoginUrl, buildAuthnRequest(input), null, rsa));
    assert.equal(rsaUrl.searchParams.get('SigAlg'), RSA_SHA256);
  });
});

describe('SP metadata', () => {
  it('advertises no SingleLogoutService: SAML Single Logout is not implemented', () => {
    const xml = buildSpMetadata({
      spEntityId: 'https://sp.example.test',
      acsUrl: input.acsUrl,
      signRequests: false,
      wantAssertionsSigned: true,
    });
    assert.doesNotMatch(xml, /SingleLogoutService/);
    assert.match(xml, /<md:AssertionConsumerService /);
  });
});
