import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { SIGNED_RESPONSE_XML } from '../../../bench/fuzz/signed-response.js';
import { canonicalize } from '../../../src/saml/xml/c14n.js';
import { DEFAULT_XML_LIMITS, parseXml } from '../../../src/saml/xml/parser.js';
import type { XmlElement } from '../../../src/saml/xml/tree.js';
import { childElements, forEachElement, singleChild, textContent } from '../../../src/saml/xml/tree.js';
import { findElement, timed } from './helpers.js';

/**
 * Exclusive C14N (without comments) of `xml`, at `apex` (a qualified name; the root when absent),
 * leaving out the first element named `exclude` with its subtree, with an InclusiveNamespaces
 * PrefixList. Expected outputs come from libxml2 through independent tools, recorded once:
 * `xmlsec1 --sign --store-references` (the pre-digest buffer of a Reference to the apex with the
 * enveloped-signature and exc-c14n transforms) and, for whole documents, `xmllint --exc-c14n`.
 */
interface Vector {
  name: string;
  source: string;
  xml: string;
  apex?: string;
  exclude?: string;
  inclusive?: string[];
  expected: string;
}

function run(v: Vector): string {
  const root = parseXml(v.xml);
  const apex = v.apex ? findElement(root, v.apex) : root;
  return canonicalize(apex, {
    exclude: v.exclude ? findElement(root, v.exclude) : null,
    inclusivePrefixes: v.inclusive ?? [],
  });
}

