/**
 * Fixtures the core must accept: the three signing shapes, namespace and whitespace styles, edits
 * that canonicalization makes harmless, time windows at the skew edge, identity and audience
 * variants, and transport encodings. Keys and algorithms are in fixtures-valid-signing.ts.
 */
import {
  ACS_URL,
  CONFIRMATION,
  NAMEID_FORMAT,
  REQUEST_ID,
  SPECIAL_VALUE,
  SP_ENTITY_ID,
  buildResponseXml,
  plusSeconds,
  toBase64,
} from './response-builder.js';
import { signatureChecks, valid } from './fixture-kit.js';
import type { Fixture, Kit } from './fixture-kit.js';
import { replaceOnce } from './xml-surgery.js';
import { signResponse } from './xmlsec-signer.js';

/** The attributes every default-built valid fixture must return exactly. */
export const EXPECTED_ATTRIBUTES: Record<string, string[]> = {
  'User.Email': ['alice.jones@example.test'],
  'User.LastName': ['Jones-Ångström'],
  'Account.Name': [SPECIAL_VALUE],
  Groups: ['Engineering', 'R&D <core>', 'Ops "on-call"'],
};

const SUBJECT = 'fed-alice-0001';
/** The NameID of the comment/CDATA fixtures: the full text is the identity, never the part before. */
export const SPLIT_NAMEID = 'alice@example.com.evil.test';

