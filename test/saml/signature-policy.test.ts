import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSamlResponse } from '../../src/saml/index.js';
import type { SamlVerifierSetting } from '../../src/saml/types.js';
import { getTestKeys } from '../support/keys.js';
import {
  ACS_URL,
  buildResponseXml,
  FIXED_NOW,
  IDP_ISSUER,
  SP_ENTITY_ID,
  toBase64,
} from '../support/response-builder.js';
import { signXml } from '../support/xmlsec-signer.js';

const setting = (): SamlVerifierSetting => ({
  idpIssuer: IDP_ISSUER,
  idpCertificates: [getTestKeys().idp.certificatePem],
  spEntityId: SP_ENTITY_ID,
  acsUrl: ACS_URL,
  allowUnsolicited: true,
});

function signedWithPrefixList(prefixList: string, assertionId: string): string {
  const xml = buildResponseXml({ inResponseTo: null, assertionId });
  return toBase64(signXml(xml, 'assertion', { key: getTestKeys().idp, inclusiveNamespaces: prefixList }));
}

describe('InclusiveNamespaces is bounded', () => {
  it('accepts a short, well-formed prefix list', () => {
    const result = validateSamlResponse(signedWithPrefixList('#default saml xs', '_pl-ok'), setting(), {
      now: FIXED_NOW,
    });
    assert.equal(result.valid, true, JSON.stringify(result.errors));
  });

  it('refuses a prefix list longer than any IdP needs (TRANSFORM_FORBIDDEN)', () => {
    const many = Array.from({ length: 17 }, (_, i) => `p${i}`).join(' ');
    const result = validateSamlResponse(signedWithPrefixList(many, '_pl-many'), setting(), {
      now: FIXED_NOW,
    });
    assert.equal(result.errors[0]?.code, 'TRANSFORM_FORBIDDEN');
  });

  it('refuses tokens that are not prefixes (TRANSFORM_FORBIDDEN)', () => {
    const result = validateSamlResponse(signedWithPrefixList('saml a:b', '_pl-bad'), setting(), {
      now: FIXED_NOW,
    });
    assert.equal(result.errors[0]?.code, 'TRANSFORM_FORBIDDEN');
  });

  it('refuses the review’s CPU-exhaustion shape (19,000 prefixes × 19,000 elements) before canonicalizing', () => {
    const prefixes = Array.from({ length: 19_000 }, (_, i) => `q${i}`).join(' ');
    const filler = '<y/>'.repeat(19_000);
    const xml =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0" IssueInstant="2026-01-01T10:00:00Z">` +
      `<samlp:Extensions>${filler}</samlp:Extensions>` +
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a" Version="2.0" IssueInstant="2026-01-01T10:00:00Z">` +
      `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>` +
      `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
      `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>` +
      `<ds:Reference URI="#_a"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>` +
      `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="${prefixes}"/></ds:Transform>` +
      `</ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>` +
      `</ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature></saml:Assertion></samlp:Response>`;
    const result = validateSamlResponse(
      toBase64(xml),
      { ...setting(), maxResponseBytes: 1_000_000 },
      { now: FIXED_NOW },
    );
    assert.equal(result.errors[0]?.code, 'TRANSFORM_FORBIDDEN');
  });
});
