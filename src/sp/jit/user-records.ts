import type { FrontdeskConfig, SsoSettingConfig } from '../../config/types.js';
import { SamlError } from '../../saml/errors.js';
import { usernameKey, type StoreTx } from '../../store/index.js';
import type { NewUser, User, UserPatch } from '../../store/types.js';
import { isEmptySection, type MappedAttributes } from './attribute-map.js';
import { defaultAlias, defaultCommunityNickname, localeDefaults } from './defaults.js';
import { USER_REQUIRED_ON_CREATE } from './field-catalog.js';
import type { ProvisioningJournal } from './journal.js';
import { resolveProfile, resolveRole } from './lookups.js';
import { contactForNewUser } from './matching-chain.js';
import { hasChanges, recordChanges, refuseEmptyRequired } from './record-changes.js';
import { updateContactAndAccount } from './related-records.js';
import { quote, type FieldValue } from './value-rules.js';

/** What user provisioning needs from its surroundings. */
export interface UserProvisioningContext {
  readonly tx: StoreTx;
  readonly config: Pick<FrontdeskConfig, 'org' | 'customFields'>;
  readonly setting: SsoSettingConfig;
  readonly journal: ProvisioningJournal;
}

function duplicate(field: string, value: string): SamlError {
  return new SamlError('JIT_DUPLICATE_VALUE', `${field} ${quote(value)} is already held by another user`, {
    check: 'jit-unique',
    expected: `a ${field} no other user holds`,
    received: value,
  });
}

async function checkNicknameFree(tx: StoreTx, nickname: FieldValue, current: string | null): Promise<void> {
  if (
    typeof nickname === 'string' &&
    nickname !== current &&
    (await tx.users.communityNicknameExists(nickname))
  ) {
    throw duplicate('User.CommunityNickname', nickname);
  }
}

/**
 * A first login: checks the required fields, resolves profile and role (with the guardrail),
 * walks the matching chain when the assertion names a Contact or an Account, and inserts the
 * User with its defaults. Returns `{ raced }` instead when the username turns out to belong to
 * this very Federation ID: a concurrent first login of the same person committed in between,
 * and this login becomes an update of that user.
 */
export async function createUser(
  ctx: UserProvisioningContext,
  mapped: MappedAttributes,
  federationId: string,
): Promise<{ user: User } | { raced: User }> {
  const { tx, setting, journal } = ctx;
  const fields = mapped.User.fields;
  const missing = USER_REQUIRED_ON_CREATE.filter(
    (name) => fields.get(name) === undefined || fields.get(name) === null,
  );
  if (missing.length > 0) {
    const names = missing.map((name) => `User.${name}`);
    throw new SamlError(
      'JIT_MISSING_REQUIRED_FIELD',
      `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} required to create a user`,
      {
        check: 'jit-required',
        expected: USER_REQUIRED_ON_CREATE.map((name) => `User.${name}`).join(', '),
        received: `missing ${names.join(', ')}`,
      },
    );
  }
  refuseEmptyRequired('User', fields);
  const username = fields.get('Username') as string;
  const lastName = fields.get('LastName') as string;
  const firstName = (fields.get('FirstName') as string | null | undefined) ?? null;

  const profileId = await resolveProfile(tx, setting.jit, fields.get('ProfileId') as string, null);
  const roleId = fields.has('UserRoleId')
    ? await resolveRole(tx, setting.jit, (fields.get('UserRoleId') as string | null) ?? null, null)
    : null;
  const holder = await tx.users.findByUsername(username);
  if (holder) {
    if (holder.federationIdentifier === federationId) return { raced: holder };
    throw duplicate('User.Username', username);
  }
  await checkNicknameFree(tx, fields.get('CommunityNickname') ?? null, null);

  const contact = mapped.chainRequested ? await contactForNewUser(tx, journal, mapped) : null;
  const locale = localeDefaults(ctx.config.org.defaults);
  const values = new Map<string, FieldValue>([
    ['Username', username],
    ['Email', fields.get('Email') as string],
    ['FirstName', firstName],
    ['LastName', lastName],
    ['Alias', defaultAlias(firstName, lastName)],
    ['FederationIdentifier', federationId],
    ['IsActive', true],
    ['TimeZoneSidKey', locale.timeZoneSidKey],
    ['LocaleSidKey', locale.localeSidKey],
    ['LanguageLocaleKey', locale.languageLocaleKey],
    ['EmailEncodingKey', locale.emailEncodingKey],
  ]);
  // Sent values win over defaults; lookups and links replace what was sent with ids.
  for (const [name, value] of fields) values.set(name, value);
  values.set('ProfileId', profileId);
  values.set('UserRoleId', roleId);
  values.set('Contact', contact?.id ?? null);
  values.set('FederationIdentifier', federationId);
  if (!values.get('CommunityNickname'))
    values.set('CommunityNickname', await defaultCommunityNickname(tx, username));
  const changes = recordChanges('User', values, mapped.User.custom, null);
  const user = await tx.users.insert({ ...(changes.patch as NewUser), createdBySsoSetting: setting.apiName });
  journal.record('User', user.id, 'created', changes.diff);
  return { user };
}

