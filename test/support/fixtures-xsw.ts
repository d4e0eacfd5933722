/**
 * XML Signature Wrapping (XSW), after Somorovsky et al., "On Breaking SAML: Be Whoever You Want to
 * Be" (USENIX Security 2012), in the eight shapes SAML Raider names XSW1–XSW8, plus one using
 * saml:Advice. Each starts from a validly signed response: the genuinely signed element is kept
 * (moved or copied) so that a verifier that only checks "some signature verifies" is satisfied,
 * while an evil element (NameID fed-admin-0000, profile System Administrator) sits where naive
 * processing reads. xmlsec1 confirms the moved signature still verifies: the attack is real.
 *
 * Where several codes are listed, the document really has each defect (for example a second
 * Assertion element anywhere in the tree, or an element the schema forbids at that place) and the
 * structural checks, which run before signatures, may legitimately report that one first.
 */
import type { SamlErrorCode } from '../../src/saml/errors.js';
import { invalid } from './fixture-kit.js';
import type { Fixture, Kit } from './fixture-kit.js';
import { afterChild, find, outer, remove, setAttribute, splice } from './xml-surgery.js';

const ORIGINAL_ASSERTION_ID = '_assertion-3b9e2f61c4d8a7e5';
const EVIL_ASSERTION_ID = '_evil-assertion-0badc0de';
const EVIL_RESPONSE_ID = '_evil-response-0badc0de';

/** What the attacker wants read: another identity with administrator rights. */
function makeEvil(text: string): string {
  return text
    .replaceAll('fed-alice-0001', 'fed-admin-0000')
    .replace('>Standard User<', '>System Administrator<');
}

function withId(text: string, local: string, id: string): string {
  return setAttribute(text, find(text, local), 'ID', id);
}

/** Drops the first ds:Signature (the element's own), leaving whitespace as the enveloped transform would. */
function stripSignature(text: string): string {
  return remove(text, find(text, 'Signature'));
}

function insertBeforeLast(text: string, closing: string, insert: string): string {
  const at = text.lastIndexOf(closing);
  if (at < 0) throw new Error(`no ${closing}`);
  return splice(text, at, at, insert);
}

function insertBeforeFirst(text: string, marker: string, insert: string): string {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker}`);
  return splice(text, at, at, insert);
}

const xpathOfAssertionSignature = (predicate: string): string =>
  `//*[local-name()='Assertion']${predicate}/*[local-name()='Signature']`;

