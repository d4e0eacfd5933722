import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';
import { PG_DISABLED, postgresSchema } from '../support/postgres.js';
import { counts, JIT_ORG, JIT_SETTING, jitResponse, personAt } from '../sp/jit/jit-fixtures.js';

const CONCURRENT_LOGINS = 50;

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`JIT concurrency on ${dialect}: ${CONCURRENT_LOGINS} simultaneous first logins of one person`, () => {
    if (dialect === 'postgres' && PG_DISABLED) {
      it('skipped because FRONTDESK_TEST_PG=off', { skip: 'FRONTDESK_TEST_PG=off' }, () => undefined);
      return;
    }
    let h: Harness;
    let drop = async () => {};
    before(async () => {
      let databaseUrl: string | undefined;
      if (dialect === 'postgres') ({ url: databaseUrl, drop } = await postgresSchema('jit'));
      h = await startHarness({
        config: JIT_ORG,
        setting: JIT_SETTING,
        now: tickingClock(FIXED_NOW),
        ...(databaseUrl ? { databaseUrl } : {}),
      });
    });
    after(async () => {
      await h.close();
      await drop();
    });

    it('all succeed, and exactly one User, Contact and Account exist', async () => {
      assert.equal(h.app.store.dialect, dialect);
      const attributes = personAt('rush', 'RUSH-1', { 'User.Title': 'Racer' });
      // Signed first, so the requests really are in flight together.
      const responses = Array.from({ length: CONCURRENT_LOGINS }, () => jitResponse('fed-rush', attributes));
      const before = await counts(h.app.store);
      const results = await Promise.all(
        responses.map(async (response) => {
          const res = await h.postAcs(response);
          await res.arrayBuffer();
          return res.status;
        }),
      );
      assert.deepEqual(results, Array(CONCURRENT_LOGINS).fill(302));
      const after = await counts(h.app.store);
      assert.deepEqual(
        {
          users: after.users - before.users,
          contacts: after.contacts - before.contacts,
          accounts: after.accounts - before.accounts,
        },
        { users: 1, contacts: 1, accounts: 1 },
      );
      const history = await h.app.store.loginHistory.list({ limit: 1000 });
      assert.equal(history.length, CONCURRENT_LOGINS);
      assert.ok(history.every((e) => e.status === 'Success'));
      assert.equal(
        history.filter((e) => e.jitAction === 'created').length,
        1,
        'one login created, the rest matched it',
      );
      const user = await h.app.store.users.findByFederationId('fed-rush');
      assert.ok(history.every((e) => e.userId === user?.id));
      assert.equal(
        after.auditEvents - before.auditEvents,
        3,
        'one create event per record, nothing for the losers',
      );
    });

    it('first logins of different people from one new company create that company once', async () => {
      const people = Array.from({ length: 20 }, (_, i) => `colleague${i}`);
      // Signed first, so the requests really are in flight together.
      const responses = people.map((key) => jitResponse(`fed-${key}`, personAt(key, 'SHARED-CO-1')));
      const results = await Promise.all(
        responses.map(async (response) => {
          const res = await h.postAcs(response);
          await res.arrayBuffer();
          return res.status;
        }),
      );
      assert.deepEqual(results, Array(people.length).fill(302));
      const accounts = await h.app.store.accounts.findByAccountNumber('SHARED-CO-1');
      assert.equal(accounts.length, 1, 'one Account for the company, not one per racing login');
      for (const key of people) {
        const user = await h.app.store.users.findByFederationId(`fed-${key}`);
        const contact = user?.contactId ? await h.app.store.contacts.findById(user.contactId) : null;
        assert.equal(contact?.accountId, accounts[0]!.id, key);
      }
    });
  });
}
