import { SamlError } from '../../saml/errors.js';
import type { StoreTx } from '../../store/index.js';
import type {
  Account,
  AccountPatch,
  Contact,
  ContactPatch,
  NewAccount,
  NewContact,
} from '../../store/types.js';
import { isEmptySection, type MappedAttributes, type MappedSection } from './attribute-map.js';
import type { ProvisioningJournal } from './journal.js';
import { hasChanges, recordChanges, refuseEmptyRequired } from './record-changes.js';
import { quote, type FieldValue } from './value-rules.js';

/** The Account a `Contact.Account` id names; a missing one is refused, never skipped. */
export async function accountById(tx: StoreTx, id: FieldValue): Promise<Account> {
  const account = typeof id === 'string' ? await tx.accounts.findById(id) : null;
  if (!account) {
    throw new SamlError(
      'JIT_INVALID_ACCOUNT_ID',
      id === null ? 'Contact.Account is empty' : `Contact.Account ${quote(String(id))} names no account`,
      {
        check: 'jit-chain',
        expected: 'the id of an existing Account',
        received: id === null ? '""' : String(id),
      },
    );
  }
  return account;
}

/** The Contact a `User.Contact` id names; a missing one is refused, never skipped. */
export async function contactById(tx: StoreTx, id: FieldValue): Promise<Contact> {
  const contact = typeof id === 'string' ? await tx.contacts.findById(id) : null;
  if (!contact) {
    throw new SamlError(
      'JIT_INVALID_CONTACT_ID',
      id === null ? 'User.Contact is empty' : `User.Contact ${quote(String(id))} names no contact`,
      {
        check: 'jit-chain',
        expected: 'the id of an existing Contact',
        received: id === null ? '""' : String(id),
      },
    );
  }
  return contact;
}

/** Writes the `Account.*` fields the assertion carries onto an existing Account (nothing when nothing differs). */
export async function updateAccount(
  tx: StoreTx,
  journal: ProvisioningJournal,
  account: Account,
  section: MappedSection,
): Promise<Account> {
  refuseEmptyRequired('Account', section.fields);
  const changes = recordChanges('Account', section.fields, section.custom, account);
  if (!hasChanges(changes)) return account;
  const updated = await tx.accounts.update(account.id, changes.patch as AccountPatch);
  journal.record('Account', account.id, 'updated', changes.diff);
  return updated ?? account;
}

/** Inserts an Account from the `Account.*` fields (Name is present: the chain checked it). */
export async function insertAccount(
  tx: StoreTx,
  journal: ProvisioningJournal,
  section: MappedSection,
): Promise<Account> {
  refuseEmptyRequired('Account', section.fields);
  const changes = recordChanges('Account', section.fields, section.custom, null);
  const account = await tx.accounts.insert(changes.patch as NewAccount);
  journal.record('Account', account.id, 'created', changes.diff);
  return account;
}

/** Inserts a Contact from the `Contact.*` fields, linked to `account`. */
export async function insertContact(
  tx: StoreTx,
  journal: ProvisioningJournal,
  section: MappedSection,
  account: Account,
): Promise<Contact> {
  refuseEmptyRequired('Contact', section.fields);
  const fields = new Map(section.fields).set('Account', account.id);
  const changes = recordChanges('Contact', fields, section.custom, null);
  const contact = await tx.contacts.insert(changes.patch as NewContact);
  journal.record('Contact', contact.id, 'created', changes.diff);
  return contact;
}

/**
 * Brings an existing Contact up to date: its `Contact.*` fields (a `Contact.Account` id must
 * name an existing account and re-links the contact), then the `Account.*` fields onto the
 * account it is linked to. With no linked account, `Account.*` has nothing to apply to.
 */
export async function updateContactAndAccount(
  tx: StoreTx,
  journal: ProvisioningJournal,
  contact: Contact,
  mapped: MappedAttributes,
): Promise<Contact> {
  const section = mapped.Contact;
  refuseEmptyRequired('Contact', section.fields);
  let account: Account | null = null;
  if (section.fields.has('Account')) account = await accountById(tx, section.fields.get('Account') ?? null);
  let current = contact;
  const changes = recordChanges('Contact', section.fields, section.custom, contact);
  if (hasChanges(changes)) {
    current = (await tx.contacts.update(contact.id, changes.patch as ContactPatch)) ?? contact;
    journal.record('Contact', contact.id, 'updated', changes.diff);
  }
  if (!isEmptySection(mapped.Account) && current.accountId !== null) {
    account ??= await tx.accounts.findById(current.accountId);
    if (account) await updateAccount(tx, journal, account, mapped.Account);
  }
  return current;
}
