import type { Insertable, Selectable, Updateable } from 'kysely';
import { insertRow, runTemplate, updateById } from '../prepared.js';
import { parseJson } from '../codec.js';
import type { UsersTable } from '../schema.js';
import type { CustomFields, NewUser, PageQuery, User, UserPatch } from '../types.js';
import { clampLimit, clampOffset, copyDefined, toCount, type RepoContext } from './context.js';

/** Plain text columns: camelCase field → snake_case column. Flags, JSON and keys are handled apart. */
const TEXT_COLUMNS = {
  username: 'username',
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  alias: 'alias',
  communityNickname: 'community_nickname',
  federationIdentifier: 'federation_identifier',
  profileId: 'profile_id',
  userRoleId: 'user_role_id',
  title: 'title',
  department: 'department',
  division: 'division',
  companyName: 'company_name',
  employeeNumber: 'employee_number',
  phone: 'phone',
  mobilePhone: 'mobile_phone',
  street: 'street',
  city: 'city',
  state: 'state',
  postalCode: 'postal_code',
  country: 'country',
  timeZoneSidKey: 'time_zone_sid_key',
  localeSidKey: 'locale_sid_key',
  languageLocaleKey: 'language_locale_key',
  emailEncodingKey: 'email_encoding_key',
  contactId: 'contact_id',
} as const satisfies Partial<Record<keyof UserPatch, keyof UsersTable>>;

/**
 * Usernames are unique regardless of ASCII case; this is the key the unique index holds. Only
 * A–Z fold: full Unicode lowercasing maps other characters onto ASCII letters (the Kelvin sign
 * U+212A becomes "k"), which would let `\u212Aate` sign in as `kate`.
 *
 * @example
 * usernameKey('Kate@Example.com'); // 'kate@example.com'
 * usernameKey('\u212Aate') === usernameKey('kate'); // false
 */
