import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { storeConformance, type StoreTarget } from './conformance/index.js';

// Each target is its own file in its own temporary directory.
async function fileTarget(): Promise<StoreTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-store-'));
  const url = `sqlite:${join(dir, 'nested', 'frontdesk.db')}`;
  return {
    shared: true,
    processArgs: { url },
    open: (options = {}) => openStore({ ...options, url }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function memoryTarget(): Promise<StoreTarget> {
  return {
    shared: false,
    processArgs: null,
    open: (options = {}) => openStore({ ...options, url: 'sqlite::memory:' }),
    cleanup: async () => undefined,
  };
}

storeConformance('sqlite file', fileTarget, true);
storeConformance('sqlite :memory:', memoryTarget, false);

describe('sqlite settings', () => {
  it('creates the directory and opens in WAL, synchronous=NORMAL, foreign keys on, busy timeout set', async () => {
    const target = await fileTarget();
    const store = await target.open({ busyTimeoutMs: 1234 });
    try {
      const pragma = async (name: string) => {
        const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db);
        return Object.values(rows[0] ?? {})[0];
      };
      assert.equal(store.dialect, 'sqlite');
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('synchronous'), 1);
      assert.equal(await pragma('foreign_keys'), 1);
      assert.equal(await pragma('busy_timeout'), 1234);
    } finally {
      await store.close();
      await target.cleanup();
    }
  });
});