const VECTORS: Vector[] = [
  {
    name: 'drops namespaces that nothing uses',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<r xmlns:u="urn:unused" xmlns:v="urn:v"><c>t</c></r>',
    expected: '<r><c>t</c></r>',
  },
  {
    name: 'pushes a prefix down to the elements that visibly use it',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<r xmlns:a="urn:a" xmlns:b="urn:b"><x><a:y/></x><z b:at="1"/></r>',
    expected: '<r><x><a:y xmlns:a="urn:a"></a:y></x><z xmlns:b="urn:b" b:at="1"></z></r>',
  },
  {
    name: 'redeclares a prefix on each sibling that uses it',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<r xmlns:p="urn:p"><p:a/><p:b><p:c/></p:b></r>',
    expected: '<r><p:a xmlns:p="urn:p"></p:a><p:b xmlns:p="urn:p"><p:c></p:c></p:b></r>',
  },
  {
    name: 'omits a redeclaration the output ancestor already rendered',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<p:a xmlns:p="urn:p"><p:b xmlns:p="urn:p"><p:c xmlns:p="urn:p"/></p:b></p:a>',
    expected: '<p:a xmlns:p="urn:p"><p:b><p:c></p:c></p:b></p:a>',
  },
  {
    name: 'renders a prefix rebound to another URI',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c/></p:b><p:d/></p:a>',
    expected: '<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c></p:c></p:b><p:d></p:d></p:a>',
  },
  {
    name: 'undeclares the default namespace below an element that rendered one',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a xmlns="urn:d"><b xmlns=""><c/></b><d/></a>',
    expected: '<a xmlns="urn:d"><b xmlns=""><c></c></b><d></d></a>',
  },
  {
    name: 'omits xmlns="" when no default namespace was rendered',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a xmlns=""><b xmlns=""/></a>',
    expected: '<a><b></b></a>',
  },
  {
    name: 'keeps a default namespace rendered on an ancestor across a prefixed element',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a xmlns="urn:d" xmlns:p="urn:p"><p:b><c/></p:b></a>',
    expected: '<a xmlns="urn:d"><p:b xmlns:p="urn:p"><c></c></p:b></a>',
  },
  {
    name: 'renders the default namespace where an unprefixed child first uses it',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<p:a xmlns:p="urn:p" xmlns="urn:d"><b><c/></b><d/></p:a>',
    expected: '<p:a xmlns:p="urn:p"><b xmlns="urn:d"><c></c></b><d xmlns="urn:d"></d></p:a>',
  },
  {
    name: 'orders namespace declarations by prefix and attributes by namespace URI then local name',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a xmlns:z="urn:a" xmlns:b="urn:z" z:k="1" b:k="2" y="3" x="4" z:a="5" xmlns="urn:d"/>',
    expected: '<a xmlns="urn:d" xmlns:b="urn:z" xmlns:z="urn:a" x="4" y="3" z:a="5" z:k="1" b:k="2"></a>',
  },
  {
    name: 'orders attributes of two prefixes bound to the same URI by local name',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a xmlns:p="urn:s" xmlns:q="urn:s" q:b="1" p:c="2" xmlns:r="urn:t" r:a="3"/>',
    expected: '<a xmlns:p="urn:s" xmlns:q="urn:s" xmlns:r="urn:t" q:b="1" p:c="2" r:a="3"></a>',
  },
  {
    name: 'escapes &, <, > and CR in text',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a>&amp; &lt; &gt; &#13; " \' \t&#9;</a>',
    expected: '<a>&amp; &lt; &gt; &#xD; " \' \t\t</a>',
  },
  {
    name: 'escapes &, <, ", TAB, LF and CR in attributes',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a v="&amp;&lt;&gt;&quot;\'&#9;&#10;&#13;" w="a\tb\nc"/>',
    expected: '<a v="&amp;&lt;>&quot;\'&#x9;&#xA;&#xD;" w="a b c"></a>',
  },
  {
    name: 'renders empty elements as start and end tags',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a><b/><c></c><d x="1"/></a>',
    expected: '<a><b></b><c></c><d x="1"></d></a>',
  },
  {
    name: 'removes comments, inside and outside the root',
    source: 'xmlsec1',
    xml: '<!--pre--><a><!--in-->x<!--y-->z<b><!--c--></b></a><!--post-->',
    expected: '<a>xz<b></b></a>',
  },
  {
    name: 'replaces CDATA sections by escaped text',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a><![CDATA[<&>]]>tail<![CDATA[]]></a>',
    expected: '<a>&lt;&amp;&gt;tail</a>',
  },
  {
    name: 'keeps whitespace text nodes and normalises line ends',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a>\r\n  <b> x </b>\r\n\t</a>',
    expected: '<a>\n  <b> x </b>\n\t</a>',
  },
  {
    name: 'keeps non-ASCII text and astral characters',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a t="é€𝄞">é€𝄞 &#x1F600;</a>',
    expected: '<a t="é€𝄞">é€𝄞 😀</a>',
  },
  {
    name: 'does not render the xml prefix',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a xml:lang="en" xmlns:xml="http://www.w3.org/XML/1998/namespace"><b xml:space="preserve"/></a>',
    expected: '<a xml:lang="en"><b xml:space="preserve"></b></a>',
  },
  {
    name: 'canonicalizes a subtree with the namespaces its ancestors declare',
    source: 'xmlsec1',
    xml: '<s:Env xmlns:s="urn:s" xmlns:saml="urn:saml" xmlns="urn:d" xmlns:x="urn:x"><s:Body><saml:A ID="i1" x:at="v"><saml:B>t</saml:B><C/></saml:A></s:Body></s:Env>',
    apex: 'saml:A',
    expected:
      '<saml:A xmlns:saml="urn:saml" xmlns:x="urn:x" ID="i1" x:at="v"><saml:B>t</saml:B><C xmlns="urn:d"></C></saml:A>',
  },
  {
    name: 'canonicalizes an unprefixed subtree whose default namespace an ancestor declares',
    source: 'xmlsec1',
    xml: '<r xmlns="urn:d" xmlns:p="urn:p"><mid><leaf ID="i1" p:a="1"><in/></leaf></mid></r>',
    apex: 'leaf',
    expected: '<leaf xmlns="urn:d" xmlns:p="urn:p" ID="i1" p:a="1"><in></in></leaf>',
  },
  {
    name: 'canonicalizes a subtree in no namespace below a default namespace',
    source: 'xmlsec1',
    xml: '<r xmlns="urn:d"><a xmlns="" ID="i1"><b/></a></r>',
    apex: 'a',
    expected: '<a ID="i1"><b></b></a>',
  },
  {
    name: 'does not inherit xml: attributes into a subtree',
    source: 'xmlsec1',
    xml: '<a xml:lang="en"><b ID="i1" xml:space="preserve"><c/></b></a>',
    apex: 'b',
    expected: '<b ID="i1" xml:space="preserve"><c></c></b>',
  },
  {
    name: 'renders an inclusive prefix at the apex even when unused',
    source: 'xmlsec1',
    xml: '<r xmlns:p="urn:p" xmlns:q="urn:q" xmlns="urn:d"><s:x xmlns:s="urn:s" ID="i1"><y/></s:x></r>',
    apex: 's:x',
    inclusive: ['p'],
    expected: '<s:x xmlns:p="urn:p" xmlns:s="urn:s" ID="i1"><y xmlns="urn:d"></y></s:x>',
  },
  {
    name: 'renders the default namespace at the apex for #default',
    source: 'xmlsec1',
    xml: '<r xmlns:p="urn:p" xmlns:q="urn:q" xmlns="urn:d"><s:x xmlns:s="urn:s" ID="i1"><y/><s:z/></s:x></r>',
    apex: 's:x',
    inclusive: ['#default'],
    expected: '<s:x xmlns="urn:d" xmlns:s="urn:s" ID="i1"><y></y><s:z></s:z></s:x>',
  },
  {
    name: 'renders several inclusive prefixes once',
    source: 'xmlsec1',
    xml: '<r xmlns:p="urn:p" xmlns:q="urn:q" xmlns="urn:d"><s:x xmlns:s="urn:s" ID="i1"><p:y/><q:z xmlns:q="urn:q2"/><q:w/></s:x></r>',
    apex: 's:x',
    inclusive: ['p', 'q', '#default'],
    expected:
      '<s:x xmlns="urn:d" xmlns:p="urn:p" xmlns:q="urn:q" xmlns:s="urn:s" ID="i1"><p:y></p:y><q:z xmlns:q="urn:q2"></q:z><q:w></q:w></s:x>',
  },
  {
    name: 'ignores an inclusive prefix that is not in scope',
    source: 'xmlsec1',
    xml: '<r xmlns:p="urn:p"><s:x xmlns:s="urn:s" ID="i1"/></r>',
    apex: 's:x',
    inclusive: ['nope', '#default'],
    expected: '<s:x xmlns:s="urn:s" ID="i1"></s:x>',
  },
  {
    name: 'renders an inclusive prefix again below an element that rebound it',
    source: 'xmlsec1',
    xml: '<r xmlns:p="urn:p"><s:x xmlns:s="urn:s" ID="i1"><s:y xmlns:p="urn:p2"><s:z xmlns:p="urn:p"/></s:y></s:x></r>',
    apex: 's:x',
    inclusive: ['p'],
    expected:
      '<s:x xmlns:p="urn:p" xmlns:s="urn:s" ID="i1"><s:y xmlns:p="urn:p2"><s:z xmlns:p="urn:p"></s:z></s:y></s:x>',
  },
  {
    name: 'leaves out the enveloped signature and keeps the text around it',
    source: 'xmlsec1',
    xml: '<r xmlns="urn:r" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="x">\n  <i>1</i>\n  <ds:Signature/>\n  <j/>\n</r>',
    exclude: 'ds:Signature',
    expected: '<r xmlns="urn:r" ID="x">\n  <i>1</i>\n  \n  <j></j>\n</r>',
  },
  {
    name: 'leaves out the enveloped signature of a subtree',
    source: 'xmlsec1',
    xml: '<p:Response xmlns:p="urn:p" xmlns:a="urn:a" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="r1"><a:Assertion ID="a1"><a:Issuer>idp</a:Issuer><ds:Signature/><a:Subject/></a:Assertion></p:Response>',
    apex: 'a:Assertion',
    exclude: 'ds:Signature',
    expected:
      '<a:Assertion xmlns:a="urn:a" ID="a1"><a:Issuer>idp</a:Issuer><a:Subject></a:Subject></a:Assertion>',
  },
  {
    name: 'canonicalizes a SAML-like assertion with an xs inclusive prefix',
    source: 'xmlsec1',
    xml: '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="r" Version="2.0"><saml:Issuer>idp</saml:Issuer>\n  <saml:Assertion ID="a" Version="2.0" IssueInstant="2024-01-01T00:00:00Z">\n    <saml:Issuer>idp</saml:Issuer>\n    <ds:Signature/>\n    <saml:AttributeStatement><saml:Attribute Name="User.Email"><saml:AttributeValue xsi:type="xs:string">a&amp;b@example.com</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>\n  </saml:Assertion>\n</samlp:Response>',
    apex: 'saml:Assertion',
    exclude: 'ds:Signature',
    inclusive: ['xs'],
    expected:
      '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="a" IssueInstant="2024-01-01T00:00:00Z" Version="2.0">\n    <saml:Issuer>idp</saml:Issuer>\n    \n    <saml:AttributeStatement><saml:Attribute Name="User.Email"><saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">a&amp;b@example.com</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>\n  </saml:Assertion>',
  },
  {
    name: 'does not redeclare a prefix named __proto__ below an output ancestor that rendered it',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<__proto__:a xmlns:__proto__="urn:x"><__proto__:b><__proto__:c/></__proto__:b></__proto__:a>',
    expected:
      '<__proto__:a xmlns:__proto__="urn:x"><__proto__:b><__proto__:c></__proto__:c></__proto__:b></__proto__:a>',
  },
];

