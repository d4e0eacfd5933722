import type { Selectable } from 'kysely';
import { parseJson } from '../codec.js';
import type { ProfilesTable } from '../schema.js';
import type { Profile } from '../types.js';
import { runTemplate } from '../prepared.js';
import type { RepoContext } from './context.js';

/** Profiles: named permission sets, seeded from configuration. */
export class ProfilesRepository {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Creates the profile or replaces its permissions, keyed by name (configuration seeding).
   * The id of an existing profile never changes.
   * @example await store.profiles.upsert({ name: 'Standard User', permissions: [] })
   */
  async upsert(input: { name: string; permissions: readonly string[] }): Promise<Profile> {
    const row = await this.ctx.db
      .insertInto('profiles')
      .values({
        id: this.ctx.newId('profile'),
        name: input.name,
        permissions: JSON.stringify(input.permissions),
      })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet((eb) => ({ permissions: eb.ref('excluded.permissions') })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toProfile(row);
  }

  async findById(id: string): Promise<Profile | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'profiles.findById',
      (db, $) => db.selectFrom('profiles').selectAll().where('id', '=', $('id')),
      { id: id },
    );
    return rows[0] ? toProfile(rows[0]) : null;
  }

  /** Exact (case-sensitive) name. */
  async findByName(name: string): Promise<Profile | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'profiles.findByName',
      (db, $) => db.selectFrom('profiles').selectAll().where('name', '=', $('name')),
      { name: name },
    );
    return rows[0] ? toProfile(rows[0]) : null;
  }

  async list(): Promise<Profile[]> {
    const rows = await this.ctx.db.selectFrom('profiles').selectAll().orderBy('name').execute();
    return rows.map(toProfile);
  }
}

function toProfile(row: Selectable<ProfilesTable>): Profile {
  return { id: row.id, name: row.name, permissions: parseJson<string[]>(row.permissions, []) };
}