export function xswFixtures(kit: Kit): Fixture[] {
  const idp = kit.keys.idp;
  const assertionSigned = kit.signed('assertion');
  const a = find(assertionSigned, 'Assertion');
  const original = outer(assertionSigned, a);
  const copy = stripSignature(original);
  const replaceAssertion = (text: string): string => splice(assertionSigned, a.start, a.end, text);

  const responseSigned = kit.signed('response');
  const r = find(responseSigned, 'Response');
  const originalResponse = outer(responseSigned, r);
  const responseCopy = stripSignature(originalResponse);
  const evilResponse = withId(
    withId(makeEvil(originalResponse), 'Response', EVIL_RESPONSE_ID),
    'Assertion',
    EVIL_ASSERTION_ID,
  );
  const replaceResponse = (text: string): string => splice(responseSigned, r.start, r.end, text);

  const evilUnsigned = withId(stripSignature(makeEvil(original)), 'Assertion', EVIL_ASSERTION_ID);
  const evilSigned = withId(makeEvil(original), 'Assertion', EVIL_ASSERTION_ID);

  const real = (signatureXPath: string) => ({ xmlsec: [{ signatureXPath, key: idp, expectOk: true }] });
  const wrapped = (...codes: SamlErrorCode[]): SamlErrorCode[] => codes;
  // xmlsec1 itself resists some shapes; the check pins down why, so the fixture stays honest.
  const refusedByXmlsec = (signatureXPath: string) => ({
    xmlsec: [{ signatureXPath, key: idp, expectOk: false }],
  });
  const firstAssertionSignature = "/*/*[local-name()='Assertion'][1]/*[local-name()='Signature']";

  const responseSignatureXPath = "/*/*[local-name()='Signature']";
  const evilWithAdvice = (() => {
    const conditions = find(evilUnsigned, 'Conditions');
    return splice(
      evilUnsigned,
      conditions.end,
      conditions.end,
      `\n    <saml:Advice>${original}</saml:Advice>`,
    );
  })();
  const issuerEnd = afterChild(assertionSigned, find(assertionSigned, 'Response'), 'Issuer');

  return [
    // XSW1: evil Response (new ID) at the root; its Signature still references the original Response,
    // an unsigned copy of which is appended inside the ds:Signature, in a ds:Object (where the XML-DSig
    // schema allows any content). It fools verifiers whose enveloped-signature transform only strips a
    // Signature found inside the referenced element; xmlsec1 implements the transform exactly (it drops
    // every node inside the enclosing Signature, so the digest covers nothing) and refuses it.
    invalid(
      kit,
      'response-signed.xsw1',
      'XSW1: evil Response at the root, the signed original copied into a ds:Object of its ds:Signature.',
      {
        xml: replaceResponse(
          insertBeforeFirst(evilResponse, '</ds:Signature>', `<ds:Object>${responseCopy}</ds:Object>`),
        ),
      },
      wrapped('SIGNATURE_REFERENCE_INVALID', 'MULTIPLE_ASSERTIONS'),
      refusedByXmlsec(responseSignatureXPath),
    ),

    // XSW2: as XSW1, but the copy of the original Response sits just before the Signature (detached).
    invalid(
      kit,
      'response-signed.xsw2',
      'XSW2: evil Response at the root, the signed original copied in as a sibling before ds:Signature.',
      { xml: replaceResponse(insertBeforeFirst(evilResponse, '<ds:Signature', `${responseCopy}`)) },
      wrapped('SIGNATURE_REFERENCE_INVALID', 'MULTIPLE_ASSERTIONS', 'RESPONSE_STRUCTURE_INVALID'),
      real(responseSignatureXPath),
    ),

    // XSW3: an unsigned evil Assertion (new ID) inserted before the untouched signed one.
    invalid(
      kit,
      'assertion-signed.xsw3',
      'XSW3: unsigned evil Assertion inserted before the signed original.',
      { xml: replaceAssertion(`${evilUnsigned}\n  ${original}`) },
      ['MULTIPLE_ASSERTIONS'],
      real(xpathOfAssertionSignature(`[@ID='${ORIGINAL_ASSERTION_ID}']`)),
    ),

    // XSW4: the unsigned evil Assertion replaces the original, which is moved inside it as last child.
    invalid(
      kit,
      'assertion-signed.xsw4',
      'XSW4: unsigned evil Assertion wraps the signed original as its last child.',
      { xml: replaceAssertion(insertBeforeLast(evilUnsigned, '</saml:Assertion>', `  ${original}\n  `)) },
      wrapped('SIGNATURE_MISSING', 'MULTIPLE_ASSERTIONS', 'RESPONSE_STRUCTURE_INVALID'),
      real(xpathOfAssertionSignature(`[@ID='${ORIGINAL_ASSERTION_ID}']`)),
    ),

    // XSW5: the signed Assertion itself made evil (new ID, keeps its Signature, which still names the
    // original ID); an unsigned copy of the original appended at the end of the Response.
    invalid(
      kit,
      'assertion-signed.xsw5',
      'XSW5: evil Assertion keeps the signature; an unsigned copy of the original follows it.',
      { xml: replaceAssertion(`${evilSigned}\n  ${copy}`) },
      ['MULTIPLE_ASSERTIONS'],
      real(firstAssertionSignature),
    ),

    // XSW6: as XSW5, but the unsigned copy of the original is placed inside the evil Assertion's
    // Signature, in a ds:Object; like XSW1 it targets inexact enveloped-signature transforms.
    invalid(
      kit,
      'assertion-signed.xsw6',
      'XSW6: evil Assertion (new ID) keeps the signature; the original copied into a ds:Object of it.',
      {
        xml: replaceAssertion(
          insertBeforeFirst(evilSigned, '</ds:Signature>', `<ds:Object>${copy}</ds:Object>`),
        ),
      },
      wrapped('SIGNATURE_REFERENCE_INVALID', 'MULTIPLE_ASSERTIONS'),
      refusedByXmlsec(firstAssertionSignature),
    ),

    // XSW7: samlp:Extensions (schema: any content) holding an unsigned evil Assertion with the original ID,
    // the signed original left in place.
    invalid(
      kit,
      'assertion-signed.xsw7',
      'XSW7: unsigned evil Assertion with the same ID hidden in samlp:Extensions.',
      {
        xml: splice(
          assertionSigned,
          issuerEnd,
          issuerEnd,
          `\n  <samlp:Extensions>${withId(evilUnsigned, 'Assertion', ORIGINAL_ASSERTION_ID)}</samlp:Extensions>`,
        ),
      },
      wrapped('DUPLICATE_ID', 'MULTIPLE_ASSERTIONS'),
      // xmlsec1 refuses to load a document with duplicate IDs: the defence the core must have too.
      refusedByXmlsec(firstAssertionSignature),
    ),

    // XSW8: the signed Assertion made evil with its original ID; its Signature gains a ds:Object holding
    // an unsigned copy of the original (same ID again).
    invalid(
      kit,
      'assertion-signed.xsw8',
      'XSW8: evil Assertion keeps ID and signature; the original copied into a ds:Object.',
      {
        xml: replaceAssertion(
          insertBeforeFirst(makeEvil(original), '</ds:Signature>', `<ds:Object>${copy}</ds:Object>`),
        ),
      },
      wrapped('DUPLICATE_ID', 'MULTIPLE_ASSERTIONS'),
      // xmlsec1 refuses to load a document with duplicate IDs: the defence the core must have too.
      refusedByXmlsec(firstAssertionSignature),
    ),

    // Advice may legitimately carry assertions: the evil outer Assertion is unsigned and must not borrow
    // the signature of the one in its Advice.
    invalid(
      kit,
      'assertion-signed.xsw-advice',
      'Unsigned evil Assertion carrying the signed original in saml:Advice.',
      { xml: replaceAssertion(evilWithAdvice) },
      wrapped('SIGNATURE_MISSING', 'MULTIPLE_ASSERTIONS'),
      real("//*[local-name()='Advice']/*[local-name()='Assertion']/*[local-name()='Signature']"),
    ),
  ];
}
