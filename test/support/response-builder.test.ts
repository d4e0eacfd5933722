/**
 * The fixture tooling itself: the builder never turns a value into markup (checked by libxml2 via
 * xmlsec1 and by the core reading the value back), and the surgery helpers find what they claim.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { validateSamlResponse } from '../../src/saml/index.js';
import { createKit } from './fixture-kit.js';
import { REQUEST_ID, buildResponseXml, toBase64 } from './response-builder.js';
import { find, findAll, isDirectChild, outer } from './xml-surgery.js';
import { el, serialize } from './xml-writer.js';
import { SIGNATURE_XPATH, signResponse, verifyWithXmlsec } from './xmlsec-signer.js';

/** Characters XML 1.0 allows, any plane, markup-significant ones made likely. */
const xmlChar = fc.oneof(
  fc.constantFrom('&', '<', '>', '"', "'", ']]>', '&amp;', '<!--', '\t', '\n', '\r', 'Å', '東', '🚀'),
  fc
    .integer({ min: 0x20, max: 0x10ffff })
    .filter((c) => !(c >= 0xd800 && c <= 0xdfff) && c !== 0xfffe && c !== 0xffff)
    .map((c) => String.fromCodePoint(c)),
);
/** No leading or trailing whitespace: the core trims identity values, which is not what is tested here. */
const value = fc
  .array(xmlChar, { minLength: 1, maxLength: 24 })
  .map((parts) => parts.join(''))
  .filter((s) => s.trim() === s && s.length > 0);

describe('response builder', () => {
  it('escapes text and attribute values so they never become markup', () => {
    const xml = serialize(el('a', { v: `"'<&>\t\n` }, ']]> <b/> &amp;'));
    assert.equal(xml, '<a v="&quot;\'&lt;&amp;&gt;&#x9;&#xA;">]]&gt; &lt;b/&gt; &amp;amp;</a>');
  });

  it('round-trips any NameID and attribute value through xmlsec1 and the core', () => {
    const kit = createKit();
    fc.assert(
      fc.property(value, value, (nameId, attributeValue) => {
        const xml = signResponse(
          buildResponseXml({ nameId, attributes: [{ name: 'Probe', values: [attributeValue, 'second'] }] }),
          { assertion: kit.idpSig },
        );
        assert.ok(verifyWithXmlsec(xml, { key: kit.keys.idp, signatureXPath: SIGNATURE_XPATH.assertion }).ok);
        const result = validateSamlResponse(toBase64(xml), kit.setting, {
          now: kit.now,
          inResponseTo: REQUEST_ID,
        });
        assert.ok(result.valid, JSON.stringify(result.errors));
        assert.equal(result.assertion.subject, nameId);
        assert.deepEqual(result.assertion.attributes['Probe'], [attributeValue, 'second']);
      }),
      { numRuns: 20 },
    );
  });
});

describe('xml surgery', () => {
  it('finds nested elements of the same name outermost first, with exact spans', () => {
    const xml = '<r><a:X ID="1"><!-- <a:X> --><a:X ID="2"/><![CDATA[</a:X>]]></a:X><X ID="3">t</X></r>';
    const spans = findAll(xml, 'X');
    assert.equal(spans.length, 3);
    assert.equal(outer(xml, spans[0]!), '<a:X ID="1"><!-- <a:X> --><a:X ID="2"/><![CDATA[</a:X>]]></a:X>');
    assert.equal(outer(xml, spans[1]!), '<a:X ID="2"/>');
    assert.equal(outer(xml, spans[2]!), '<X ID="3">t</X>');
    assert.equal(isDirectChild(xml, find(xml, 'r'), spans[1]!), false);
    assert.equal(isDirectChild(xml, find(xml, 'r'), spans[2]!), true);
  });
});
