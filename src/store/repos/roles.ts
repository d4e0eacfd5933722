import type { Selectable } from 'kysely';
import type { RolesTable } from '../schema.js';
import type { Role } from '../types.js';
import { runTemplate } from '../prepared.js';
import type { RepoContext } from './context.js';

/** Roles: the role hierarchy, seeded from configuration. */
export class RolesRepository {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Creates the role or updates its parent, keyed by name (configuration seeding). Seed
   * parents before children: `parentRoleId` must name an existing role.
   * @example await store.roles.upsert({ name: 'Sales', parentRoleId: ceo.id })
   */
  async upsert(input: { name: string; parentRoleId?: string | null }): Promise<Role> {
    const row = await this.ctx.db
      .insertInto('roles')
      .values({ id: this.ctx.newId('role'), name: input.name, parent_role_id: input.parentRoleId ?? null })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet((eb) => ({ parent_role_id: eb.ref('excluded.parent_role_id') })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRole(row);
  }

  async findById(id: string): Promise<Role | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'roles.findById',
      (db, $) => db.selectFrom('roles').selectAll().where('id', '=', $('id')),
      { id: id },
    );
    return rows[0] ? toRole(rows[0]) : null;
  }

  /** Exact (case-sensitive) name. */
  async findByName(name: string): Promise<Role | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'roles.findByName',
      (db, $) => db.selectFrom('roles').selectAll().where('name', '=', $('name')),
      { name: name },
    );
    return rows[0] ? toRole(rows[0]) : null;
  }

  async list(): Promise<Role[]> {
    const rows = await this.ctx.db.selectFrom('roles').selectAll().orderBy('name').execute();
    return rows.map(toRole);
  }
}

function toRole(row: Selectable<RolesTable>): Role {
  return { id: row.id, name: row.name, parentRoleId: row.parent_role_id };
}
