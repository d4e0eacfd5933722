import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIGNED_RESPONSE_XML } from '../../bench/fuzz/signed-response.js';
import { signedPositions, validateFixture, xmlFuzzProperties } from '../../bench/fuzz/xml-properties.js';

/**
 * A short run of the XML fuzzer (the long one is `node dist/bench/fuzz/xml-fuzz.js`). Seeds are
 * fixed so CI is repeatable; set FRONTDESK_FUZZ_SEED to explore others.
 */
const RUNS_PER_PROPERTY = 300;
const BASE_SEED = Number(process.env['FRONTDESK_FUZZ_SEED'] ?? 20_240_601);

describe('xml fuzz (short run)', () => {
  xmlFuzzProperties().forEach((property, index) => {
    it(property.name, () => {
      const outcome = property.run(RUNS_PER_PROPERTY, BASE_SEED + index);
      assert.equal(outcome.failed, false, outcome.report);
      assert.equal(outcome.numRuns, RUNS_PER_PROPERTY);
    });
  });
});

describe('signed fixture used by the fuzzer', () => {
  it('validates untouched, with both signatures checked', () => {
    const result = validateFixture(SIGNED_RESPONSE_XML);
    assert.equal(result.valid, true, JSON.stringify(result.errors));
    assert.deepEqual(result.assertion?.signedElements, ['response', 'assertion']);
    assert.equal(result.assertion?.subject, 'fed-0042&x');
    assert.deepEqual(result.assertion?.attributes['User.LastName'], ['Lovelace <Byron> Ünïcødé']);
  });

  it('offers the mutation property every signed text and attribute value', () => {
    const offsets = new Set(signedPositions(SIGNED_RESPONSE_XML).map((p) => p.offset));
    for (const needle of [
      'fed-0042',
      'sp.example.test/metadata',
      'Lovelace',
      '_a1b2c3d4e5f60718293',
      'Password',
    ]) {
      assert.ok(offsets.has(SIGNED_RESPONSE_XML.indexOf(needle)), needle);
    }
  });

  it('still validates, with the same subject, when a comment splits the NameID', () => {
    // C14N drops the comment and text reading skips it without truncating the value.
    const result = validateFixture(
      SIGNED_RESPONSE_XML.replace('fed-0042&amp;x', 'fed-00<!--evil-->42&amp;x'),
    );
    assert.equal(result.valid, true);
    assert.equal(result.assertion?.subject, 'fed-0042&x');
  });

  it('still validates when the unsigned KeyInfo certificate is replaced', () => {
    // KeyInfo is never a source of trust: only configured certificates are.
    const result = validateFixture(SIGNED_RESPONSE_XML.replace(/(<ds:X509Certificate>)MII/, '$1XII'));
    assert.equal(result.valid, true);
  });

  it('refuses a character changed in the Assertion with DIGEST_MISMATCH', () => {
    const result = validateFixture(SIGNED_RESPONSE_XML.replace('fed-0042', 'fed-0043'));
    assert.equal(result.valid, false);
    assert.equal(result.errors[0]?.code, 'DIGEST_MISMATCH');
  });
});

describe('algorithm allowlist', () => {
  // Regression: plain-object lookups once let Object.prototype members through the allowlist.
  const SIG = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  const DIGEST = 'http://www.w3.org/2001/04/xmlenc#sha256';
  for (const [uri, name] of [
    [SIG, 'constructor'],
    [SIG, '__proto__'],
    [DIGEST, 'constructor'],
    [DIGEST, 'toString'],
  ] as const) {
    it(`refuses Algorithm="${name}" as a ${uri === SIG ? 'signature' : 'digest'} method`, () => {
      const result = validateFixture(SIGNED_RESPONSE_XML.replace(`"${uri}"`, `"${name}"`));
      assert.equal(result.valid, false);
      assert.equal(result.errors[0]?.code, 'SIGNATURE_ALGORITHM_FORBIDDEN');
    });
  }
});
