import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { MIGRATION_TABLE, migrationsFor } from '../../../src/store/index.js';
import { manualClock, someProfile, uniq, userDraft, type StoreTarget, type SuiteContext } from './context.js';

const ALL_MIGRATIONS = Object.keys(migrationsFor('sqlite')).sort();
const WORKER = fileURLToPath(new URL('../open-worker.js', import.meta.url));

/** Runs the open-worker in a child process; resolves with the migrations it applied. */
function openInChild(args: { url: string; schema?: string }): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as string[]);
      else reject(new Error(`open-worker exited with ${code}: ${err}`));
    });
  });
}

async function migrationRows(target: StoreTarget): Promise<string[]> {
  const store = await target.open();
  try {
    const { rows } = await sql<{
      name: string;
    }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(store.db);
    return rows.map((r) => r.name);
  } finally {
    await store.close();
  }
}

/** Migrations, transactions, injected ids and clock, value round trips. */
export function lifecycleTests(ctx: SuiteContext): void {
  describe('migrations', () => {
    it('apply on first open and are a no-op afterwards', async () => {
      const target = await ctx.freshTarget();
      try {
        const first = await target.open();
        assert.deepEqual(first.appliedMigrations, ALL_MIGRATIONS);
        await first.close();
        await first.close();
        if (ctx.shared) {
          const second = await target.open();
          assert.deepEqual(second.appliedMigrations, []);
          await second.close();
          assert.deepEqual(await migrationRows(target), ALL_MIGRATIONS);
        }
      } finally {
        await target.cleanup();
      }
    });

    it('are safe when several stores open one database at once', { skip: !ctx.shared }, async () => {
      const target = await ctx.freshTarget();
      try {
        const stores = await Promise.all(Array.from({ length: 4 }, () => target.open()));
        const applied = stores.flatMap((s) => s.appliedMigrations);
        assert.deepEqual(applied.sort(), ALL_MIGRATIONS, 'each migration ran exactly once');
        const profileId = await someProfile(stores[0]!);
        assert.ok(await stores[3]!.profiles.findById(profileId));
        await Promise.all(stores.map((s) => s.close()));
        assert.deepEqual(await migrationRows(target), ALL_MIGRATIONS);
      } finally {
        await target.cleanup();
      }
    });

    it('are safe when several processes open one database at once', { skip: !ctx.shared }, async () => {
      const target = await ctx.freshTarget();
      try {
        const args = target.processArgs!;
        const applied = await Promise.all(Array.from({ length: 3 }, () => openInChild(args)));
        assert.deepEqual(applied.flat().sort(), ALL_MIGRATIONS, 'each migration ran exactly once');
        assert.deepEqual(await migrationRows(target), ALL_MIGRATIONS);
      } finally {
        await target.cleanup();
      }
    });
  });

  describe('transactions', () => {
    it('commit everything when the callback resolves', async () => {
      const store = ctx.store();
      const email = `tx.${uniq()}@example.com`;
      const result = await store.transaction(async (tx) => {
        const account = await tx.accounts.insert({ name: 'Acme' });
        const contact = await tx.contacts.insert({ lastName: 'Doe', email, accountId: account.id });
        assert.deepEqual(await tx.contacts.findById(contact.id), contact, 'reads its own writes');
        return contact.id;
      });
      assert.equal((await store.contacts.findByEmail(email))[0]?.id, result);
    });

    it('roll back everything when the callback throws', async () => {
      const store = ctx.store();
      const email = `rollback.${uniq()}@example.com`;
      let contactId = '';
      await assert.rejects(
        store.transaction(async (tx) => {
          contactId = (await tx.contacts.insert({ lastName: 'Doe', email })).id;
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.contacts.findById(contactId), null);
      assert.deepEqual(await store.contacts.findByEmail(email), []);
    });

    it('roll back after a unique violation, and the store stays usable', async () => {
      const store = ctx.store();
      const profileId = await someProfile(store);
      const existing = await store.users.insert(userDraft(profileId));
      const email = `dup.${uniq()}@example.com`;
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.contacts.insert({ lastName: 'Doe', email });
          await tx.users.insert(userDraft(profileId, { username: existing.username }));
        }),
      );
      assert.deepEqual(await store.contacts.findByEmail(email), []);
      assert.ok(await store.users.findById(existing.id));
    });

    it('with guardTransactions, refuse the store itself inside a transaction body', async () => {
      const store = await ctx.target().open({ guardTransactions: true });
      try {
        const email = `guard.${uniq()}@example.com`;
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.contacts.insert({ lastName: 'In tx', email });
            await store.contacts.insert({ lastName: 'Outside', email });
          }),
          /use the repositories of the `tx` argument/,
        );
        await assert.rejects(
          store.transaction(() => store.transaction(async () => undefined)),
          /use the repositories of the `tx` argument/,
        );
        assert.deepEqual(await store.contacts.findByEmail(email), [], 'the transaction rolled back');
        // Work a body leaves running is no longer inside once the transaction has ended.
        let late: Promise<unknown> = Promise.resolve();
        await store.transaction(async () => {
          late = new Promise((r) => setTimeout(r, 5)).then(() =>
            store.contacts.insert({ lastName: 'Late', email }),
          );
        });
        await late;
        assert.equal((await store.contacts.findByEmail(email)).length, 1);
      } finally {
        await store.close();
      }
    });

    it('do not block plain calls forever: calls made during a transaction run after it', async () => {
      const store = ctx.store();
      const email = `order.${uniq()}@example.com`;
      const tx = store.transaction(async (t) => {
        await t.contacts.insert({ lastName: 'A', email });
        await new Promise((r) => setTimeout(r, 20));
        await t.contacts.insert({ lastName: 'B', email });
      });
      const outside = store.contacts.insert({ lastName: 'C', email });
      await Promise.all([tx, outside]);
      assert.equal((await store.contacts.findByEmail(email)).length, 3);
    });
  });

  describe('values', () => {
    it('uses the injected id generator with the key prefix', async () => {
      let n = 0;
      const store = await ctx
        .target()
        .open({ idGenerator: () => `T${uniq()}${String(n++).padStart(2, '0')}` });
      try {
        const account = await store.accounts.insert({ name: 'Ids' });
        assert.match(account.id, /^001T[0-9a-f]{12}00$/);
        const contact = await store.contacts.insert({ lastName: 'Ids', accountId: account.id });
        assert.match(contact.id, /^003T[0-9a-f]{12}01$/);
      } finally {
        await store.close();
      }
    });

    it('round-trips dates to the millisecond and booleans', async () => {
      const clock = manualClock(new Date('2031-07-04T12:34:56.789Z'));
      const store = await ctx.target().open({ now: clock.now });
      try {
        const user = await store.users.insert(userDraft(await someProfile(store), { isActive: false }));
        const read = await store.users.findById(user.id);
        assert.ok(read?.createdAt instanceof Date);
        assert.equal(read.createdAt.toISOString(), '2031-07-04T12:34:56.789Z');
        assert.equal(read.isActive, false);
        const reactivated = await store.users.update(user.id, { isActive: true });
        assert.equal(reactivated?.isActive, true);
      } finally {
        await store.close();
      }
    });

    it('rejects an invalid date instead of storing garbage', async () => {
      await assert.rejects(
        ctx.store().replayCache.remember(`_d${uniq()}`, 'okta', new Date(NaN)),
        RangeError,
      );
    });
  });
}
