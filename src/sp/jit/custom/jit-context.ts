import type { CustomJitConfig, SsoSettingConfig } from '../../../config/types.js';
import { SamlError } from '../../../saml/errors.js';
import type { StoreTx } from '../../../store/index.js';
import type { NewContact, User } from '../../../store/types.js';
import type { ProvisioningJournal } from '../journal.js';
import { recordChanges } from '../record-changes.js';
import { accountById, insertAccount, updateAccount, updateContactAndAccount } from '../related-records.js';
import type { StandardJitConfig } from '../standard-provisioner.js';
import { updateUser } from '../user-records.js';
import { quote } from '../value-rules.js';
import type { JitContext } from './contract.js';
import { handlerValues, requireOnCreate } from './handler-values.js';
import { accountView, contactView, profileView, roleView, userView } from './record-views.js';

export interface JitContextDeps {
  /** The login transaction, already narrowed and guarded by the handler's window. */
  readonly tx: StoreTx;
  readonly config: StandardJitConfig;
  readonly setting: SsoSettingConfig & { readonly jit: CustomJitConfig };
  readonly journal: ProvisioningJournal;
  readonly runningUser: User;
  /** The user this login is about, once known (updateUser): always writable by the handler. */
  readonly loginUserId: string | null;
}

function text(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  throw new SamlError(
    'JIT_HANDLER_ERROR',
    `${what} takes a string; got ${value === null ? 'null' : typeof value}`,
    {
      check: 'jit-handler',
      expected: 'a string',
      received: value === null ? 'null' : typeof value,
    },
  );
}

function noSuch(
  code: 'JIT_HANDLER_ERROR' | 'JIT_INVALID_CONTACT_ID' | 'JIT_INVALID_ACCOUNT_ID',
  what: string,
  id: string,
) {
  return new SamlError(code, `${what}: no record has id ${quote(id)}`, {
    check: 'jit-handler',
    expected: 'the id of an existing record',
    received: quote(id),
  });
}

/**
 * A user the handler may write: this login's own user, or one not provisioned through another
 * setting whose profile the setting's guardrail lets JIT assign. An assertion must not be able
 * to reach an administrator's record through a handler any more than it can make its bearer one.
 */
async function checkUserWritable(deps: JitContextDeps, user: User): Promise<void> {
  if (user.id === deps.loginUserId) return;
  // A user another setting provisioned is that IdP's to vouch for, and so to update.
  if (user.createdBySsoSetting !== null && user.createdBySsoSetting !== deps.setting.apiName) {
    throw new SamlError(
      'JIT_GUARDRAIL_REFUSED',
      `the JIT handler may not change user ${quote(user.username)}: they were provisioned through SSO setting ${quote(user.createdBySsoSetting)}`,
      {
        check: 'jit-guardrail',
        expected: `a user of setting ${deps.setting.apiName}`,
        received: user.createdBySsoSetting,
      },
    );
  }
  const profile = await deps.tx.profiles.findById(user.profileId);
  const name = profile?.name ?? user.profileId;
  if (deps.setting.jit.allowedProfiles.includes(name)) return;
  throw new SamlError(
    'JIT_GUARDRAIL_REFUSED',
    `the JIT handler may not change user ${quote(user.username)}: their profile ${quote(name)} is not one this setting's JIT may assign`,
    { check: 'jit-guardrail', expected: 'a user whose profile is in jit.allowedProfiles', received: name },
  );
}

/**
 * Builds the `JitContext` a handler call receives. Every write goes through standard JIT's
 * functions (value rules, guardrail, insert-only fields, audit journal), so a handler can do
 * nothing standard JIT could not, only decide differently what to do.
 */
