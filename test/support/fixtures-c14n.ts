/**
 * Valid fixtures aimed at canonicalization: namespace contexts the signed element inherits or
 * undeclares, attribute ordering by namespace URI, and rewrites after signing that change the bytes
 * but not the canonical form (so the signature must still verify, and xmlsec1 agrees).
 */
import { buildResponseXml } from './response-builder.js';
import { signatureChecks, valid } from './fixture-kit.js';
import type { Fixture, Kit } from './fixture-kit.js';
import { find, replaceOnce, splice } from './xml-surgery.js';
import { signResponse } from './xmlsec-signer.js';

const SUBJECT = 'fed-alice-0001';

/** Rewrites the start tag of the first element named `local` with `edit`. */
function editStartTag(xml: string, local: string, edit: (tag: string) => string): string {
  const span = find(xml, local);
  return splice(xml, span.start, span.startTagEnd, edit(xml.slice(span.start, span.startTagEnd)));
}

export function c14nFixtures(kit: Kit): Fixture[] {
  const idp = kit.keys.idp;
  const signed = kit.signed('assertion');
  const checks = signatureChecks('assertion', idp);
  const bothChecks = signatureChecks('both', idp);
  const signBoth = (xml: string): string =>
    signResponse(xml, { assertion: kit.idpSig, response: kit.idpSig });

  // Attributes in two foreign namespaces whose prefixes sort the other way round from their URIs:
  // C14N orders by namespace URI, so an implementation sorting by qualified name breaks the digest.
  const attributeOrder = replaceOnce(
    buildResponseXml(),
    '<saml:AttributeValue xsi:type="xs:string">alice.jones@example.test',
    '<saml:AttributeValue xmlns:zz="http://a.example/ns" xmlns:aa="urn:z.example:ns" aa:note="2" zz:note="1" xsi:type="xs:string">alice.jones@example.test',
  );

  // Inside the default-namespace style, an element that undeclares the default namespace.
  const undeclared = (() => {
    const xml = buildResponseXml({ namespaceStyle: 'default', pretty: false });
    const span = find(xml, 'SubjectConfirmationData');
    const tag = xml.slice(span.start, span.end);
    return splice(
      xml,
      span.start,
      span.end,
      `${tag.slice(0, -2)}><Hint xmlns="">opaque &amp; plain</Hint></SubjectConfirmationData>`,
    );
  })();

  return [
    valid(
      kit,
      'both-signed.inherited-default-namespace',
      'The root declares the assertion namespace as default; the unprefixed Assertion inherits it, and C14N must render it.',
      signBoth(buildResponseXml({ namespaceStyle: 'inherited-default' })),
      { subject: SUBJECT },
      { xmlsec: bothChecks },
    ),

    valid(
      kit,
      'both-signed.default-namespace-undeclared',
      'An element inside the signed Assertion undeclares the default namespace (xmlns="").',
      signBoth(undeclared),
      { subject: SUBJECT },
      { xmlsec: bothChecks },
    ),

    valid(
      kit,
      'both-signed.c14n-attribute-order-by-namespace-uri',
      'Namespaced attributes whose prefix order differs from their namespace-URI order (C14N sorts by URI).',
      signBoth(attributeOrder),
      { subject: SUBJECT },
      { xmlsec: bothChecks },
    ),

    valid(
      kit,
      'assertion-signed.rewrite.crlf-line-endings',
      'Every LF turned into CRLF after signing: XML parsers normalise line ends.',
      signed.replace(/\n/g, '\r\n'),
      { subject: SUBJECT },
      { xmlsec: checks },
    ),

    valid(
      kit,
      'assertion-signed.rewrite.expanded-empty-element',
      'A self-closing element written as start and end tag after signing.',
      (() => {
        const span = find(signed, 'SubjectConfirmationData');
        const tag = signed.slice(span.start, span.end);
        return splice(signed, span.start, span.end, `${tag.slice(0, -2)}></saml:SubjectConfirmationData>`);
      })(),
      { subject: SUBJECT },
      { xmlsec: checks },
    ),

    valid(
      kit,
      'assertion-signed.rewrite.single-quotes',
      'An attribute re-quoted with apostrophes after signing.',
      editStartTag(signed, 'NameID', (tag) => tag.replace(/Format="([^"]*)"/, "Format='$1'")),
      { subject: SUBJECT },
      { xmlsec: checks },
    ),

    valid(
      kit,
      'assertion-signed.rewrite.whitespace-in-tags',
      'Extra whitespace inside start and end tags after signing.',
      replaceOnce(
        signed,
        '<saml:Audience>https://sp.example.test</saml:Audience>',
        '<saml:Audience\n  >https://sp.example.test</saml:Audience \t>',
      ),
      { subject: SUBJECT },
      { xmlsec: checks },
    ),

    valid(
      kit,
      'assertion-signed.rewrite.attribute-order',
      'Attributes of Conditions swapped after signing (C14N sorts them).',
      editStartTag(signed, 'Conditions', (tag) =>
        tag.replace(/(NotBefore="[^"]*") (NotOnOrAfter="[^"]*")/, '$2 $1'),
      ),
      { subject: SUBJECT },
      { xmlsec: checks },
    ),

    valid(
      kit,
      'assertion-signed.rewrite.redundant-namespace-declaration',
      'The saml namespace redeclared, identically, on Subject after signing: exclusive C14N omits it.',
      replaceOnce(
        signed,
        '<saml:Subject>',
        '<saml:Subject xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">',
      ),
      { subject: SUBJECT },
      { xmlsec: checks },
    ),
  ];
}
