import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openStore } from '../../src/store/index.js';

export const PG_URL = process.env['FRONTDESK_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** PostgreSQL runs are skipped only when this is set; an unreachable server fails them. */
export const PG_DISABLED = process.env['FRONTDESK_TEST_PG'] === 'off';

/**
 * A PostgreSQL URL whose connections use a fresh, migrated schema, so concurrent runs never
 * meet; `drop()` removes it.
 */
export async function postgresSchema(label = 'test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `frontdesk_${label}_${randomBytes(6).toString('hex')}`;
  await (await openStore({ url: PG_URL, schema })).close();
  return {
    url: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => {
      const store = await openStore({ url: PG_URL, schema });
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      } finally {
        await store.close();
      }
    },
  };
}
