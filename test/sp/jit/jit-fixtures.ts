/**
 * Shared fixtures for the JIT tests: an org with profiles, roles and custom fields, a setting
 * with standard JIT on, and helpers that log in through the real ACS and check what was written.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Store } from '../../../src/store/index.js';
import type { LoginHistoryEntry } from '../../../src/store/types.js';
import { signedResponse, type Harness } from '../../support/frontdesk-harness.js';
import type { AttributeSpec } from '../../support/response-builder.js';

/** Profiles, roles, custom fields, org defaults and one seeded administrator. */
export const JIT_ORG = {
  org: {
    name: 'Acme',
    defaults: {
      timeZoneSidKey: 'Europe/Paris',
      localeSidKey: 'fr_FR',
      languageLocaleKey: 'fr',
      emailEncodingKey: 'UTF-8',
    },
  },
  profiles: [
    {
      name: 'System Administrator',
      permissions: [
        'ViewSetup',
        'CustomizeApplication',
        'ModifyAllData',
        'MonitorLoginHistory',
        'ManageUsers',
        'ApiEnabled',
      ],
    },
    { name: 'Standard User', permissions: [] },
    { name: 'Sales User', permissions: ['ApiEnabled'] },
    { name: 'Auditor', permissions: ['ViewSetup', 'MonitorLoginHistory'] },
  ],
  roles: [
    { name: 'CEO' },
    { name: 'Sales Rep', parentRole: 'CEO' },
    { name: 'Support Agent', parentRole: 'CEO' },
  ],
  customFields: {
    User: [{ name: 'Badge_Id__c', maxLength: 10 }],
    Contact: [{ name: 'Preferred_Channel__c', maxLength: 20 }],
    Account: [{ name: 'Region__c', maxLength: 20 }],
  },
  users: [
    {
      username: 'admin@acme.test',
      email: 'admin@acme.test',
      lastName: 'Admin',
      firstName: 'Ada',
      profile: 'System Administrator',
      role: 'CEO',
    },
    {
      username: 'root@acme.test',
      email: 'root@acme.test',
      lastName: 'Root',
      profile: 'System Administrator',
      federationIdentifier: 'fed-root',
    },
  ],
};

/** Standard JIT on; Auditor and System Administrator are not assignable, nor is the CEO role. */
export const JIT_SETTING = {
  jit: {
    enabled: true,
    type: 'standard',
    allowedProfiles: ['Standard User', 'Sales User'],
    allowedRoles: ['Sales Rep', 'Support Agent'],
  },
};

let counter = 0;
/** A fresh assertion id: replay protection is on. */
export function assertionId(label = 'jit'): string {
  return `_${label}-${++counter}-${Math.random().toString(36).slice(2)}`;
}

/** Attribute name → one value, several values, or none (an Attribute element without values). */
export type Attributes = Record<string, string | string[]>;

export function toSpecs(attributes: Attributes): AttributeSpec[] {
  return Object.entries(attributes).map(([name, value]) => ({
    name,
    values: Array.isArray(value) ? value : [value],
  }));
}

/** The four fields a first login must carry, for a person named by `key`. */
export function newUserAttributes(key: string, extra: Attributes = {}): Attributes {
  return {
    'User.Username': `${key}@sp.acme.test`,
    'User.Email': `${key}@mail.acme.test`,
    'User.LastName': `Last-${key}`,
    'User.ProfileId': 'Standard User',
    ...extra,
  };
}

/** A new person who also names a Contact (by email) and an Account (by number): the full chain. */
export function personAt(key: string, accountNumber: string, extra: Attributes = {}): Attributes {
  return newUserAttributes(key, {
    'Contact.Email': `${key}@contact.acme.test`,
    'Contact.LastName': `Contact-${key}`,
    'Account.AccountNumber': accountNumber,
    'Account.Name': `Company ${accountNumber}`,
    ...extra,
  });
}

/** A signed response for `subject` carrying `attributes`. */
export function jitResponse(subject: string, attributes: Attributes): string {
  return signedResponse({ assertionId: assertionId(), nameId: subject, attributes: toSpecs(attributes) });
}

export interface LoginResult {
  status: number;
  entry: LoginHistoryEntry;
}

/** One login through the real ACS; returns the HTTP status and its login-history entry. */
export async function login(h: Harness, subject: string, attributes: Attributes): Promise<LoginResult> {
  const res = await h.postAcs(jitResponse(subject, attributes));
  await res.arrayBuffer();
  const [entry] = await h.app.store.loginHistory.list({ limit: 1 });
  assert.ok(entry, 'a login-history entry was written');
  return { status: res.status, entry };
}

export interface RecordCounts {
  users: number;
  contacts: number;
  accounts: number;
  auditEvents: number;
}

/** How many Users, Contacts, Accounts and audit events the store holds. */
export async function counts(store: Store): Promise<RecordCounts> {
  const count = async (table: 'users' | 'contacts' | 'accounts' | 'audit_events') => {
    const row = await store.db
      .selectFrom(table)
      .select(sql<string | number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    users: await count('users'),
    contacts: await count('contacts'),
    accounts: await count('accounts'),
    auditEvents: await count('audit_events'),
  };
}

/**
 * Logs in and asserts the ACS refused it with `code`, recorded as a JIT failure in the login
 * history, and that no User, Contact, Account or audit event was written.
 */
export async function expectRefused(
  h: Harness,
  subject: string,
  attributes: Attributes,
  code: string,
): Promise<LoginHistoryEntry> {
  const before = await counts(h.app.store);
  const { status, entry } = await login(h, subject, attributes);
  assert.equal(status, 403, `${code}: refused`);
  assert.equal(entry.errorCode, code, `${code}: ${entry.status}`);
  if (code.startsWith('JIT_')) assert.match(entry.status, /^Failed: JIT provisioning error: /);
  assert.equal(entry.jitAction, 'none');
  assert.deepEqual(entry.recordsTouched, []);
  assert.equal(entry.userId, null);
  assert.deepEqual(await counts(h.app.store), before, `${code}: nothing partial was written`);
  return entry;
}

/** Logs in and asserts success (302) with the JIT action recorded. */
export async function expectSignedIn(
  h: Harness,
  subject: string,
  attributes: Attributes,
  jitAction: 'created' | 'updated' | 'none',
): Promise<LoginHistoryEntry> {
  const { status, entry } = await login(h, subject, attributes);
  assert.equal(status, 302, `signed in: ${entry.status}`);
  assert.equal(entry.status, 'Success');
  assert.equal(entry.jitAction, jitAction);
  return entry;
}
