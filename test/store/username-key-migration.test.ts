import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { MIGRATION_TABLE, openStore } from '../../src/store/index.js';

describe('migration 0002 recomputes username keys with ASCII-only folding', () => {
  it('finds a user stored under the old Unicode-folded key by the new key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-migration-'));
    const url = `sqlite:${join(dir, 'fd.db')}`;
    try {
      const first = await openStore({ url });
      const profile = await first.profiles.upsert({ name: 'Standard User', permissions: [] });
      const user = await first.users.insert({
        username: 'JOSÉ@example.com',
        email: 'jose@example.com',
        lastName: 'J',
        alias: 'j',
        communityNickname: 'jose',
        profileId: profile.id,
        timeZoneSidKey: 'UTC',
        localeSidKey: 'en_US',
        languageLocaleKey: 'en_US',
        emailEncodingKey: 'UTF-8',
      });
      // Put the row back the way the first release stored it, and forget that 0002 ran.
      await sql`update users set username_key = ${'josé@example.com'} where id = ${user.id}`.execute(
        first.db,
      );
      await sql`delete from ${sql.table(MIGRATION_TABLE)} where name = '0002_ascii_username_keys'`.execute(
        first.db,
      );
      assert.equal(
        await first.users.findByUsername('JOSÉ@example.com'),
        null,
        'the stale key hides the user',
      );
      await first.close();

      const second = await openStore({ url });
      assert.deepEqual(second.appliedMigrations, ['0002_ascii_username_keys']);
      assert.equal((await second.users.findByUsername('josÉ@EXAMPLE.com'))?.id, user.id);
      assert.equal(await second.users.findByUsername('josé@example.com'), null, 'É and é stay distinct');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
