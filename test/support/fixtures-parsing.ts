/**
 * Transport, parsing and structure fixtures. Most start from a validly signed response and add one
 * defect outside the signed bytes, so the only reason to refuse them is the defect itself.
 */
import { buildAssertionXml, buildResponseXml, toBase64 } from './response-builder.js';
import { invalid } from './fixture-kit.js';
import type { Fixture, Kit } from './fixture-kit.js';
import { afterChild, find, outer, replaceOnce, setAttribute, splice } from './xml-surgery.js';
import { signXml } from './xmlsec-signer.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ASSERTION_ID = '_assertion-3b9e2f61c4d8a7e5';
const NAMEID = '>fed-alice-0001</saml:NameID>';

/** Inserts text right after the XML declaration (prolog position). */
function inProlog(xml: string, text: string): string {
  if (!xml.startsWith(DECLARATION)) throw new Error('expected the standard XML declaration');
  return DECLARATION + text + xml.slice(DECLARATION.length);
}

/** Inserts a samlp:Extensions element after the Response Issuer (its schema position). */
function withExtensions(xml: string, content: string): string {
  const at = afterChild(xml, find(xml, 'Response'), 'Issuer');
  return splice(xml, at, at, `\n  <samlp:Extensions>${content}</samlp:Extensions>`);
}

/** The document as ISO-8859-1 bytes (characters above U+00FF as references), declared as such. */
function asLatin1(xml: string): Buffer {
  const declared = xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
  const text = Array.from(declared, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code > 0xff ? `&#x${code.toString(16)};` : ch;
  }).join('');
  return Buffer.from(text, 'latin1');
}

/** Every character above U+007F as a numeric reference (valid in text and attribute values alike). */
function asciiOnly(xml: string): string {
  return Array.from(xml, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code > 0x7f ? `&#x${code.toString(16)};` : ch;
  }).join('');
}

