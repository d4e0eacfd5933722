import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_XML_LIMITS, parseXml } from '../../../src/saml/xml/parser.js';
import {
  attr,
  childElements,
  childrenNamed,
  forEachElement,
  hasElementChildren,
  singleChild,
  textContent,
} from '../../../src/saml/xml/tree.js';

describe('tree helpers', () => {
  const root = parseXml(
    '<r xmlns="urn:d" xmlns:p="urn:p" ID="1" p:ID="2"><a>x<!--c-->y<![CDATA[z]]></a><p:a/><a/><b/></r>',
  );

  it('attr reads unprefixed attributes only', () => {
    assert.equal(attr(root, 'ID'), '1');
    assert.equal(attr(root, 'missing'), null);
    const onlyPrefixed = parseXml('<r xmlns:p="urn:p" p:ID="2"/>');
    assert.equal(attr(onlyPrefixed, 'ID'), null);
  });

  it('childElements, childrenNamed and singleChild match namespace and local name', () => {
    assert.deepEqual(
      childElements(root).map((c) => c.name),
      ['a', 'p:a', 'a', 'b'],
    );
    assert.equal(childrenNamed(root, 'urn:d', 'a').length, 2);
    assert.equal(childrenNamed(root, 'urn:p', 'a').length, 1);
    assert.equal(singleChild(root, 'urn:d', 'a'), undefined);
    assert.equal(singleChild(root, 'urn:p', 'a')?.name, 'p:a');
    assert.equal(singleChild(root, 'urn:d', 'b')?.name, 'b');
    assert.equal(singleChild(root, '', 'b'), null);
  });

  it('textContent joins text around comments and CDATA', () => {
    assert.equal(textContent(childElements(root)[0]!), 'xyz');
    assert.equal(hasElementChildren(root), true);
    assert.equal(hasElementChildren(childElements(root)[0]!), false);
  });

  it('forEachElement visits in document order without recursion', () => {
    const names: string[] = [];
    forEachElement(root, (el) => names.push(el.name));
    assert.deepEqual(names, ['r', 'a', 'p:a', 'a', 'b']);
    const deep = parseXml('<e>'.repeat(10_000) + '</e>'.repeat(10_000), {
      ...DEFAULT_XML_LIMITS,
      maxDepth: 10_000,
    });
    let count = 0;
    forEachElement(deep, () => count++);
    assert.equal(count, 10_000);
  });
});
