import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/store/index.js';
import { storeConformance, type StoreTarget } from './conformance/index.js';

// PostgreSQL is required unless explicitly switched off: an unreachable server fails the
// run rather than skipping it, so a broken CI database cannot pass silently.
const url = process.env.FRONTDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const disabled = process.env.FRONTDESK_TEST_PG === 'off';

// Every target is a fresh random schema, dropped at cleanup: runs never collide.
async function schemaTarget(): Promise<StoreTarget> {
  const schema = `frontdesk_test_${randomBytes(6).toString('hex')}`;
  return {
    shared: true,
    processArgs: { url, schema },
    open: (options = {}) => openStore({ ...options, url, schema }),
    cleanup: async () => {
      const store = await openStore({ url, schema });
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      } finally {
        await store.close();
      }
    },
  };
}

if (disabled) {
  describe('store conformance: postgres', () => {
    it('skipped because FRONTDESK_TEST_PG=off', { skip: 'FRONTDESK_TEST_PG=off' }, () => undefined);
  });
} else {
  describe('postgres test database', () => {
    it(`is reachable at ${url.replace(/:[^:@/]*@/, ':***@')} (set FRONTDESK_TEST_PG=off to skip)`, async () => {
      const target = await schemaTarget();
      const store = await target.open();
      await store.close();
      await target.cleanup();
    });

    it('refuses a schema name that would need quoting', async () => {
      await assert.rejects(openStore({ url, schema: 'Bad-Name' }), TypeError);
      await assert.rejects(openStore({ url, schema: 'x; drop table users' }), TypeError);
    });
  });
  storeConformance('postgres', schemaTarget, true);
}
