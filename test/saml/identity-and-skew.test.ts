import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSamlResponse } from '../../src/saml/index.js';
import type { SamlVerifierSetting } from '../../src/saml/types.js';
import { signedResponse } from '../support/frontdesk-harness.js';
import { getTestKeys } from '../support/keys.js';
import { ACS_URL, FIXED_NOW, IDP_ISSUER, SP_ENTITY_ID } from '../support/response-builder.js';

function setting(overrides: Partial<SamlVerifierSetting> = {}): SamlVerifierSetting {
  return {
    idpIssuer: IDP_ISSUER,
    idpCertificates: [getTestKeys().idp.certificatePem],
    spEntityId: SP_ENTITY_ID,
    acsUrl: ACS_URL,
    allowUnsolicited: true,
    ...overrides,
  };
}

describe('identity is read exactly as signed', () => {
  it('strips only XML whitespace around the NameID', () => {
    const result = validateSamlResponse(
      signedResponse({ assertionId: '_id-ws', nameId: '\n  alice \t' }),
      setting(),
      { now: FIXED_NOW },
    );
    assert.equal(result.valid, true);
    assert.equal(result.assertion?.subject, 'alice');
  });

  for (const [label, nameId] of [
    ['no-break space', 'admin\u00a0'],
    ['ideographic space', '\u3000admin'],
    ['byte-order mark', '\ufeffadmin'],
    ['line separator', 'admin\u2028'],
    ['zero-width space', '\u200badmin'],
  ] as const) {
    it(`refuses a NameID with a ${label} at its edge (SUBJECT_INVALID), never folding it into another identity`, () => {
      const result = validateSamlResponse(
        signedResponse({ assertionId: `_id-${label.replace(/ /g, '-')}`, nameId }),
        setting(),
        { now: FIXED_NOW },
      );
      assert.equal(result.valid, false);
      assert.equal(result.errors[0]?.code, 'SUBJECT_INVALID');
    });
  }

  it('applies the same rule to an identity attribute', () => {
    const result = validateSamlResponse(
      signedResponse({ assertionId: '_id-attr', attributes: [{ name: 'login', values: ['kate\u00a0'] }] }),
      setting({ identityLocation: { kind: 'attribute', name: 'login' } }),
      { now: FIXED_NOW },
    );
    assert.equal(result.errors[0]?.code, 'SUBJECT_INVALID');
  });
});

describe('the clock cannot be switched off', () => {
  const expiredLater = new Date(FIXED_NOW.getTime() + 365 * 24 * 3600_000);

  it('treats a non-finite skew as the default, so an expired assertion stays expired', () => {
    for (const clockSkewSeconds of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const result = validateSamlResponse(
        signedResponse({ assertionId: `_skew-${clockSkewSeconds}` }),
        setting({ clockSkewSeconds }),
        {
          now: expiredLater,
        },
      );
      assert.equal(result.valid, false, String(clockSkewSeconds));
      assert.match(
        result.errors.map((e) => e.code).join(' '),
        /ASSERTION_EXPIRED|SUBJECT_CONFIRMATION_ERROR/,
      );
    }
  });

  it('refuses an invalid "now" instead of comparing against NaN', () => {
    assert.throws(
      () =>
        validateSamlResponse(signedResponse({ assertionId: '_bad-now' }), setting(), {
          now: new Date(Number.NaN),
        }),
      TypeError,
    );
  });
});
