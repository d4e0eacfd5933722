import type { Account, Contact, CustomFields, Profile, Role, User } from '../../../store/types.js';
import { ACCOUNT_FIELDS, CONTACT_FIELDS, USER_FIELDS, type FieldSpec } from '../field-catalog.js';
import type { JitAccount, JitContact, JitProfile, JitRole, JitUser } from './contract.js';

// The catalog maps API names onto store properties both ways, so a handler reads exactly the
// names it writes. Views are frozen copies: mutating one changes nothing in the store.
function view<T>(
  specs: readonly FieldSpec[],
  record: { id: string; customFields: CustomFields } & object,
): Readonly<T> {
  const source = record as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { Id: record.id };
  for (const spec of specs) out[spec.name] = source[spec.property] ?? null;
  for (const [name, value] of Object.entries(record.customFields)) out[name] = value;
  return Object.freeze(out) as Readonly<T>;
}

/** A stored User as a handler reads it. */
export function userView(user: User): JitUser {
  return view<JitUser>(USER_FIELDS, user);
}

/** A stored Contact as a handler reads it. */
export function contactView(contact: Contact): JitContact {
  return view<JitContact>(CONTACT_FIELDS, contact);
}

/** A stored Account as a handler reads it. */
export function accountView(account: Account): JitAccount {
  return view<JitAccount>(ACCOUNT_FIELDS, account);
}

export function profileView(profile: Profile): JitProfile {
  return Object.freeze({
    Id: profile.id,
    Name: profile.name,
    Permissions: Object.freeze([...profile.permissions]),
  });
}

export function roleView(role: Role): JitRole {
  return Object.freeze({ Id: role.id, Name: role.name, ParentRoleId: role.parentRoleId });
}
