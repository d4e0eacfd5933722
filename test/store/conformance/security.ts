import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { hashSessionToken } from '../../../src/store/index.js';
import { manualClock, someProfile, uniq, userDraft, type SuiteContext } from './context.js';

const MINUTE = 60_000;

/** Replay cache, outstanding AuthnRequests and sessions: the records that guard the door. */
export function securityTests(ctx: SuiteContext): void {
  describe('replay cache', () => {
    it('remembers an id once', async () => {
      const store = ctx.store();
      const id = `_a${uniq()}`;
      const expires = new Date(Date.now() + 5 * MINUTE);
      assert.equal(await store.replayCache.remember(id, 'okta', expires), true);
      assert.equal(await store.replayCache.remember(id, 'okta', expires), false);
      assert.equal(await store.replayCache.remember(id, 'azure', expires), false, 'ids are global');
    });

    it('of 20 concurrent remember() calls with one id, exactly one is true', async () => {
      const store = ctx.store();
      const id = `_c${uniq()}`;
      const expires = new Date(Date.now() + 5 * MINUTE);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.replayCache.remember(id, 'okta', expires)),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('across stores on the same database, exactly one is true', { skip: !ctx.shared }, async () => {
      const stores = await Promise.all([ctx.target().open(), ctx.target().open()]);
      try {
        const id = `_x${uniq()}`;
        const expires = new Date(Date.now() + 5 * MINUTE);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => stores[i % 2]!.replayCache.remember(id, 'okta', expires)),
        );
        assert.equal(results.filter(Boolean).length, 1);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('purges expired entries only', async () => {
      const target = await ctx.freshTarget();
      const store = await target.open();
      try {
        const t0 = Date.parse('2030-01-01T00:00:00Z');
        await store.replayCache.remember('_old', 'okta', new Date(t0));
        await store.replayCache.remember('_new', 'okta', new Date(t0 + MINUTE));
        assert.equal(await store.replayCache.purgeExpired(new Date(t0 - 1)), 0);
        assert.equal(await store.replayCache.purgeExpired(new Date(t0)), 1);
        assert.equal(await store.replayCache.remember('_old', 'okta', new Date(t0 + MINUTE)), true);
        assert.equal(await store.replayCache.remember('_new', 'okta', new Date(t0 + MINUTE)), false);
      } finally {
        await store.close();
        await target.cleanup();
      }
    });
  });

  describe('outstanding requests', () => {
    it('is consumed once, only by its own setting', async () => {
      const clock = manualClock();
      const store = await ctx.target().open({ now: clock.now });
      try {
        const id = `_r${uniq()}`;
        const expiresAt = new Date(clock.now().getTime() + 5 * MINUTE);
        const inserted = await store.outstandingRequests.insert({
          id,
          ssoSetting: 'okta',
          relayState: '/x',
          expiresAt,
        });
        assert.deepEqual(inserted.createdAt, clock.now());
        assert.equal(await store.outstandingRequests.consume(id, 'azure', clock.now()), null);
        assert.deepEqual(await store.outstandingRequests.consume(id, 'okta', clock.now()), inserted);
        assert.equal(await store.outstandingRequests.consume(id, 'okta', clock.now()), null);
      } finally {
        await store.close();
      }
    });

    it('of 10 concurrent consumes exactly one succeeds', async () => {
      const store = ctx.store();
      const id = `_r${uniq()}`;
      await store.outstandingRequests.insert({
        id,
        ssoSetting: 'okta',
        expiresAt: new Date(Date.now() + MINUTE),
      });
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.outstandingRequests.consume(id, 'okta', new Date())),
      );
      assert.equal(results.filter((r) => r !== null).length, 1);
    });

    it('an expired request returns null and is gone', async () => {
      const store = ctx.store();
      const id = `_r${uniq()}`;
      const expiresAt = new Date('2030-01-01T00:05:00Z');
      await store.outstandingRequests.insert({ id, ssoSetting: 'okta', expiresAt });
      assert.equal(await store.outstandingRequests.consume(id, 'okta', expiresAt), null);
      assert.equal(
        await store.outstandingRequests.consume(id, 'okta', new Date('2030-01-01T00:00:00Z')),
        null,
      );
    });

    it('purges expired requests only', async () => {
      const target = await ctx.freshTarget();
      const store = await target.open();
      try {
        const t0 = Date.parse('2030-01-01T00:00:00Z');
        await store.outstandingRequests.insert({ id: '_old', ssoSetting: 'okta', expiresAt: new Date(t0) });
        await store.outstandingRequests.insert({
          id: '_new',
          ssoSetting: 'okta',
          expiresAt: new Date(t0 + MINUTE),
        });
        assert.equal(await store.outstandingRequests.purgeExpired(new Date(t0)), 1);
        assert.ok(await store.outstandingRequests.consume('_new', 'okta', new Date(t0)));
      } finally {
        await store.close();
        await target.cleanup();
      }
    });
  });

  describe('sessions', () => {
    it('hands out the token once and stores only its hash', async () => {
      const clock = manualClock();
      const store = await ctx.target().open({ now: clock.now });
      try {
        const user = await store.users.insert(userDraft(await someProfile(store)));
        const expiresAt = new Date(clock.now().getTime() + 60 * MINUTE);
        const { token, session } = await store.sessions.create({
          userId: user.id,
          ssoSetting: 'okta',
          sessionIndex: '_idx1',
          nameId: 'jdoe',
          expiresAt,
        });
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        assert.equal(session.id, hashSessionToken(token));
        assert.notEqual(session.id, token);
        const stored = await sql<{
          n: number | string;
        }>`select count(*) as n from sessions where id = ${token}`.execute(store.db);
        assert.equal(Number(stored.rows[0]!.n), 0, 'the raw token is never stored');
        assert.deepEqual(await store.sessions.findValid(token, clock.now()), session);
        assert.equal(await store.sessions.findValid(token, expiresAt), null, 'expired at expiresAt');
        assert.equal(await store.sessions.findValid(session.id.slice(0, 42) + 'x', clock.now()), null);
        assert.equal(await store.sessions.findValid('', clock.now()), null);
        assert.equal(await store.sessions.findValid('x'.repeat(10_000), clock.now()), null);
        assert.equal(await store.sessions.delete(token), true);
        assert.equal(await store.sessions.findValid(token, clock.now()), null);
        assert.equal(await store.sessions.delete(token), false);
        assert.equal(await store.sessions.delete('not a token'), false);
      } finally {
        await store.close();
      }
    });

    it('two sessions get different tokens', async () => {
      const store = ctx.store();
      const user = await store.users.insert(userDraft(await someProfile(store)));
      const expiresAt = new Date(Date.now() + MINUTE);
      const a = await store.sessions.create({ userId: user.id, expiresAt });
      const b = await store.sessions.create({ userId: user.id, expiresAt });
      assert.notEqual(a.token, b.token);
      assert.equal(a.session.ssoSetting, null);
    });

    it('ends sessions named by an IdP logout', async () => {
      const store = ctx.store();
      const user = await store.users.insert(userDraft(await someProfile(store)));
      const expiresAt = new Date(Date.now() + MINUTE);
      const nameId = `n${uniq()}`;
      const one = await store.sessions.create({
        userId: user.id,
        ssoSetting: 'okta',
        nameId,
        sessionIndex: 'i1',
        expiresAt,
      });
      const two = await store.sessions.create({
        userId: user.id,
        ssoSetting: 'okta',
        nameId,
        sessionIndex: 'i2',
        expiresAt,
      });
      const other = await store.sessions.create({ userId: user.id, ssoSetting: 'azure', nameId, expiresAt });
      assert.equal(await store.sessions.deleteByNameId('okta', nameId, 'i1'), 1);
      assert.equal(await store.sessions.findValid(one.token, new Date()), null);
      assert.ok(await store.sessions.findValid(two.token, new Date()));
      assert.equal(await store.sessions.deleteByNameId('okta', nameId), 1);
      assert.equal(await store.sessions.findValid(two.token, new Date()), null);
      assert.ok(await store.sessions.findValid(other.token, new Date()));
    });

    it('purges expired sessions only', async () => {
      const target = await ctx.freshTarget();
      const store = await target.open();
      try {
        const user = await store.users.insert(userDraft(await someProfile(store)));
        const t0 = Date.parse('2030-01-01T00:00:00Z');
        await store.sessions.create({ userId: user.id, expiresAt: new Date(t0) });
        const live = await store.sessions.create({ userId: user.id, expiresAt: new Date(t0 + MINUTE) });
        assert.equal(await store.sessions.purgeExpired(new Date(t0)), 1);
        assert.ok(await store.sessions.findValid(live.token, new Date(t0)));
      } finally {
        await store.close();
        await target.cleanup();
      }
    });
  });
}