/**
 * A later login: writes the `User.*` fields carried that differ from the user's (Username and
 * FederationIdentifier are insert-only; the link to a Contact never changes), then the
 * `Contact.*`/`Account.*` fields onto the user's Contact and its Account, when it has them.
 */
export async function updateUser(
  ctx: UserProvisioningContext,
  mapped: MappedAttributes,
  user: User,
): Promise<User> {
  const { tx, setting, journal } = ctx;
  const values = new Map(mapped.User.fields);
  refuseEmptyRequired('User', values);
  const username = values.get('Username');
  if (typeof username === 'string') {
    if (usernameKey(username) !== usernameKey(user.username)) {
      throw new SamlError(
        'JIT_USERNAME_CHANGE_NOT_ALLOWED',
        `User.Username is insert-only: the user is ${quote(user.username)}, the assertion says ${quote(username)}`,
        { check: 'jit-insert-only', expected: user.username, received: username },
      );
    }
    // Same username in another case: unchanged, and not rewritten.
    values.delete('Username');
  }
  values.delete('FederationIdentifier');
  if (values.has('Contact')) {
    const link = values.get('Contact') ?? null;
    if (user.contactId !== null && link !== user.contactId) {
      throw new SamlError(
        'JIT_INVALID_CONTACT_ID',
        `User.Contact ${quote(String(link ?? ''))} is not the user's contact; a user's contact cannot change`,
        { check: 'jit-chain', expected: user.contactId, received: String(link ?? '') },
      );
    }
    values.delete('Contact');
  }
  if (values.has('ProfileId')) {
    values.set(
      'ProfileId',
      await resolveProfile(tx, setting.jit, values.get('ProfileId') as string, user.profileId),
    );
  }
  if (values.has('UserRoleId')) {
    const role = (values.get('UserRoleId') as string | null) ?? null;
    values.set('UserRoleId', await resolveRole(tx, setting.jit, role, user.userRoleId));
  }
  await checkNicknameFree(tx, values.get('CommunityNickname') ?? null, user.communityNickname);

  let current = user;
  const changes = recordChanges('User', values, mapped.User.custom, user);
  if (hasChanges(changes)) {
    current = (await tx.users.update(user.id, changes.patch as UserPatch)) ?? user;
    journal.record('User', user.id, 'updated', changes.diff);
  }
  // A user created without a Contact has none to update: Contact.*/Account.* are then left unused.
  if (user.contactId !== null && !(isEmptySection(mapped.Contact) && isEmptySection(mapped.Account))) {
    const contact = await tx.contacts.findById(user.contactId);
    if (contact) await updateContactAndAccount(tx, journal, contact, mapped);
  }
  return current;
}
