import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedResponse, startHarness, tickingClock } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';

describe('identity type Username matches ASCII case-insensitively, nothing more', () => {
  it('a NameID with the Kelvin sign (\\u212Aate) does not sign in as kate', async () => {
    const h = await startHarness({
      setting: { identityType: 'Username' },
      config: {
        users: [{ username: 'kate', email: 'kate@example.com', lastName: 'K', profile: 'Standard User' }],
      },
      now: tickingClock(FIXED_NOW),
    });
    try {
      const kelvin = '\u212Aate';
      assert.equal(kelvin.toLowerCase(), 'kate', 'the attack relies on full Unicode lowercasing');
      const res = await h.postAcs(signedResponse({ assertionId: '_kelvin', nameId: kelvin }));
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('set-cookie'), null);
      const [entry] = await h.app.store.loginHistory.list({ limit: 1 });
      assert.equal(entry?.errorCode, 'USER_NOT_FOUND');
      const ok = await h.postAcs(signedResponse({ assertionId: '_kate', nameId: 'KATE' }));
      assert.equal(ok.status, 302, 'ASCII case still folds');
    } finally {
      await h.close();
    }
  });
});