/** Code-point ordering (regressions: sorting once compared UTF-16 code units). */
const ORDERING_VECTORS: Vector[] = [
  {
    name: 'orders attributes by local name in code point order, not UTF-16 order',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a xmlns:p="urn:x" p:ｙ="1" p:𐐀="2" ｘ="3" 𐐁="4"/>',
    expected: '<a xmlns:p="urn:x" ｘ="3" 𐐁="4" p:ｙ="1" p:𐐀="2"></a>',
  },
  {
    name: 'orders namespace declarations by prefix in code point order, not UTF-16 order',
    source: 'xmllint --exc-c14n and xmlsec1',
    xml: '<a xmlns:Ａ="urn:1" xmlns:𐐀="urn:2" Ａ:x="1" 𐐀:y="2"/>',
    expected: '<a xmlns:Ａ="urn:1" xmlns:𐐀="urn:2" Ａ:x="1" 𐐀:y="2"></a>',
  },
];

describe('canonicalize: exclusive C14N vectors from xmlsec1 and xmllint', () => {
  for (const v of VECTORS) {
    it(v.name, () => {
      assert.equal(run(v), v.expected, `reference: ${v.source}`);
    });
  }
});

describe('canonicalize: code point ordering of astral names', () => {
  for (const v of ORDERING_VECTORS) {
    it(v.name, () => {
      assert.equal(run(v), v.expected, `reference: ${v.source}`);
    });
  }
});

