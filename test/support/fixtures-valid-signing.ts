/**
 * Valid fixtures about keys and algorithms: every allowed signature algorithm, EC and RSA keys, how
 * certificates are configured (rotation, bare base64), KeyInfo left out, the XML-DSig namespace
 * unprefixed, and each signature requirement met.
 */
import { buildResponseXml } from './response-builder.js';
import { signatureChecks, valid } from './fixture-kit.js';
import type { Fixture, Kit } from './fixture-kit.js';
import { replaceOnce } from './xml-surgery.js';
import { signResponse } from './xmlsec-signer.js';
import { EXPECTED_ATTRIBUTES } from './fixtures-valid.js';

const SUBJECT = 'fed-alice-0001';

export function validSigningFixtures(kit: Kit): Fixture[] {
  const { keys } = kit;
  const idp = keys.idp;
  const attrs = EXPECTED_ATTRIBUTES;

  return [
    valid(
      kit,
      'assertion-signed.ec-p256',
      'ECDSA P-256 with SHA-256, trusted EC certificate.',
      signResponse(buildResponseXml(), { assertion: { key: keys.ec } }),
      { subject: SUBJECT, attributes: attrs },
      {
        setting: kit.settingWith({ idpCertificates: [keys.ec.certificatePem] }),
        xmlsec: signatureChecks('assertion', keys.ec),
      },
    ),

    valid(
      kit,
      'assertion-signed.rsa-sha512',
      'RSA-SHA512 signature with a SHA-512 digest.',
      signResponse(buildResponseXml(), {
        assertion: { key: idp, signatureAlgorithm: 'rsa-sha512', digestAlgorithm: 'sha512' },
      }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.rsa-sha384',
      'RSA-SHA384 signature with a SHA-384 digest.',
      signResponse(buildResponseXml(), {
        assertion: { key: idp, signatureAlgorithm: 'rsa-sha384', digestAlgorithm: 'sha384' },
      }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.rsa-sha1.sha1-allowed',
      'RSA-SHA1 and a SHA-1 digest, accepted only because the setting opts in.',
      signResponse(buildResponseXml(), {
        assertion: { key: idp, signatureAlgorithm: 'rsa-sha1', digestAlgorithm: 'sha1' },
      }),
      { subject: SUBJECT },
      { setting: kit.settingWith({ allowSha1: true }), xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.no-key-info',
      'No KeyInfo at all: the key comes from the setting, never from the message.',
      signResponse(buildResponseXml(), { assertion: { key: idp, keyInfo: 'none' } }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.rotated-certificates',
      'Two trusted certificates (EC first, then the signing RSA one): each is tried.',
      kit.signed('assertion'),
      { subject: SUBJECT },
      {
        setting: kit.settingWith({ idpCertificates: [keys.ec.certificatePem, idp.certificatePem] }),
        xmlsec: signatureChecks('assertion', idp),
      },
    ),

    valid(
      kit,
      'assertion-signed.bare-base64-certificate',
      'The trusted certificate configured as bare base64 DER.',
      kit.signed('assertion'),
      { subject: SUBJECT },
      {
        setting: kit.settingWith({ idpCertificates: [idp.certificateBase64] }),
        xmlsec: signatureChecks('assertion', idp),
      },
    ),

    valid(
      kit,
      'assertion-signed.requirement-assertion',
      'Setting requires the Assertion signature; it is there.',
      kit.signed('assertion'),
      { subject: SUBJECT, signedElements: ['assertion'] },
      {
        setting: kit.settingWith({ signatureRequirement: 'assertion' }),
        xmlsec: signatureChecks('assertion', idp),
      },
    ),

    valid(
      kit,
      'response-signed.requirement-response',
      'Setting requires the Response signature; it is there.',
      kit.signed('response'),
      { subject: SUBJECT, signedElements: ['response'] },
      {
        setting: kit.settingWith({ signatureRequirement: 'response' }),
        xmlsec: signatureChecks('response', idp),
      },
    ),

    valid(
      kit,
      'both-signed.requirement-both',
      'Setting requires both signatures; both are there.',
      kit.signed('both'),
      { subject: SUBJECT },
      { setting: kit.settingWith({ signatureRequirement: 'both' }), xmlsec: signatureChecks('both', idp) },
    ),

    valid(
      kit,
      'assertion-signed.signature-default-namespace',
      'The XML-DSig elements unprefixed, in a default namespace declared on Signature.',
      signResponse(buildResponseXml(), { assertion: { key: idp, prefix: '' } }),
      { subject: SUBJECT, attributes: attrs },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.comment-in-signed-info',
      'A comment added inside SignedInfo after signing: C14N of SignedInfo drops it.',
      replaceOnce(kit.signed('assertion'), '<ds:SignedInfo>', '<ds:SignedInfo><!-- added after signing -->'),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),
  ];
}
