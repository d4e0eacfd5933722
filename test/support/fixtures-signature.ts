/**
 * Signature fixtures the core must refuse (signature wrapping lives in fixtures-xsw.ts): missing,
 * broken, made with the wrong key, with algorithms or transforms outside the allowlist, or over the
 * wrong element.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildResponseXml } from './response-builder.js';
import { invalid, signatureChecks } from './fixture-kit.js';
import type { Fixture, Kit } from './fixture-kit.js';
import { find, outer, remove, replaceContent, replaceOnce, splice } from './xml-surgery.js';
import { SIGNATURE_XPATH, signResponse, signXml } from './xmlsec-signer.js';
import type { SignatureSpec } from './xmlsec-signer.js';

const RESPONSE_ID = '_response-8d41a7c09e2b6f13';

/** Flips the first base64 character of the (first) SignatureValue, keeping it valid base64. */
function tamperSignatureValue(xml: string): string {
  const span = find(xml, 'SignatureValue');
  const first = xml[span.startTagEnd];
  return splice(xml, span.startTagEnd, span.startTagEnd + 1, first === 'A' ? 'B' : 'A');
}

export function signatureFixtures(kit: Kit): Fixture[] {
  const { keys } = kit;
  const idp = keys.idp;
  const assertionSigned = kit.signed('assertion');
  const responseSigned = kit.signed('response');
  const signA = (spec: Partial<SignatureSpec>, key = idp): string =>
    signResponse(buildResponseXml(), { assertion: { key, ...spec } });

  // HMAC keyed with the IdP certificate, which is public: anyone can compute this "signature".
  const hmacKeyPath = join(keys.dir, 'idp-cert.der');
  writeFileSync(hmacKeyPath, Buffer.from(idp.certificateBase64, 'base64'));

  const attackerSigned = signA({}, keys.attacker);
  const attackerWithTrustedCert = replaceContent(
    attackerSigned,
    find(attackerSigned, 'X509Certificate'),
    idp.certificateBase64,
  );

  return [
    invalid(kit, 'unsigned', 'Nothing is signed.', { xml: buildResponseXml() }, ['SIGNATURE_MISSING'], {
      xmlsec: [{ signatureXPath: SIGNATURE_XPATH.assertion, key: idp, expectOk: false }],
    }),
    invalid(
      kit,
      'assertion-signed.signature-removed',
      'The Assertion signature element cut out of a signed response.',
      { xml: remove(assertionSigned, find(assertionSigned, 'Signature')) },
      ['SIGNATURE_MISSING'],
    ),
    invalid(
      kit,
      'response-signed.signature-removed',
      'The Response signature element cut out of a signed response.',
      { xml: remove(responseSigned, find(responseSigned, 'Signature')) },
      ['SIGNATURE_MISSING'],
    ),

    invalid(
      kit,
      'assertion-signed.attribute-value-edited',
      'User.ProfileId raised to System Administrator after signing.',
      { xml: replaceOnce(assertionSigned, '>Standard User<', '>System Administrator<') },
      ['DIGEST_MISMATCH'],
      {
        xmlsec: signatureChecks('assertion', idp, false),
      },
    ),
    invalid(
      kit,
      'assertion-signed.nameid-edited',
      'NameID changed to another user after signing.',
      { xml: replaceOnce(assertionSigned, '>fed-alice-0001</saml:NameID>', '>fed-bob-0002</saml:NameID>') },
      ['DIGEST_MISMATCH'],
      {
        xmlsec: signatureChecks('assertion', idp, false),
      },
    ),
    invalid(
      kit,
      'response-signed.assertion-edited',
      'The unsigned Assertion inside a signed Response edited: the Response digest covers it.',
      { xml: replaceOnce(responseSigned, '>fed-alice-0001</saml:NameID>', '>fed-bob-0002</saml:NameID>') },
      ['DIGEST_MISMATCH'],
      {
        xmlsec: signatureChecks('response', idp, false),
      },
    ),
    invalid(
      kit,
      'assertion-signed.signature-value-tampered',
      'One character of SignatureValue changed; digests untouched.',
      { xml: tamperSignatureValue(assertionSigned) },
      ['SIGNATURE_INVALID'],
      { xmlsec: signatureChecks('assertion', idp, false) },
    ),

    invalid(
      kit,
      'assertion-signed.wrong-key-own-cert',
      'Signed by an attacker key whose own certificate rides in KeyInfo.',
      { xml: attackerSigned },
      ['SIGNATURE_INVALID'],
      {
        xmlsec: [
          { signatureXPath: SIGNATURE_XPATH.assertion, key: keys.attacker, expectOk: true },
          { signatureXPath: SIGNATURE_XPATH.assertion, key: idp, expectOk: false },
        ],
      },
    ),
    invalid(
      kit,
      'assertion-signed.wrong-key-trusted-cert-in-key-info',
      'Signed by an attacker key, KeyInfo swapped for the trusted IdP certificate.',
      { xml: attackerWithTrustedCert },
      ['SIGNATURE_INVALID'],
      { xmlsec: signatureChecks('assertion', idp, false) },
    ),
    invalid(
      kit,
      'assertion-signed.wrong-key-no-key-info',
      'Signed by an attacker key, no KeyInfo.',
      { xml: signA({ keyInfo: 'none' }, keys.attacker) },
      ['SIGNATURE_INVALID'],
    ),
    invalid(
      kit,
      'assertion-signed.ec-key-untrusted',
      'A good ECDSA signature by a key the setting does not trust (it trusts only RSA).',
      { xml: signA({}, keys.ec) },
      ['SIGNATURE_INVALID'],
      { xmlsec: signatureChecks('assertion', keys.ec, true) },
    ),

    invalid(
      kit,
      'assertion-signed.rsa-sha1',
      'RSA-SHA1 signature method (SHA-256 digest) without the SHA-1 opt-in.',
      { xml: signA({ signatureAlgorithm: 'rsa-sha1' }) },
      ['SIGNATURE_ALGORITHM_FORBIDDEN'],
      { xmlsec: signatureChecks('assertion', idp) },
    ),
    invalid(
      kit,
      'assertion-signed.sha1-digest',
      'SHA-1 reference digest (RSA-SHA256 signature) without the SHA-1 opt-in.',
      { xml: signA({ digestAlgorithm: 'sha1' }) },
      ['SIGNATURE_ALGORITHM_FORBIDDEN'],
      { xmlsec: signatureChecks('assertion', idp) },
    ),
    invalid(
      kit,
      'assertion-signed.hmac-sha256',
      'HMAC-SHA256 keyed with the public IdP certificate: a forgery anyone can make.',
      { xml: signA({ signatureAlgorithm: 'hmac-sha256', hmacKeyPath }) },
      ['SIGNATURE_ALGORITHM_FORBIDDEN'],
    ),

    invalid(
      kit,
      'assertion-signed.inclusive-c14n',
      'Inclusive C14N 1.0 for SignedInfo and the reference.',
      { xml: signA({ canonicalization: 'inclusive' }) },
      ['TRANSFORM_FORBIDDEN'],
      { xmlsec: signatureChecks('assertion', idp) },
    ),
    invalid(
      kit,
      'assertion-signed.inclusive-c14n-signed-info',
      'Inclusive C14N only as the SignedInfo CanonicalizationMethod.',
      { xml: signA({ canonicalization: 'inclusive', transformCanonicalization: 'exclusive' }) },
      ['TRANSFORM_FORBIDDEN'],
      {
        xmlsec: signatureChecks('assertion', idp),
      },
    ),
    invalid(
      kit,
      'assertion-signed.exc-c14n-with-comments',
      'Exclusive C14N WithComments: comments would become signed content.',
      { xml: signA({ canonicalization: 'exclusive-with-comments' }) },
      ['TRANSFORM_FORBIDDEN'],
      { xmlsec: signatureChecks('assertion', idp) },
    ),
    invalid(
      kit,
      'assertion-signed.xpath-transform',
      'An extra XPath filter transform in the reference.',
      { xml: signA({ xpathTransform: 'not(ancestor-or-self::ds:Signature)' }) },
      ['TRANSFORM_FORBIDDEN'],
      {
        xmlsec: signatureChecks('assertion', idp),
      },
    ),

    invalid(
      kit,
      'assertion-signed.reference-uri-empty',
      'Reference URI="" (the whole document) instead of the Assertion ID.',
      { xml: signA({ referenceUri: '' }) },
      ['SIGNATURE_REFERENCE_INVALID'],
      { xmlsec: signatureChecks('assertion', idp) },
    ),
    invalid(
      kit,
      'assertion-signed.reference-to-response',
      'The Assertion signature references the Response, not its own parent.',
      { xml: signA({ referenceUri: `#${RESPONSE_ID}` }) },
      ['SIGNATURE_REFERENCE_INVALID'],
      { xmlsec: signatureChecks('assertion', idp) },
    ),
    invalid(
      kit,
      'response-signed.reference-to-assertion',
      'The Response signature references the Assertion, not its own parent.',
      {
        xml: signXml(buildResponseXml(), 'response', {
          key: idp,
          referenceUri: '#_assertion-3b9e2f61c4d8a7e5',
        }),
      },
      ['SIGNATURE_REFERENCE_INVALID'],
      { xmlsec: signatureChecks('response', idp) },
    ),
    invalid(
      kit,
      'assertion-signed.reference-xpointer',
      'Reference URI as an XPointer (#xpointer(id(...))) rather than a bare #ID.',
      { xml: signA({ referenceUri: "#xpointer(id('_assertion-3b9e2f61c4d8a7e5'))" }) },
      ['SIGNATURE_REFERENCE_INVALID'],
      {
        xmlsec: signatureChecks('assertion', idp),
      },
    ),
    invalid(
      kit,
      'assertion-signed.two-references',
      'SignedInfo holds a second Reference (to the Response) besides the Assertion.',
      { xml: signA({ extraReferenceUris: [`#${RESPONSE_ID}`] }) },
      ['SIGNATURE_REFERENCE_INVALID'],
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    invalid(
      kit,
      'response-signed.requirement-assertion',
      'Only the Response is signed; the setting requires the Assertion signature.',
      { xml: responseSigned },
      ['SIGNATURE_MISSING'],
      { setting: kit.settingWith({ signatureRequirement: 'assertion' }) },
    ),
    invalid(
      kit,
      'assertion-signed.requirement-response',
      'Only the Assertion is signed; the setting requires the Response signature.',
      { xml: assertionSigned },
      ['SIGNATURE_MISSING'],
      { setting: kit.settingWith({ signatureRequirement: 'response' }) },
    ),
    invalid(
      kit,
      'assertion-signed.requirement-both',
      'Only the Assertion is signed; the setting requires both.',
      { xml: assertionSigned },
      ['SIGNATURE_MISSING'],
      { setting: kit.settingWith({ signatureRequirement: 'both' }) },
    ),
    invalid(
      kit,
      'both-signed.assertion-signature-removed.requirement-both',
      'Both were signed, then the Assertion signature cut out (Response digest breaks too).',
      { xml: removeAssertionSignature(kit.signed('both')) },
      ['SIGNATURE_MISSING', 'DIGEST_MISMATCH'],
      {
        // Both truthful: the required Assertion signature is gone, and removing it broke the Response digest.
        setting: kit.settingWith({ signatureRequirement: 'both' }),
      },
    ),
  ];
}

function removeAssertionSignature(xml: string): string {
  const assertion = find(xml, 'Assertion');
  const inner = outer(xml, assertion);
  const sig = find(inner, 'Signature');
  return splice(xml, assertion.start + sig.start, assertion.start + sig.end, '');
}
