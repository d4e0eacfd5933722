/**
 * The checkpoint thread copies committed WAL frames into the database file on its own: the
 * main file alone (no WAL beside it) holds the rows without the serving connection ever
 * checkpointing.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';

import { openStore, type Store } from '../../src/store/index.js';

const ROWS = 200;

describe('sqlite checkpoint thread', () => {
  let dir: string;
  let file: string;
  let store: Store | null = null;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-checkpoint-'));
    file = join(dir, 'frontdesk.db');
  });
  afterEach(async () => {
    await store?.close();
    store = null;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rows of replay_cache in the main database file alone, as if the WAL were lost. */
  const rowsInMainFile = (): number => {
    const copy = join(dir, `copy-${Date.now()}-${Math.random()}.db`);
    copyFileSync(file, copy);
    const db = new Database(copy, { readonly: true });
    try {
      // Before any checkpoint even the schema is only in the WAL.
      const table = db.prepare("select 1 from sqlite_master where name = 'replay_cache'").get();
      if (table === undefined) return 0;
      return (db.prepare('select count(*) as n from replay_cache').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  // Few enough pages that SQLite's own automatic checkpoint (at 1,000) never runs.
  const writeRows = async (s: Store) => {
    for (let i = 0; i < ROWS; i++) {
      await s.transaction((tx) =>
        tx.replayCache.remember(`_r${i}`, 'example', new Date(Date.now() + 3600_000)),
      );
    }
  };

  it('without it, committed rows stay in the WAL until the serving connection checkpoints', async () => {
    store = await openStore({ url: `sqlite:${file}` });
    await writeRows(store);
    await sleep(150);
    assert.equal(rowsInMainFile(), 0);
  });

  it('with it, committed rows reach the database file within moments', async () => {
    store = await openStore({ url: `sqlite:${file}`, checkpointThread: true });
    await writeRows(store);
    let rows = 0;
    for (let waited = 0; waited < 5_000 && rows < ROWS; waited += 20) {
      await sleep(20);
      rows = rowsInMainFile();
    }
    assert.equal(rows, ROWS);
  });

  it('close stops the thread and leaves a database another connection opens cleanly', async () => {
    store = await openStore({ url: `sqlite:${file}`, checkpointThread: true });
    await writeRows(store);
    await store.close();
    store = null;
    const db = new Database(file, { readonly: true });
    try {
      assert.equal((db.prepare('select count(*) as n from replay_cache').get() as { n: number }).n, ROWS);
    } finally {
      db.close();
    }
  });

  it('an in-memory database runs no thread and still works', async () => {
    store = await openStore({ url: 'sqlite::memory:', checkpointThread: true });
    assert.equal(await store.replayCache.remember('_m', 'example', new Date(Date.now() + 60_000)), true);
  });
});