function billionLaughs(): string {
  const lines = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) lines.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<!DOCTYPE samlp:Response [\n  ${lines.join('\n  ')}\n]>\n`;
}

function encryptedAssertion(): string {
  const cipher = Buffer.alloc(96, 0x5a).toString('base64');
  return (
    '<saml:EncryptedAssertion>' +
    '<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">' +
    '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>' +
    '<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey>' +
    '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>' +
    `<xenc:CipherData><xenc:CipherValue>${cipher}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedKey></ds:KeyInfo>' +
    `<xenc:CipherData><xenc:CipherValue>${cipher}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedData></saml:EncryptedAssertion>'
  );
}

export function parsingFixtures(kit: Kit): Fixture[] {
  const signed = kit.signed('assertion');
  const idp = kit.keys.idp;

  // Padding inside an attribute value before signing: a genuine, verifiable 2 MB response.
  const huge = kit.signed('assertion', {
    attributes: [{ name: 'User.Notes', values: ['x'.repeat(1_600_000)] }],
  });
  const depth = 10_000;
  const deep = `<x:d xmlns:x="urn:example:deep">${'<x:d>'.repeat(depth - 1)}${'</x:d>'.repeat(depth)}`;

  const second = kit.signed('assertion', { assertionId: '_assertion-second-77aa01', nameId: 'fed-bob-0002' });
  const firstAssertion = find(signed, 'Assertion');
  const twoAssertions = splice(
    signed,
    firstAssertion.end,
    firstAssertion.end,
    `\n  ${outer(second, find(second, 'Assertion'))}`,
  );

  const encrypted = (() => {
    const bare = buildResponseXml({ includeAssertion: false });
    const at = bare.lastIndexOf('</samlp:Response>');
    return signXml(splice(bare, at, at, `  ${encryptedAssertion()}\n`), 'response', { key: idp });
  })();

  const badUtf8 = (() => {
    const bytes = Buffer.from(signed, 'utf8');
    const at = bytes.indexOf(Buffer.from('Jones-'));
    return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(at)]);
  })();

  return [
    // transport
    invalid(kit, 'empty', 'An empty SAMLResponse value.', { base64: '' }, ['RESPONSE_MISSING']),
    invalid(
      kit,
      'not-base64',
      'Characters outside the base64 alphabet.',
      { base64: 'PHNhbWxwOlJlc3BvbnNl*!not~base64!*' },
      ['RESPONSE_ENCODING_INVALID'],
    ),
    invalid(
      kit,
      'base64-of-plain-text',
      'Valid base64 of text that is not XML.',
      { base64: toBase64('hello, this is not XML') },
      ['XML_MALFORMED'],
    ),
    invalid(
      kit,
      'too-large-2mb.assertion-signed',
      'A genuinely signed 2 MB response: refused for size alone, before parsing.',
      { xml: huge },
      ['RESPONSE_TOO_LARGE'],
    ),
    invalid(
      kit,
      'too-large-2mb.not-base64',
      '2 MB of non-base64 characters: refused for size before any decoding.',
      { base64: '!'.repeat(2 * 1024 * 1024) },
      ['RESPONSE_TOO_LARGE'],
    ),

    // parsing
    invalid(
      kit,
      'assertion-signed.doctype',
      'An otherwise valid signed response with a bare DOCTYPE.',
      { xml: inProlog(signed, '<!DOCTYPE samlp:Response>\n') },
      ['XML_DTD_FORBIDDEN'],
    ),
    invalid(
      kit,
      'assertion-signed.xxe-external-entity',
      'XXE: an external entity (file:///etc/hostname) used as the NameID.',
      {
        xml: inProlog(
          replaceOnce(signed, NAMEID, '>&xxe;</saml:NameID>'),
          '<!DOCTYPE samlp:Response [\n  <!ENTITY xxe SYSTEM "file:///etc/hostname">\n]>\n',
        ),
      },
      ['XML_DTD_FORBIDDEN'],
    ),
    invalid(
      kit,
      'assertion-signed.xxe-external-dtd',
      'An external DTD subset on a host the parser must never contact.',
      { xml: inProlog(signed, '<!DOCTYPE samlp:Response SYSTEM "http://attacker.invalid/saml.dtd">\n') },
      ['XML_DTD_FORBIDDEN'],
    ),
    invalid(
      kit,
      'assertion-signed.billion-laughs',
      'Billion laughs: nested entities expanding to 10^9 "lol"s in the NameID.',
      { xml: inProlog(replaceOnce(signed, NAMEID, '>&lol9;</saml:NameID>'), billionLaughs()) },
      ['XML_DTD_FORBIDDEN'],
    ),
    invalid(
      kit,
      'assertion-signed.undeclared-entity',
      'A reference to an entity that was never declared (no DTD at all).',
      { xml: replaceOnce(signed, NAMEID, '>fed-alice-0001&admin;</saml:NameID>') },
      ['XML_ENTITY_FORBIDDEN'],
    ),
    invalid(
      kit,
      'assertion-signed.processing-instruction',
      'A processing instruction (xml-stylesheet) in the prolog, outside the signed bytes.',
      { xml: inProlog(signed, '<?xml-stylesheet type="text/xsl" href="http://attacker.invalid/x.xsl"?>\n') },
      ['XML_MALFORMED'],
    ),
    invalid(
      kit,
      'assertion-signed.encoding-iso-8859-1',
      'Declared and encoded as ISO-8859-1: only UTF-8 is accepted.',
      { base64: asLatin1(signed).toString('base64') },
      // The bytes are refused by the strict UTF-8 decode, before the XML declaration is ever read.
      ['RESPONSE_ENCODING_INVALID'],
    ),
    invalid(
      kit,
      'assertion-signed.encoding-declared-iso-8859-1',
      'Declares ISO-8859-1 while every byte is ASCII (non-ASCII as references): the declaration alone is refused.',
      { xml: asciiOnly(signed.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')) },
      ['XML_MALFORMED'],
    ),
    invalid(
      kit,
      'assertion-signed.invalid-utf8',
      'Bytes that are not valid UTF-8 inside an attribute value.',
      { base64: badUtf8.toString('base64') },
      // Refused by the strict UTF-8 decode of the posted bytes, before parsing.
      ['RESPONSE_ENCODING_INVALID'],
    ),
    invalid(
      kit,
      'assertion-signed.truncated',
      'The document cut off before the end of the root element.',
      { xml: signed.slice(0, signed.length - 40) },
      ['XML_MALFORMED'],
    ),
    invalid(
      kit,
      'assertion-signed.mismatched-end-tag',
      'An end tag that does not match its start tag.',
      { xml: replaceOnce(signed, NAMEID, '>fed-alice-0001</saml:NameId>') },
      ['XML_MALFORMED'],
    ),
    invalid(
      kit,
      'assertion-signed.duplicate-attribute',
      'The Assertion start tag carries ID twice (parser-differential bait).',
      {
        xml: replaceOnce(
          signed,
          `<saml:Assertion ID="${ASSERTION_ID}"`,
          `<saml:Assertion ID="_assertion-evil-dup" ID="${ASSERTION_ID}"`,
        ),
      },
      ['XML_MALFORMED'],
    ),
    invalid(
      kit,
      'assertion-signed.unbound-prefix',
      'An element whose namespace prefix is not declared.',
      { xml: withExtensions(signed, '<evil:Note>x</evil:Note>') },
      ['XML_MALFORMED'],
    ),
    invalid(
      kit,
      'assertion-signed.nested-10000',
      '10,000 nested elements in samlp:Extensions, outside the signed Assertion.',
      { xml: withExtensions(signed, deep) },
      ['XML_TOO_DEEP'],
    ),

    // structure
    invalid(
      kit,
      'assertion-as-root',
      'A signed Assertion posted on its own: the root must be samlp:Response.',
      { xml: signXml(buildAssertionXml(), 'assertion', { key: idp }) },
      ['RESPONSE_STRUCTURE_INVALID'],
    ),
    invalid(
      kit,
      'assertion-signed.wrong-root-namespace',
      'The Response in the SAML 1.0 protocol namespace.',
      {
        xml: replaceOnce(
          signed,
          'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"',
          'xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol"',
        ),
      },
      ['RESPONSE_STRUCTURE_INVALID'],
    ),
    invalid(
      kit,
      'assertion-signed.version-1.1',
      'Response Version="1.1".',
      { xml: setAttribute(signed, find(signed, 'Response'), 'Version', '1.1') },
      ['VERSION_UNSUPPORTED'],
    ),
    invalid(
      kit,
      'response-signed.no-assertion',
      'A signed Success response that carries no Assertion.',
      { xml: kit.signed('response', { includeAssertion: false }) },
      ['ASSERTION_MISSING'],
    ),
    invalid(
      kit,
      'assertion-signed.two-assertions',
      'Two Assertions, each validly signed by the IdP, for two different users.',
      { xml: twoAssertions },
      ['MULTIPLE_ASSERTIONS'],
      {
        xmlsec: [
          {
            signatureXPath: "/*/*[local-name()='Assertion'][1]/*[local-name()='Signature']",
            key: idp,
            expectOk: true,
          },
          {
            signatureXPath: "/*/*[local-name()='Assertion'][2]/*[local-name()='Signature']",
            key: idp,
            expectOk: true,
          },
        ],
      },
    ),
    invalid(
      kit,
      'response-signed.encrypted-assertion',
      'A signed Response carrying an EncryptedAssertion (no decryption key support).',
      { xml: encrypted },
      ['ENCRYPTED_ASSERTION_UNSUPPORTED'],
    ),
    invalid(
      kit,
      'assertion-signed.duplicate-id.response-equals-assertion',
      'The (unsigned) Response given the same ID as the signed Assertion.',
      { xml: setAttribute(signed, find(signed, 'Response'), 'ID', ASSERTION_ID) },
      ['DUPLICATE_ID'],
    ),
    invalid(
      kit,
      'assertion-signed.duplicate-id.in-extensions',
      'An extension element carrying the Assertion ID, to confuse ID lookup.',
      { xml: withExtensions(signed, `<ext:Marker xmlns:ext="urn:example:ext" ID="${ASSERTION_ID}"/>`) },
      ['DUPLICATE_ID'],
    ),
  ];
}