describe('canonicalize: behaviour beyond the vectors', () => {
  it('escapes &, <, " and whitespace in namespace URIs like attribute values (C14N 1.0 §2.3)', () => {
    // libxml2 writes namespace URIs unescaped; the spec processes namespace nodes as attributes.
    const root = parseXml('<p:a xmlns:p="http://e.org/?a=1&amp;b=&quot;&lt;&#9;"/>');
    assert.equal(canonicalize(root), '<p:a xmlns:p="http://e.org/?a=1&amp;b=&quot;&lt;&#x9;"></p:a>');
  });

  it('matches the digests xmlsec1 computed for the signed Response and Assertion', () => {
    const root = parseXml(SIGNED_RESPONSE_XML);
    const assertion = findElement(root, 'saml:Assertion');
    for (const signed of [root, assertion]) {
      const signature = childElements(signed).find((c) => c.local === 'Signature')!;
      const reference = findElement(signature, 'ds:Reference');
      const digest = textContent(singleChild(reference, reference.ns, 'DigestValue')!);
      const canonical = canonicalize(signed, { exclude: signature, inclusivePrefixes: ['xs'] });
      assert.equal(createHash('sha256').update(canonical, 'utf8').digest('base64'), digest, signed.name);
    }
  });

  it('gives a subtree the same form wherever it sits', () => {
    const inner = '<saml:A xmlns:saml="urn:saml" ID="1"><saml:B>t</saml:B></saml:A>';
    const alone = canonicalize(parseXml(inner));
    const deep = parseXml(
      `<x:r xmlns:x="urn:x" xmlns:saml="urn:saml" xmlns="urn:d"><x:s xmlns:saml="urn:saml">${inner}</x:s></x:r>`,
    );
    assert.equal(canonicalize(findElement(deep, 'saml:A')), alone);
  });

  it('ignores an exclude element that is not in the subtree', () => {
    const root = parseXml('<a><b/><c/></a>');
    const other = parseXml('<b/>');
    assert.equal(canonicalize(root, { exclude: other }), '<a><b></b><c></c></a>');
    assert.equal(canonicalize(root, { exclude: null }), '<a><b></b><c></c></a>');
  });

  it('leaves out only the excluded occurrence, not an identical sibling', () => {
    const root = parseXml('<a><s/><s/></a>');
    assert.equal(canonicalize(root, { exclude: childElements(root)[1]! }), '<a><s></s></a>');
  });

  it('never renders the xml prefix, even when listed as inclusive', () => {
    const root = parseXml('<r><a xml:lang="en"/></r>');
    assert.equal(
      canonicalize(findElement(root, 'a'), { inclusivePrefixes: ['xml'] }),
      '<a xml:lang="en"></a>',
    );
  });

  it('does not change the tree and returns the same string twice', () => {
    const root = parseXml('<p:a xmlns:p="urn:p" xmlns:q="urn:q" q:z="1" b="2"><p:c/>t<!--x--></p:a>');
    const before = JSON.stringify(root.children.map((c) => c.type));
    const first = canonicalize(root, { inclusivePrefixes: ['q', '#default'] });
    assert.equal(canonicalize(root, { inclusivePrefixes: ['q', '#default'] }), first);
    assert.equal(JSON.stringify(root.children.map((c) => c.type)), before);
    assert.deepEqual(
      root.attributes.map((a) => a.name),
      ['q:z', 'b'],
    );
  });

  it('is a fixed point: canonicalizing the canonical form changes nothing', () => {
    for (const v of VECTORS) {
      const once = run(v);
      assert.equal(canonicalize(parseXml(once), { inclusivePrefixes: v.inclusive ?? [] }), once, v.name);
    }
  });

  it('stays linear on wide trees below deep namespace scopes', () => {
    // Regression: copying the rendered-namespace map per element took seconds on ~170 KB.
    let open = '';
    let close = '';
    for (let d = 0; d < DEFAULT_XML_LIMITS.maxDepth - 2; d++) {
      let attrs = '';
      for (let k = 0; k < 31; k++) attrs += ` xmlns:p${d}_${k}="u${d}_${k}" p${d}_${k}:a=""`;
      open += `<e${attrs}>`;
      close = `</e>${close}`;
    }
    const root = parseXml(open + '<q:x xmlns:q="v"/>'.repeat(7000) + close);
    let elements = 0;
    forEachElement(root, () => elements++);
    assert.equal(elements, 46 + 7000);
    const ms = timed(() => canonicalize(root));
    assert.ok(ms < 500, `canonicalize took ${ms} ms`);
  });

  it('canonicalizes every subtree of a large SAML-like document quickly', () => {
    const assertion = (i: number) =>
      `<saml:Attribute Name="a${i}"><saml:AttributeValue xsi:type="xs:string">v&amp;${i}</saml:AttributeValue></saml:Attribute>`;
    const xml = `<samlp:Response xmlns:samlp="urn:p" xmlns:saml="urn:a" xmlns:xs="urn:xs" xmlns:xsi="urn:xsi"><saml:Assertion>${Array.from({ length: 3000 }, (_, i) => assertion(i)).join('')}</saml:Assertion></samlp:Response>`;
    const root: XmlElement = parseXml(xml);
    const ms = timed(() => canonicalize(root, { inclusivePrefixes: ['xs', '#default'] }));
    assert.ok(ms < 500, `took ${ms} ms`);
  });
});
