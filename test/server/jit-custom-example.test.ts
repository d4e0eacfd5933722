import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';
import { expectRefused, expectSignedIn, JIT_ORG } from '../sp/jit/jit-fixtures.js';
import { CUSTOM_ORG, customSetting } from '../sp/jit/custom/custom-fixtures.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLE_HANDLER = join(REPO_ROOT, 'examples/handlers/partner-jit-handler.js');

describe('the example partner handler (examples/handlers/partner-jit-handler.js) over the real ACS', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      config: { ...CUSTOM_ORG, roles: [...JIT_ORG.roles, { name: 'Partner Manager', parentRole: 'CEO' }] },
      setting: customSetting(EXAMPLE_HANDLER, {
        allowedProfiles: ['Standard User'],
        allowedRoles: ['Partner Manager'],
      }),
      now: tickingClock(FIXED_NOW),
    });
  });
  after(() => h.close());

  it("creates the partner's user under the partner's Account, then keeps its name and email current", async () => {
    const first = {
      mail: 'pat@partner.test',
      sn: 'Doe',
      givenName: 'Pat',
      partnerId: 'P-100',
      o: 'Partner Inc',
    };
    const created = await expectSignedIn(h, 'pat', first, 'created');
    const user = await h.app.store.users.findByFederationId('pat');
    assert.equal(user?.username, 'pat@partners.acme.example');
    assert.equal(user?.userRoleId, (await h.app.store.roles.findByName('Partner Manager'))?.id);
    const contact = await h.app.store.contacts.findById(user!.contactId!);
    const account = await h.app.store.accounts.findById(contact!.accountId!);
    assert.equal(account?.name, 'Partner Inc');
    assert.equal(account?.accountNumber, 'P-100');
    assert.equal(created.recordsTouched.length, 3);

    await expectSignedIn(h, 'pat', { ...first, sn: 'Doe-Smith' }, 'updated');
    assert.equal((await h.app.store.users.findByFederationId('pat'))?.lastName, 'Doe-Smith');
    const refused = await expectRefused(h, 'nobody', { sn: 'X' }, 'JIT_HANDLER_ERROR');
    assert.equal(refused.status, 'Failed: JIT provisioning error: the partner IdP must send "mail" and "sn"');
  });
});
