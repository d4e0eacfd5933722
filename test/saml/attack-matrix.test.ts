/**
 * The named SAML matrix against the protocol core: every valid fixture is accepted with the right
 * subject and attributes, every attack is refused with the expected first error code, and xmlsec1
 * (an independent implementation) agrees that the signatures are what each fixture claims.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { validateSamlResponse } from '../../src/saml/index.js';
import type { SamlValidationResult } from '../../src/saml/index.js';
import { buildSamlFixtures, writeSamlFixtures } from '../support/attack-matrix.js';
import type { Fixture } from '../support/attack-matrix.js';
import { EXPECTED_ATTRIBUTES } from '../support/fixtures-valid.js';
import { verifyWithXmlsec } from '../support/xmlsec-signer.js';

const fixtures = await buildSamlFixtures();
const byName = new Map(fixtures.map((f) => [f.name, f]));

function run(fixture: Fixture): SamlValidationResult {
  return validateSamlResponse(fixture.base64, fixture.setting, {
    now: fixture.now,
    ...(fixture.inResponseTo === undefined ? {} : { inResponseTo: fixture.inResponseTo }),
  });
}

function fixture(name: string): Fixture {
  const found = byName.get(name);
  assert.ok(found, `fixture ${name} exists`);
  return found;
}

function describeResult(result: SamlValidationResult): string {
  return result.valid
    ? `valid (subject ${result.assertion.subject})`
    : result.errors.map((e) => `${e.code}: ${e.message}`).join('; ');
}

before(() => writeSamlFixtures(fixtures));

describe('SAML attack matrix: valid fixtures are accepted', () => {
  for (const f of fixtures.filter((x) => x.class === 'valid')) {
    it(f.name, () => {
      const result = run(f);
      assert.ok(result.valid, `${f.name} must be valid; got ${describeResult(result)}`);
      if (!f.expected.valid) return;
      assert.equal(result.assertion.subject, f.expected.subject);
      for (const [name, values] of Object.entries(f.expected.attributes ?? {})) {
        assert.deepEqual(result.assertion.attributes[name], values, `attribute ${name}`);
      }
      if (f.expected.signedElements) {
        assert.deepEqual([...result.assertion.signedElements].sort(), [...f.expected.signedElements].sort());
      }
      if (f.expected.inResponseTo !== undefined) {
        assert.equal(result.assertion.inResponseTo, f.expected.inResponseTo);
      }
    });
  }
});

describe('SAML attack matrix: invalid fixtures are refused with the expected first code', () => {
  for (const f of fixtures.filter((x) => x.class === 'invalid')) {
    it(f.name, () => {
      const result = run(f);
      assert.equal(result.valid, false, `${f.name} must be refused; got ${describeResult(result)}`);
      if (result.valid || f.expected.valid) return;
      const first = result.errors[0];
      assert.ok(first, 'an invalid result carries at least one error');
      assert.ok(
        f.expected.codes.includes(first.code),
        `${f.name}: expected ${f.expected.codes.join(' | ')}, got ${describeResult(result)}`,
      );
    });
  }
});

describe('SAML attack matrix: specific guarantees', () => {
  it('keeps the full NameID text around a comment, never the part before it', () => {
    const result = run(fixture('assertion-signed.nameid-comment'));
    assert.ok(result.valid);
    assert.equal(result.assertion.subject, 'alice@example.com.evil.test');
    assert.equal(result.assertion.nameId, 'alice@example.com.evil.test');
  });

  it('reads multi-valued attributes in order and special characters decoded', () => {
    const result = run(fixture('assertion-signed'));
    assert.ok(result.valid);
    assert.deepEqual(result.assertion.attributes['Groups'], EXPECTED_ATTRIBUTES['Groups']);
    assert.deepEqual(result.assertion.attributes['Account.Name'], EXPECTED_ATTRIBUTES['Account.Name']);
    assert.equal(result.assertion.attributes['user.email'], undefined, 'attribute names are case-sensitive');
  });

  it('refuses a 2 MB body as RESPONSE_TOO_LARGE, signed or not', () => {
    for (const name of ['too-large-2mb.assertion-signed', 'too-large-2mb.not-base64']) {
      const f = fixture(name);
      assert.ok(f.base64.length >= 2 * 1024 * 1024, `${name} is at least 2 MiB`);
      const result = run(f);
      assert.equal(result.valid, false);
      assert.equal(result.errors[0]?.code, 'RESPONSE_TOO_LARGE');
    }
  });

  it('refuses 10,000 nested elements as XML_TOO_DEEP', () => {
    const f = fixture('assertion-signed.nested-10000');
    assert.ok((f.xml ?? '').split('<x:d').length - 1 >= 10_000);
    const result = run(f);
    assert.equal(result.valid, false);
    assert.equal(result.errors[0]?.code, 'XML_TOO_DEEP');
  });

  it('has every fixture listed in test/fixtures/README.md', () => {
    const readme = readFileSync(
      fileURLToPath(new URL('../../../test/fixtures/README.md', import.meta.url)),
      'utf8',
    );
    const missing = fixtures.filter((f) => !readme.includes(`\`${f.name}\``)).map((f) => f.name);
    assert.deepEqual(missing, []);
  });
});

describe('SAML attack matrix: xmlsec1 agrees on every signature the fixtures rely on', () => {
  it('every valid fixture carries at least one xmlsec1 check', () => {
    const unchecked = fixtures.filter((f) => f.class === 'valid' && f.xmlsec.length === 0).map((f) => f.name);
    assert.deepEqual(unchecked, []);
  });

  it('every XSW fixture carries an xmlsec1 check', () => {
    const unchecked = fixtures
      .filter((f) => /\.xsw/.test(f.name) && f.xmlsec.length === 0)
      .map((f) => f.name);
    assert.deepEqual(unchecked, []);
  });

  for (const f of fixtures.filter((x) => x.xmlsec.length > 0)) {
    it(f.name, () => {
      assert.ok(f.xml !== undefined, 'xmlsec1 checks need the document');
      for (const check of f.xmlsec) {
        const verdict = verifyWithXmlsec(f.xml, check);
        assert.equal(
          verdict.ok,
          check.expectOk,
          `xmlsec1 on ${check.signatureXPath} with ${check.key.name}: expected ${check.expectOk ? 'OK' : 'refusal'}\n${verdict.output}`,
        );
      }
    });
  }
});
