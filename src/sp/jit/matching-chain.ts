import { SamlError } from '../../saml/errors.js';
import type { StoreTx } from '../../store/index.js';
import type { Account, Contact } from '../../store/types.js';
import type { MappedAttributes } from './attribute-map.js';
import type { ProvisioningJournal } from './journal.js';
import {
  accountById,
  contactById,
  insertAccount,
  insertContact,
  updateAccount,
  updateContactAndAccount,
} from './related-records.js';
import { quote } from './value-rules.js';

function requireFields(
  code: 'JIT_MISSING_CONTACT_FIELDS' | 'JIT_MISSING_ACCOUNT_FIELDS',
  names: readonly string[],
  values: ReadonlyMap<string, unknown>,
  when: string,
): void {
  const missing = names.filter((name) => {
    const value = values.get(name.slice(name.indexOf('.') + 1));
    return value === undefined || value === null;
  });
  if (missing.length === 0) return;
  throw new SamlError(
    code,
    `${names.join(' and ')} are both required ${when}; missing ${missing.join(', ')}`,
    {
      check: 'jit-chain',
      expected: names.join(', '),
      received: `missing ${missing.join(', ')}`,
    },
  );
}

/** The one record a business key matched, or undefined; several are refused, never guessed between. */
function atMostOne<T extends { id: string }>(
  matches: readonly T[],
  code: 'JIT_AMBIGUOUS_ACCOUNT' | 'JIT_AMBIGUOUS_CONTACT',
  key: string,
  idAttribute: string,
  expected: string,
): T | undefined {
  if (matches.length > 1) {
    const records = code === 'JIT_AMBIGUOUS_ACCOUNT' ? 'accounts' : 'contacts';
    throw new SamlError(
      code,
      `${matches.length} ${records} have ${key}; send ${idAttribute} with the id of the right one`,
      { check: 'jit-chain', expected, received: matches.map((m) => m.id).join(', ') },
    );
  }
  return matches[0];
}

/**
 * Step 3: the Account by `Contact.Account` (id) or else by `Account.AccountNumber` (then
 * `Account.AccountNumber` and `Account.Name` are both required; several matches are refused).
 * A matched Account gets the `Account.*` fields carried, as on any later login. Null: step 4.
 */
async function matchAccount(
  tx: StoreTx,
  journal: ProvisioningJournal,
  mapped: MappedAttributes,
): Promise<Account | null> {
  if (mapped.Contact.fields.has('Account')) {
    const account = await accountById(tx, mapped.Contact.fields.get('Account') ?? null);
    return updateAccount(tx, journal, account, mapped.Account);
  }
  requireFields(
    'JIT_MISSING_ACCOUNT_FIELDS',
    ['Account.AccountNumber', 'Account.Name'],
    mapped.Account.fields,
    'to find or create an Account when Contact.Account is absent',
  );
  const number = mapped.Account.fields.get('AccountNumber') as string;
  // Two first logins from one new company must not both create its Account.
  await tx.serializeOn([`account-number:${number}`]);
  const account = atMostOne(
    await tx.accounts.findByAccountNumber(number),
    'JIT_AMBIGUOUS_ACCOUNT',
    `Account.AccountNumber ${quote(number)}`,
    'Contact.Account',
    'at most one account with this number',
  );
  return account ? updateAccount(tx, journal, account, mapped.Account) : null;
}

/**
 * Steps 2–4 of the matching chain (DESIGN.md §1) for a first login that names a Contact or an
 * Account; returns the Contact the new User links to.
 * 2. Contact by `User.Contact` (id), else by `Contact.Email` (then `Contact.Email` and
 *    `Contact.LastName` are both required; matching uses the email only, case-insensitively;
 *    several contacts with that email are refused) → update it.
 * 3. Else Account (see `matchAccount`) → insert the Contact under it.
 * 4. Else insert the Account, then the Contact.
 */
export async function contactForNewUser(
  tx: StoreTx,
  journal: ProvisioningJournal,
  mapped: MappedAttributes,
): Promise<Contact> {
  if (mapped.User.fields.has('Contact')) {
    const contact = await contactById(tx, mapped.User.fields.get('Contact') ?? null);
    return updateContactAndAccount(tx, journal, contact, mapped);
  }
  requireFields(
    'JIT_MISSING_CONTACT_FIELDS',
    ['Contact.Email', 'Contact.LastName'],
    mapped.Contact.fields,
    'to find or create a Contact when User.Contact is absent',
  );
  const email = mapped.Contact.fields.get('Email') as string;
  await tx.serializeOn([`contact-email:${email.toLowerCase()}`]);
  const existing = atMostOne(
    await tx.contacts.findByEmail(email),
    'JIT_AMBIGUOUS_CONTACT',
    `Contact.Email ${quote(email)}`,
    'User.Contact',
    'at most one contact with this email',
  );
  if (existing) return updateContactAndAccount(tx, journal, existing, mapped);
  const account =
    (await matchAccount(tx, journal, mapped)) ?? (await insertAccount(tx, journal, mapped.Account));
  return insertContact(tx, journal, mapped.Contact, account);
}