export function usernameKey(username: string): string {
  return username.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** Users: the people who sign in. */
export class UsersRepository {
  constructor(private readonly ctx: RepoContext) {}

  async findById(id: string): Promise<User | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'users.findById',
      (db, $) => db.selectFrom('users').selectAll().where('id', '=', $('id')),
      { id },
    );
    return rows[0] ? this.toUser(rows[0]) : null;
  }

  /** Case-insensitive, like the uniqueness rule. */
  async findByUsername(username: string): Promise<User | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'users.findByUsername',
      (db, $) => db.selectFrom('users').selectAll().where('username_key', '=', $('key')),
      { key: usernameKey(username) },
    );
    return rows[0] ? this.toUser(rows[0]) : null;
  }

  /** Case-sensitive: the Federation ID is an opaque identifier chosen by the IdP. */
  async findByFederationId(federationId: string): Promise<User | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'users.findByFederationId',
      (db, $) => db.selectFrom('users').selectAll().where('federation_identifier', '=', $('fid')),
      { fid: federationId },
    );
    return rows[0] ? this.toUser(rows[0]) : null;
  }

  async communityNicknameExists(nickname: string): Promise<boolean> {
    const { rows } = await runTemplate(
      this.ctx,
      'users.communityNicknameExists',
      (db, $) => db.selectFrom('users').select('id').where('community_nickname', '=', $('nickname')),
      { nickname },
    );
    return rows.length > 0;
  }

  /**
   * Inserts a user. Uniqueness (username in any case, federation id, community nickname) is
   * the database's job: a lost race throws an error for which `isUniqueViolation` is true.
   */
  async insert(input: NewUser): Promise<User> {
    const now = this.ctx.now();
    const user: User = {
      id: this.ctx.newId('user'),
      username: input.username,
      email: input.email,
      firstName: input.firstName ?? null,
      lastName: input.lastName,
      alias: input.alias,
      communityNickname: input.communityNickname,
      federationIdentifier: input.federationIdentifier ?? null,
      profileId: input.profileId,
      userRoleId: input.userRoleId ?? null,
      isActive: input.isActive ?? true,
      title: input.title ?? null,
      department: input.department ?? null,
      division: input.division ?? null,
      companyName: input.companyName ?? null,
      employeeNumber: input.employeeNumber ?? null,
      phone: input.phone ?? null,
      mobilePhone: input.mobilePhone ?? null,
      street: input.street ?? null,
      city: input.city ?? null,
      state: input.state ?? null,
      postalCode: input.postalCode ?? null,
      country: input.country ?? null,
      timeZoneSidKey: input.timeZoneSidKey,
      localeSidKey: input.localeSidKey,
      languageLocaleKey: input.languageLocaleKey,
      emailEncodingKey: input.emailEncodingKey,
      contactId: input.contactId ?? null,
      customFields: { ...input.customFields },
      createdAt: now,
      updatedAt: now,
      createdBySsoSetting: input.createdBySsoSetting ?? null,
    };
    const { codec } = this.ctx;
    const ts = codec.ts(now);
    await insertRow(this.ctx, 'users', {
      id: user.id,
      username: user.username,
      username_key: usernameKey(user.username),
      email: user.email,
      first_name: user.firstName,
      last_name: user.lastName,
      alias: user.alias,
      community_nickname: user.communityNickname,
      federation_identifier: user.federationIdentifier,
      profile_id: user.profileId,
      user_role_id: user.userRoleId,
      is_active: codec.bool(user.isActive),
      title: user.title,
      department: user.department,
      division: user.division,
      company_name: user.companyName,
      employee_number: user.employeeNumber,
      phone: user.phone,
      mobile_phone: user.mobilePhone,
      street: user.street,
      city: user.city,
      state: user.state,
      postal_code: user.postalCode,
      country: user.country,
      time_zone_sid_key: user.timeZoneSidKey,
      locale_sid_key: user.localeSidKey,
      language_locale_key: user.languageLocaleKey,
      email_encoding_key: user.emailEncodingKey,
      contact_id: user.contactId,
      custom_fields: JSON.stringify(user.customFields),
      created_at: ts,
      updated_at: ts,
      created_by_sso_setting: user.createdBySsoSetting,
    } satisfies Insertable<UsersTable>);
    return user;
  }

  /**
   * Applies the fields present in `patch` (undefined keys are left alone; `customFields`
   * replaces the whole object) and bumps `updatedAt`. Returns null when no such user exists.
   */
  async update(id: string, patch: UserPatch): Promise<User | null> {
    const values: Updateable<UsersTable> = { updated_at: this.ctx.codec.ts(this.ctx.now()) };
    copyDefined(patch, TEXT_COLUMNS, values as Record<string, unknown>);
    if (patch.username !== undefined) values.username_key = usernameKey(patch.username);
    if (patch.isActive !== undefined) values.is_active = this.ctx.codec.bool(patch.isActive);
    if (patch.customFields !== undefined) values.custom_fields = JSON.stringify(patch.customFields);
    const row = await updateById(this.ctx, 'users', id, values);
    return row ? this.toUser(row) : null;
  }

  async count(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return toCount(row?.n);
  }

  /** One page of users ordered by username (case-insensitively). */
  async list(page: PageQuery = {}): Promise<User[]> {
    const rows = await this.ctx.db
      .selectFrom('users')
      .selectAll()
      .orderBy('username_key')
      .limit(clampLimit(page.limit))
      .offset(clampOffset(page.offset))
      .execute();
    return rows.map((row) => this.toUser(row));
  }

  private toUser(row: Selectable<UsersTable>): User {
    const { codec } = this.ctx;
    return {
      id: row.id,
      username: row.username,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      alias: row.alias,
      communityNickname: row.community_nickname,
      federationIdentifier: row.federation_identifier,
      profileId: row.profile_id,
      userRoleId: row.user_role_id,
      isActive: codec.fromBool(row.is_active),
      title: row.title,
      department: row.department,
      division: row.division,
      companyName: row.company_name,
      employeeNumber: row.employee_number,
      phone: row.phone,
      mobilePhone: row.mobile_phone,
      street: row.street,
      city: row.city,
      state: row.state,
      postalCode: row.postal_code,
      country: row.country,
      timeZoneSidKey: row.time_zone_sid_key,
      localeSidKey: row.locale_sid_key,
      languageLocaleKey: row.language_locale_key,
      emailEncodingKey: row.email_encoding_key,
      contactId: row.contact_id,
      customFields: parseJson<CustomFields>(row.custom_fields, {}),
      createdAt: codec.date(row.created_at),
      updatedAt: codec.date(row.updated_at),
      createdBySsoSetting: row.created_by_sso_setting,
    };
  }
}
