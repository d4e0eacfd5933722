import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewLoginHistoryEntry } from '../../../src/store/index.js';
import { manualClock, rejection, uniq, type SuiteContext } from './context.js';

const MINUTE = 60_000;

function attempt(overrides: Partial<NewLoginHistoryEntry> = {}): NewLoginHistoryEntry {
  return { sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0', status: 'Success', ...overrides };
}

/** Login history and audit events. */
export function loginTests(ctx: SuiteContext): void {
  describe('login history', () => {
    it('records a success without its assertion and reads it back', async () => {
      const clock = manualClock();
      const store = await ctx.target().open({ now: clock.now });
      try {
        const entry = await store.loginHistory.insert(
          attempt({
            ssoSetting: 'okta',
            subject: 'jdoe',
            jitAction: 'created',
            recordsTouched: [{ type: 'User', id: '005aaaaaaaaaaaaaaa', action: 'created' }],
            assertion: '<Assertion/>',
            assertionExpiresAt: new Date(clock.now().getTime() + MINUTE),
            relayState: '/home',
          }),
        );
        assert.match(entry.id, /^0Ya[0-9A-Za-z]{15}$/);
        assert.match(entry.reference, /^[0-9A-Z]{10}$/);
        assert.equal(entry.assertion, null, 'a success keeps no assertion');
        assert.equal(entry.assertionExpiresAt, null);
        assert.deepEqual(entry.createdAt, clock.now());
        assert.deepEqual(entry.errorDetail, {});
        assert.deepEqual(await store.loginHistory.findById(entry.id), entry);
        assert.deepEqual(await store.loginHistory.findByReference(entry.reference), entry);
        assert.equal(await store.loginHistory.findByReference('ZZZZZZZZZZ'), null);
        assert.equal(await store.loginHistory.findById('0Ya000000000000000'), null);
      } finally {
        await store.close();
      }
    });

    it('keeps a failure with code, detail and assertion', async () => {
      const store = ctx.store();
      const expires = new Date(Date.now() + 7 * 24 * 60 * MINUTE);
      const entry = await store.loginHistory.insert(
        attempt({
          status: 'Failed: Audience Invalid',
          errorCode: 'AUDIENCE_INVALID',
          errorDetail: { check: 'audience', expected: 'https://sp', received: 'https://other' },
          assertion: 'PHNhbWw+',
          assertionExpiresAt: expires,
          reference: `R${uniq().toUpperCase()}`,
        }),
      );
      const read = await store.loginHistory.findById(entry.id);
      assert.deepEqual(read, entry);
      assert.equal(read?.assertion, 'PHNhbWw+');
      assert.deepEqual(read?.assertionExpiresAt, expires);
      assert.equal(read?.jitAction, 'none');
      assert.deepEqual(read?.recordsTouched, []);
    });

    it('refuses a malformed status, an unknown JIT action, a kept assertion without expiry, a duplicate reference', async () => {
      const store = ctx.store();
      await assert.rejects(store.loginHistory.insert(attempt({ status: 'failed' as 'Success' })), TypeError);
      await assert.rejects(store.loginHistory.insert(attempt({ jitAction: 'deleted' as 'none' })), TypeError);
      await assert.rejects(
        store.loginHistory.insert(attempt({ status: 'Failed: x', assertion: 'abc' })),
        TypeError,
      );
      const reference = `D${uniq().toUpperCase()}`;
      await store.loginHistory.insert(attempt({ reference }));
      const err = await rejection(store.loginHistory.insert(attempt({ reference })));
      const { isUniqueViolation } = await import('../../../src/store/index.js');
      assert.equal(isUniqueViolation(err), true);
    });

    it('lists newest first, filtered by setting and status, keyset-paged', async () => {
      const clock = manualClock();
      const target = await ctx.freshTarget();
      const store = await target.open({ now: clock.now });
      try {
        const made = [];
        for (let i = 0; i < 6; i++) {
          clock.advance(MINUTE);
          const failed = i % 2 === 1;
          made.push(
            await store.loginHistory.insert(
              attempt({
                ssoSetting: i < 4 ? 'okta' : 'azure',
                status: failed ? `Failed: reason ${i}` : 'Success',
              }),
            ),
          );
        }
        // Two entries at the very same instant: the keyset cursor must not lose either.
        clock.advance(MINUTE);
        const twinA = await store.loginHistory.insert(attempt({ ssoSetting: 'okta' }));
        const twinB = await store.loginHistory.insert(attempt({ ssoSetting: 'okta' }));
        const all = await store.loginHistory.list();
        assert.equal(all.length, 8);
        for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.createdAt >= all[i]!.createdAt);
        assert.deepEqual(new Set(all.slice(0, 2).map((e) => e.id)), new Set([twinA.id, twinB.id]));

        const okta = await store.loginHistory.list({ ssoSetting: 'okta' });
        assert.equal(okta.length, 6);
        const failed = await store.loginHistory.list({ status: 'Failed' });
        assert.deepEqual(
          failed.map((e) => e.status),
          ['Failed: reason 5', 'Failed: reason 3', 'Failed: reason 1'],
        );
        const oktaSuccess = await store.loginHistory.list({ ssoSetting: 'okta', status: 'Success' });
        assert.equal(oktaSuccess.length, 4);

        const paged = [];
        let page = await store.loginHistory.list({ limit: 3 });
        while (page.length > 0) {
          paged.push(...page);
          const last = page[page.length - 1]!;
          page = await store.loginHistory.list({
            limit: 3,
            before: { createdAt: last.createdAt, id: last.id },
          });
        }
        assert.deepEqual(
          paged.map((e) => e.id),
          all.map((e) => e.id),
        );
        const beforeDate = await store.loginHistory.list({ before: made[2]!.createdAt });
        assert.deepEqual(
          beforeDate.map((e) => e.id),
          [made[1]!.id, made[0]!.id],
        );
        assert.equal((await store.loginHistory.list({ limit: 1 })).length, 1);
      } finally {
        await store.close();
        await target.cleanup();
      }
    });

    it('finds the latest failure still holding its assertion, overall and per setting', async () => {
      const clock = manualClock();
      const target = await ctx.freshTarget();
      const store = await target.open({ now: clock.now });
      try {
        assert.equal(await store.loginHistory.latestFailed(), null);
        const keep = new Date(clock.now().getTime() + 60 * MINUTE);
        clock.advance(MINUTE);
        const oktaFail = await store.loginHistory.insert(
          attempt({ ssoSetting: 'okta', status: 'Failed: x', assertion: 'A1', assertionExpiresAt: keep }),
        );
        clock.advance(MINUTE);
        const azureFail = await store.loginHistory.insert(
          attempt({ ssoSetting: 'azure', status: 'Failed: y', assertion: 'A2', assertionExpiresAt: keep }),
        );
        clock.advance(MINUTE);
        await store.loginHistory.insert(attempt({ ssoSetting: 'okta' }));
        await store.loginHistory.insert(attempt({ ssoSetting: 'okta', status: 'Failed: no assertion' }));
        assert.equal((await store.loginHistory.latestFailed())?.id, azureFail.id);
        assert.equal((await store.loginHistory.latestFailed('okta'))?.id, oktaFail.id);
        assert.equal(await store.loginHistory.latestFailed('nowhere'), null);
      } finally {
        await store.close();
        await target.cleanup();
      }
    });

    it('purges assertions past retention and whole entries past a cutoff', async () => {
      const clock = manualClock();
      const target = await ctx.freshTarget();
      const store = await target.open({ now: clock.now });
      try {
        const t0 = clock.now().getTime();
        const short = await store.loginHistory.insert(
          attempt({ status: 'Failed: a', assertion: 'S', assertionExpiresAt: new Date(t0 + MINUTE) }),
        );
        const long = await store.loginHistory.insert(
          attempt({ status: 'Failed: b', assertion: 'L', assertionExpiresAt: new Date(t0 + 10 * MINUTE) }),
        );
        assert.equal(await store.loginHistory.purgeExpiredAssertions(new Date(t0 + MINUTE - 1)), 0);
        assert.equal(await store.loginHistory.purgeExpiredAssertions(new Date(t0 + MINUTE)), 1);
        const purged = await store.loginHistory.findById(short.id);
        assert.equal(purged?.assertion, null);
        assert.equal(purged?.assertionExpiresAt, null);
        assert.equal(purged?.status, 'Failed: a', 'the entry itself stays');
        assert.equal((await store.loginHistory.findById(long.id))?.assertion, 'L');
        assert.equal(await store.loginHistory.purgeExpiredAssertions(new Date(t0 + MINUTE)), 0);
        assert.equal((await store.loginHistory.latestFailed())?.id, long.id);

        clock.advance(5 * MINUTE);
        const recent = await store.loginHistory.insert(attempt());
        assert.equal(await store.loginHistory.purgeBefore(new Date(t0 + MINUTE)), 2);
        assert.deepEqual(
          (await store.loginHistory.list()).map((e) => e.id),
          [recent.id],
        );
      } finally {
        await store.close();
        await target.cleanup();
      }
    });
  });

  describe('audit events', () => {
    it('inserts one or many and lists them per target and per login', async () => {
      const clock = manualClock();
      const store = await ctx.target().open({ now: clock.now });
      try {
        const userId = `005${uniq()}abc`;
        const login = await store.loginHistory.insert(attempt());
        const first = await store.auditEvents.insert({
          action: 'user.create',
          targetType: 'User',
          targetId: userId,
          loginHistoryId: login.id,
          actor: 'jit:okta',
          diff: { Username: { old: null, new: 'a@b.c' }, IsActive: { old: null, new: true } },
        });
        assert.match(first.id, /^0Au[0-9A-Za-z]{15}$/);
        clock.advance(1000);
        const more = await store.auditEvents.insertMany([
          {
            action: 'user.update',
            targetType: 'User',
            targetId: userId,
            diff: { Title: { old: 'a', new: 'b' } },
          },
          {
            action: 'contact.create',
            targetType: 'Contact',
            targetId: `003${uniq()}abc`,
            loginHistoryId: login.id,
          },
        ]);
        assert.equal(more.length, 2);
        assert.deepEqual(await store.auditEvents.insertMany([]), []);
        assert.deepEqual(await store.auditEvents.listForTarget('User', userId), [first, more[0]]);
        assert.deepEqual(await store.auditEvents.listForLoginHistory(login.id), [first, more[1]]);
        assert.deepEqual(await store.auditEvents.listForTarget('Account', userId), []);
        assert.equal(more[0]!.actor, null);
        assert.deepEqual(more[1]!.diff, {});
      } finally {
        await store.close();
      }
    });
  });
}
