/**
 * Group commit on SQLite: transactions share COMMITs, yet each one still commits or rolls back
 * on its own, and none reports success before its COMMIT is on disk.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { sql } from 'kysely';

import { openStore, type OpenStoreOptions, type Store } from '../../src/store/index.js';

const HOUR = 3600_000;

// Counts the COMMITs every better-sqlite3 connection of this process runs.
let commits = 0;
const databaseProto = Database.prototype as unknown as { exec(this: unknown, source: string): unknown };
const originalExec = databaseProto.exec;

before(() => {
  databaseProto.exec = function (this: unknown, source: string) {
    if (/^\s*commit\s*$/i.test(source)) commits++;
    return originalExec.call(this, source);
  };
});
after(() => {
  databaseProto.exec = originalExec;
});

describe('sqlite group commit', () => {
  let dir: string;
  let file: string;
  let store: Store;

  const open = async (options: Partial<OpenStoreOptions> = {}) => {
    store = await openStore({ url: `sqlite:${file}`, ...options });
    return store;
  };
  /** What another process would see: a separate connection to the file. */
  const replayIdsOnDisk = (): string[] => {
    const other = new Database(file, { readonly: true });
    try {
      return (
        other.prepare('select assertion_id from replay_cache order by assertion_id').all() as Array<{
          assertion_id: string;
        }>
      ).map((r) => r.assertion_id);
    } finally {
      other.close();
    }
  };
  const remember = (tx: Store | Parameters<Parameters<Store['transaction']>[0]>[0], id: string) =>
    tx.replayCache.remember(id, 'example', new Date(Date.now() + HOUR));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-group-commit-'));
    file = join(dir, 'frontdesk.db');
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('transactions waiting for the connection share one COMMIT', async () => {
    await open();
    commits = 0;
    const ids = Array.from({ length: 20 }, (_, i) => `_a${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => store.transaction((tx) => remember(tx, id))));
    assert.equal(commits, 1);
    assert.deepEqual(replayIdsOnDisk(), ids);
  });

  it('a batch is capped at maxMembers', async () => {
    await open({ groupCommit: { maxMembers: 8, maxAgeMs: 60_000 } });
    commits = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.transaction((tx) => remember(tx, `_b${i}`))),
    );
    assert.equal(commits, 3);
  });

  it('maxMembers 1 commits every transaction on its own', async () => {
    await open({ groupCommit: { maxMembers: 1, maxAgeMs: 0 } });
    commits = 0;
    await Promise.all(Array.from({ length: 5 }, (_, i) => store.transaction((tx) => remember(tx, `_c${i}`))));
    assert.equal(commits, 5);
  });

  it('a transaction is on disk when it resolves', async () => {
    await open();
    await store.transaction((tx) => remember(tx, '_durable'));
    assert.deepEqual(replayIdsOnDisk(), ['_durable']);
  });

  it('a transaction that throws inside a batch undoes only its own writes', async () => {
    await open();
    const outcomes = await Promise.allSettled([
      store.transaction((tx) => remember(tx, '_keep1')),
      store.transaction(async (tx) => {
        await remember(tx, '_undone');
        throw new Error('refused half-way');
      }),
      store.transaction((tx) => remember(tx, '_keep2')),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(replayIdsOnDisk(), ['_keep1', '_keep2']);
  });

  it('a later member sees an earlier member’s writes, as after a commit', async () => {
    await open();
    const [, second] = await Promise.all([
      store.transaction((tx) => remember(tx, '_once')),
      store.transaction((tx) => remember(tx, '_once')),
    ]);
    // The replay cache says "already seen" to the second: it read the first's row in the batch.
    assert.equal(second, false);
    assert.deepEqual(replayIdsOnDisk(), ['_once']);
  });

  it('when the COMMIT fails, every member fails and nothing is kept', async () => {
    await open();
    const results = await Promise.allSettled([
      store.transaction((tx) => remember(tx, '_lost1')),
      store.transaction(async (tx) => {
        // A foreign key checked only at COMMIT (deferred): the whole batch's COMMIT fails.
        await sql`pragma defer_foreign_keys = on`.execute(tx.db);
        await sql`insert into contacts (id, account_id, last_name, created_at, updated_at) values ('003x', '001missing', 'L', 0, 0)`.execute(
          tx.db,
        );
      }),
      store.transaction((tx) => remember(tx, '_lost2')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    for (const r of results) assert.match(String((r as PromiseRejectedResult).reason), /group commit failed/);
    assert.deepEqual(replayIdsOnDisk(), []);
    // The connection is usable again.
    assert.equal(await store.transaction((tx) => remember(tx, '_after')), true);
    assert.deepEqual(replayIdsOnDisk(), ['_after']);
  });

  it('statements outside a transaction join the batch and also wait for its COMMIT', async () => {
    await open();
    commits = 0;
    await Promise.all([
      store.transaction((tx) => remember(tx, '_t1')),
      remember(store, '_loose'),
      store.transaction((tx) => remember(tx, '_t2')),
    ]);
    assert.equal(commits, 1);
    assert.deepEqual(replayIdsOnDisk(), ['_loose', '_t1', '_t2']);
  });

  it('close during a transaction commits the finished members, undoes the running one, refuses the queued', async () => {
    await open();
    const finished = store.transaction((tx) => remember(tx, '_done'));
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    const running = store.transaction(async (tx) => {
      await remember(tx, '_partial');
      await paused; // a handler awaiting something while the store closes
      await remember(tx, '_after-close');
    });
    const queued = store.transaction((tx) => remember(tx, '_queued'));
    await new Promise((resolve) => setImmediate(resolve));
    const closing = store.close();
    release();
    const [a, b, c] = await Promise.allSettled([finished, running, queued]);
    await closing;
    assert.equal(a.status, 'fulfilled');
    assert.equal(b.status, 'rejected');
    assert.equal(c.status, 'rejected');
    assert.deepEqual(replayIdsOnDisk(), ['_done']);
  });

  it('when a savepoint cannot be undone on its own, the whole batch is rolled back and fails', async () => {
    await open();
    let failNext = true;
    databaseProto.exec = function (this: unknown, source: string) {
      if (failNext && /^rollback to fd_tx$/i.test(source)) {
        failNext = false;
        throw new Error('injected: cannot roll back to the savepoint');
      }
      if (/^\s*commit\s*$/i.test(source)) commits++;
      return originalExec.call(this, source);
    };
    try {
      const results = await Promise.allSettled([
        store.transaction((tx) => remember(tx, '_before')),
        store.transaction(async (tx) => {
          await remember(tx, '_must-not-survive');
          throw new Error('refused');
        }),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'rejected'],
      );
      assert.match(String((results[0] as PromiseRejectedResult).reason), /rolled back/);
    } finally {
      databaseProto.exec = function (this: unknown, source: string) {
        if (/^\s*commit\s*$/i.test(source)) commits++;
        return originalExec.call(this, source);
      };
    }
    assert.deepEqual(replayIdsOnDisk(), []);
    assert.equal(await store.transaction((tx) => remember(tx, '_next')), true);
    assert.deepEqual(replayIdsOnDisk(), ['_next']);
  });

  it('after SQLite rolls a batch back (disk full), a body that carries on cannot commit anything', async () => {
    await open();
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(store.db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count + 8}`).execute(store.db);
    const results = await Promise.allSettled([
      store.transaction((tx) => remember(tx, '_first')),
      store.transaction(async (tx) => {
        await remember(tx, '_second');
        try {
          for (let i = 0; i < 100; i++) {
            await sql`insert into replay_cache (assertion_id, sso_setting, expires_at) values (hex(randomblob(3000)), 'x', 0)`.execute(
              tx.db,
            );
          }
        } catch {
          // a body that swallows SQLITE_FULL and goes on
        }
        await remember(tx, '_after-full');
      }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /rolled back by SQLite/);
    assert.deepEqual(replayIdsOnDisk(), []);
  });
});
