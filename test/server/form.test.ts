/**
 * The fast form reader must agree with URLSearchParams on every input, well-formed or not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { parseFormFields } from '../../src/server/form.js';

function reference(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) if (!fields.has(name)) fields.set(name, value);
  return fields;
}

// Pieces that exercise the decoder's edges: escapes valid and not, pluses, separators, UTF-8.
const piece = fc.oneof(
  fc.constantFrom(
    'SAMLResponse',
    'RelayState',
    '=',
    '&',
    '+',
    '%',
    '%2B',
    '%2b',
    '%3D',
    '%26',
    '%zz',
    '%4',
    '%C3%A9',
  ),
  fc.constantFrom('%E2%82%AC', '%ED%A0%80', '%FF', '%C3', '%00', 'é', '\uD800', '\uDC00', '😀', ' ', ';'),
  fc.string({ maxLength: 6 }),
  fc.base64String({ maxLength: 24 }),
);

describe('form bodies', () => {
  it('parseFormFields equals URLSearchParams (first value per name) on 20,000 generated bodies', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const text = pieces.join('');
        assert.deepEqual(parseFormFields(text), reference(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads a posted SAMLResponse and RelayState', () => {
    const b64 = Buffer.from('<samlp:Response ID="_r"/>').toString('base64');
    const body = new URLSearchParams({
      SAMLResponse: b64,
      RelayState: '/app?x=1&y=2',
      extra: 'é+',
    }).toString();
    const fields = parseFormFields(body);
    assert.equal(fields.get('SAMLResponse'), b64);
    assert.equal(fields.get('RelayState'), '/app?x=1&y=2');
    assert.equal(fields.get('extra'), 'é+');
  });

  it('keeps the first of repeated names, as URLSearchParams#get does', () => {
    assert.equal(parseFormFields('RelayState=a&RelayState=b').get('RelayState'), 'a');
    assert.equal(parseFormFields('RelayState&RelayState=b').get('RelayState'), '');
  });

  it('falls back to the lenient decoder for malformed escapes instead of failing', () => {
    assert.equal(parseFormFields('SAMLResponse=%zz%2B').get('SAMLResponse'), '%zz+');
    assert.equal(parseFormFields('x=%FF').get('x'), '\uFFFD');
  });
});