export function validFixtures(kit: Kit): Fixture[] {
  const { keys, now } = kit;
  const idp = keys.idp;
  const attrs = EXPECTED_ATTRIBUTES;
  const splitSigned = kit.signed('assertion', { nameId: SPLIT_NAMEID, nameIdFormat: NAMEID_FORMAT.email });

  return [
    valid(
      kit,
      'assertion-signed',
      'The baseline: only the Assertion is signed (SimpleSAMLphp default), SP-initiated.',
      kit.signed('assertion'),
      { subject: SUBJECT, attributes: attrs, signedElements: ['assertion'], inResponseTo: REQUEST_ID },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'response-signed',
      'Only the Response is signed; its signature covers the unsigned Assertion inside.',
      kit.signed('response'),
      { subject: SUBJECT, attributes: attrs, signedElements: ['response'] },
      { xmlsec: signatureChecks('response', idp) },
    ),

    valid(
      kit,
      'both-signed',
      'Assertion signed, then the Response around it.',
      kit.signed('both'),
      { subject: SUBJECT, attributes: attrs },
      { xmlsec: signatureChecks('both', idp) },
    ),

    valid(
      kit,
      'assertion-signed.nameid-comment',
      'A comment inserted inside the NameID after signing keeps the digest (C14N drops comments); the identity is the whole text, never the part before the comment.',
      replaceOnce(splitSigned, SPLIT_NAMEID, 'alice@example.com<!---->.evil.test'),
      { subject: SPLIT_NAMEID },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.nameid-cdata',
      'Part of the NameID rewritten as CDATA after signing: same canonical text, so still valid, and the identity is the whole text.',
      replaceOnce(splitSigned, SPLIT_NAMEID, 'alice@example.com<![CDATA[.evil.test]]>'),
      { subject: SPLIT_NAMEID },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.character-references',
      'Characters rewritten as numeric references after signing (C14N resolves them): digest unchanged, values read back decoded.',
      replaceOnce(
        replaceOnce(
          kit.signed('assertion'),
          '>fed-alice-0001</saml:NameID>',
          '>fed&#x2D;alice&#45;0001</saml:NameID>',
        ),
        '>Ångström &amp;',
        '>&#xC5;ngstr&#246;m &#38;',
      ),
      { subject: SUBJECT, attributes: attrs },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'both-signed.default-namespaces',
      'Default namespaces redeclared on Issuer and Assertion (ADFS-like), compact: C14N must render xmlns="" correctly.',
      kit.signed('both', { namespaceStyle: 'default', pretty: false }),
      { subject: SUBJECT, attributes: attrs },
      { xmlsec: signatureChecks('both', idp) },
    ),

    valid(
      kit,
      'both-signed.local-namespaces',
      'saml2p:/saml2: prefixes declared where first used, xsi declared on each value (Okta/OpenSAML-like).',
      kit.signed('both', { namespaceStyle: 'local' }),
      { subject: SUBJECT, attributes: attrs },
      { xmlsec: signatureChecks('both', idp) },
    ),

    valid(
      kit,
      'assertion-signed.compact',
      'No whitespace between elements and no XML declaration.',
      kit.signed('assertion', { pretty: false, xmlDeclaration: false }),
      { subject: SUBJECT, attributes: attrs },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.inclusive-namespaces-prefix-list',
      'Exclusive C14N with InclusiveNamespaces PrefixList="xs" (OpenSAML-style), so xs is rendered though only used in a value.',
      signResponse(buildResponseXml(), { assertion: { key: idp, inclusiveNamespaces: 'xs' } }),
      { subject: SUBJECT, attributes: attrs },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.unsolicited',
      'IdP-initiated (no InResponseTo anywhere) where the setting allows it.',
      kit.signed('assertion', { inResponseTo: null }),
      { subject: SUBJECT, inResponseTo: null },
      {
        setting: kit.settingWith({ allowUnsolicited: true }),
        inResponseTo: null,
        xmlsec: signatureChecks('assertion', idp),
      },
    ),

    valid(
      kit,
      'assertion-signed.in-response-to-reported',
      'The caller passes no expected request id: the InResponseTo is reported back for the caller to match.',
      kit.signed('assertion'),
      { subject: SUBJECT, inResponseTo: REQUEST_ID },
      { inResponseTo: null, xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.skew-inside.not-before',
      'NotBefore 59 s in the future, inside the 60 s skew.',
      kit.signed('assertion', { notBefore: plusSeconds(now, 59) }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.skew-boundary.not-before',
      'NotBefore exactly now + skew: now >= NotBefore - skew holds.',
      kit.signed('assertion', { notBefore: plusSeconds(now, 60) }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.skew-inside.not-on-or-after',
      'NotOnOrAfter 59 s in the past, inside the 60 s skew.',
      kit.signed('assertion', { notOnOrAfter: plusSeconds(now, -59) }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.fractional-seconds',
      'Times with 7-digit fractions (Entra ID style) and milliseconds (ADFS style).',
      kit.signed('assertion', {
        issueInstant: '2026-01-01T09:59:58.1234567Z',
        notBefore: '2026-01-01T09:59:30.500Z',
        notOnOrAfter: '2026-01-01T10:05:00.1234567Z',
        subjectConfirmationNotOnOrAfter: '2026-01-01T10:05:00.999Z',
      }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.identity-attribute',
      'Identity read from the User.FederationIdentifier attribute, not the (transient) NameID.',
      kit.signed('assertion', {
        nameId: '_transient-9a8b7c',
        nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      }),
      { subject: SUBJECT },
      {
        setting: kit.settingWith({
          identityLocation: { kind: 'attribute', name: 'User.FederationIdentifier' },
        }),
        xmlsec: signatureChecks('assertion', idp),
      },
    ),

    valid(
      kit,
      'assertion-signed.several-audiences',
      'One AudienceRestriction naming another SP and us: any one Audience suffices.',
      kit.signed('assertion', { audienceRestrictions: [['https://other-sp.example.test', SP_ENTITY_ID]] }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.no-response-issuer',
      'The Response Issuer is optional when the Response is unsigned (SAML core 3.2.2).',
      kit.signed('assertion', { responseIssuer: null }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.extra-subject-confirmation',
      'A holder-of-key confirmation before the bearer one: one valid bearer suffices.',
      kit.signed('assertion', {
        subjectConfirmations: [
          { method: CONFIRMATION.holderOfKey, data: null },
          {
            method: CONFIRMATION.bearer,
            data: { recipient: ACS_URL, notOnOrAfter: plusSeconds(now, 300), inResponseTo: REQUEST_ID },
          },
        ],
      }),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.utf8-bom',
      'A UTF-8 byte order mark before the XML declaration (as .NET writers emit).',
      `\uFEFF${kit.signed('assertion')}`,
      { subject: SUBJECT, attributes: attrs },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    valid(
      kit,
      'assertion-signed.encoding-name-lowercase',
      'encoding="utf-8": encoding names are case-insensitive.',
      kit.signed('assertion').replace('encoding="UTF-8"', 'encoding="utf-8"'),
      { subject: SUBJECT },
      { xmlsec: signatureChecks('assertion', idp) },
    ),

    {
      ...valid(
        kit,
        'assertion-signed.base64-line-wrapped',
        'The base64 form value wrapped at 76 columns with CRLF, as some IdPs and MIME tools send it.',
        kit.signed('assertion'),
        { subject: SUBJECT },
        { xmlsec: signatureChecks('assertion', idp) },
      ),
      base64: (toBase64(kit.signed('assertion')).match(/.{1,76}/g) ?? []).join('\r\n'),
    },
  ];
}