export function createJitContext(deps: JitContextDeps): JitContext {
  const { tx, config, setting, journal } = deps;
  const customFields = config.customFields;
  const userCtx = { tx, config, setting, journal };

  return Object.freeze({
    runningUser: Object.freeze({ Id: deps.runningUser.id, Username: deps.runningUser.username }),
    profiles: Object.freeze({
      async findById(id: string) {
        const profile = await tx.profiles.findById(text(id, 'profiles.findById'));
        return profile && profileView(profile);
      },
      async findByName(name: string) {
        const profile = await tx.profiles.findByName(text(name, 'profiles.findByName'));
        return profile && profileView(profile);
      },
    }),
    roles: Object.freeze({
      async findById(id: string) {
        const role = await tx.roles.findById(text(id, 'roles.findById'));
        return role && roleView(role);
      },
      async findByName(name: string) {
        const role = await tx.roles.findByName(text(name, 'roles.findByName'));
        return role && roleView(role);
      },
    }),
    users: Object.freeze({
      async findById(id: string) {
        const user = await tx.users.findById(text(id, 'users.findById'));
        return user && userView(user);
      },
      async findByUsername(username: string) {
        const user = await tx.users.findByUsername(text(username, 'users.findByUsername'));
        return user && userView(user);
      },
      async findByFederationId(federationId: string) {
        const user = await tx.users.findByFederationId(text(federationId, 'users.findByFederationId'));
        return user && userView(user);
      },
      async update(userId: string, changes: unknown) {
        const id = text(userId, 'users.update');
        const user = await tx.users.findById(id);
        if (!user) throw noSuch('JIT_HANDLER_ERROR', 'users.update', id);
        await checkUserWritable(deps, user);
        const mapped = handlerValues('User', changes, customFields, 'users.update');
        const fields = mapped.User.fields;
        if (
          fields.has('FederationIdentifier') &&
          fields.get('FederationIdentifier') !== user.federationIdentifier
        ) {
          throw new SamlError(
            'JIT_FEDERATION_ID_CHANGE_NOT_ALLOWED',
            `User.FederationIdentifier is insert-only: the user has ${quote(user.federationIdentifier ?? '')}`,
            {
              check: 'jit-insert-only',
              expected: user.federationIdentifier ?? '',
              received: String(fields.get('FederationIdentifier') ?? ''),
            },
          );
        }
        // Standard JIT ignores a link for a user without a Contact; a handler asked for it explicitly.
        if (fields.has('Contact') && (fields.get('Contact') ?? null) !== user.contactId) {
          throw new SamlError(
            'JIT_INVALID_CONTACT_ID',
            "a user's Contact is set when the user is created and cannot change",
            {
              check: 'jit-insert-only',
              expected: user.contactId ?? '(none)',
              received: String(fields.get('Contact') ?? ''),
            },
          );
        }
        return userView(await updateUser(userCtx, mapped, user));
      },
    }),
    contacts: Object.freeze({
      async findById(id: string) {
        const contact = await tx.contacts.findById(text(id, 'contacts.findById'));
        return contact && contactView(contact);
      },
      async findByEmail(email: string) {
        const key = text(email, 'contacts.findByEmail');
        // The same key the matching chain locks: a standard and a custom login cannot both create this contact.
        await tx.serializeOn([`contact-email:${key.toLowerCase()}`]);
        return (await tx.contacts.findByEmail(key)).map(contactView);
      },
      async create(draft: unknown) {
        const mapped = handlerValues('Contact', draft, customFields, 'contacts.create');
        requireOnCreate('Contact', mapped, ['LastName']);
        const fields = new Map(mapped.Contact.fields);
        if ((fields.get('Account') ?? null) !== null) await accountById(tx, fields.get('Account') ?? null);
        const changes = recordChanges('Contact', fields, mapped.Contact.custom, null);
        const contact = await tx.contacts.insert(changes.patch as NewContact);
        journal.record('Contact', contact.id, 'created', changes.diff);
        return contactView(contact);
      },
      async update(contactId: string, changes: unknown) {
        const id = text(contactId, 'contacts.update');
        const contact = await tx.contacts.findById(id);
        if (!contact) throw noSuch('JIT_INVALID_CONTACT_ID', 'contacts.update', id);
        const mapped = handlerValues('Contact', changes, customFields, 'contacts.update');
        return contactView(await updateContactAndAccount(tx, journal, contact, mapped));
      },
    }),
    accounts: Object.freeze({
      async findById(id: string) {
        const account = await tx.accounts.findById(text(id, 'accounts.findById'));
        return account && accountView(account);
      },
      async findByAccountNumber(accountNumber: string) {
        const number = text(accountNumber, 'accounts.findByAccountNumber');
        await tx.serializeOn([`account-number:${number}`]);
        return (await tx.accounts.findByAccountNumber(number)).map(accountView);
      },
      async create(draft: unknown) {
        const mapped = handlerValues('Account', draft, customFields, 'accounts.create');
        requireOnCreate('Account', mapped, ['Name']);
        return accountView(await insertAccount(tx, journal, mapped.Account));
      },
      async update(accountId: string, changes: unknown) {
        const id = text(accountId, 'accounts.update');
        const account = await tx.accounts.findById(id);
        if (!account) throw noSuch('JIT_INVALID_ACCOUNT_ID', 'accounts.update', id);
        const mapped = handlerValues('Account', changes, customFields, 'accounts.update');
        return accountView(await updateAccount(tx, journal, account, mapped.Account));
      },
    }),
  }) as JitContext;
}
