/**
 * Record types as the rest of Frontdesk sees them: camelCase, `Date` for time, `boolean`
 * for flags, parsed JSON. The snake_case SQL shape lives in `schema.ts` and never leaks.
 */

/** Declared text custom fields of a User, Contact or Account, by API name. */
export type CustomFields = Record<string, string>;

export interface Profile {
  id: string;
  name: string;
  permissions: string[];
}

export interface Role {
  id: string;
  name: string;
  parentRoleId: string | null;
}

export interface User {
  id: string;
  username: string;
  email: string;
  firstName: string | null;
  lastName: string;
  alias: string;
  communityNickname: string;
  federationIdentifier: string | null;
  profileId: string;
  userRoleId: string | null;
  isActive: boolean;
  title: string | null;
  department: string | null;
  division: string | null;
  companyName: string | null;
  employeeNumber: string | null;
  phone: string | null;
  mobilePhone: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  timeZoneSidKey: string;
  localeSidKey: string;
  languageLocaleKey: string;
  emailEncodingKey: string;
  contactId: string | null;
  customFields: CustomFields;
  createdAt: Date;
  updatedAt: Date;
  /** API name of the SSO setting whose JIT created this user; null when created otherwise. */
  createdBySsoSetting: string | null;
}

type Nullable<T> = { [K in keyof T]?: T[K] | null };

/** Fields a new User must carry; the JIT layer fills defaults (alias, nickname, locale keys) first. */
export type NewUser = Pick<
  User,
  | 'username'
  | 'email'
  | 'lastName'
  | 'alias'
  | 'communityNickname'
  | 'profileId'
  | 'timeZoneSidKey'
  | 'localeSidKey'
  | 'languageLocaleKey'
  | 'emailEncodingKey'
> &
  Nullable<
    Pick<
      User,
      | 'firstName'
      | 'federationIdentifier'
      | 'userRoleId'
      | 'title'
      | 'department'
      | 'division'
      | 'companyName'
      | 'employeeNumber'
      | 'phone'
      | 'mobilePhone'
      | 'street'
      | 'city'
      | 'state'
      | 'postalCode'
      | 'country'
      | 'contactId'
      | 'createdBySsoSetting'
    >
  > & { isActive?: boolean; customFields?: CustomFields };

/** Fields a later update may change; absent (or `undefined`) keys are left alone. */
export type UserPatch = Partial<Omit<User, 'id' | 'createdAt' | 'updatedAt' | 'createdBySsoSetting'>>;

export interface Contact {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string;
  phone: string | null;
  mobilePhone: string | null;
  title: string | null;
  department: string | null;
  mailingStreet: string | null;
  mailingCity: string | null;
  mailingState: string | null;
  mailingPostalCode: string | null;
  mailingCountry: string | null;
  accountId: string | null;
  customFields: CustomFields;
  createdAt: Date;
  updatedAt: Date;
}

export type NewContact = Pick<Contact, 'lastName'> &
  Nullable<Omit<Contact, 'id' | 'lastName' | 'customFields' | 'createdAt' | 'updatedAt'>> & {
    customFields?: CustomFields;
  };

export type ContactPatch = Partial<Omit<Contact, 'id' | 'createdAt' | 'updatedAt'>>;

export interface Account {
  id: string;
  name: string;
  accountNumber: string | null;
  phone: string | null;
  website: string | null;
  industry: string | null;
  type: string | null;
  billingStreet: string | null;
  billingCity: string | null;
  billingState: string | null;
  billingPostalCode: string | null;
  billingCountry: string | null;
  description: string | null;
  customFields: CustomFields;
  createdAt: Date;
  updatedAt: Date;
}

export type NewAccount = Pick<Account, 'name'> &
  Nullable<Omit<Account, 'id' | 'name' | 'customFields' | 'createdAt' | 'updatedAt'>> & {
    customFields?: CustomFields;
  };

export type AccountPatch = Partial<Omit<Account, 'id' | 'createdAt' | 'updatedAt'>>;

/** `Success`, or `Failed: <reason>`. */
export type LoginStatus = 'Success' | `Failed: ${string}`;

export type JitAction = 'created' | 'updated' | 'none';

/** One record a login created or changed. */
export interface RecordTouched {
  type: 'User' | 'Contact' | 'Account';
  id: string;
  action: 'created' | 'updated';
}

/** What a failed check expected and what it received (same shape as the core's ErrorDetail). */
export interface LoginErrorDetail {
  check?: string;
  expected?: string;
  received?: string;
}

export interface LoginHistoryEntry {
  id: string;
  createdAt: Date;
  /** API name of the SSO setting; null when the setting could not be determined. */
  ssoSetting: string | null;
  subject: string | null;
  sourceIp: string;
  userAgent: string;
  status: LoginStatus;
  errorCode: string | null;
  errorDetail: LoginErrorDetail;
  jitAction: JitAction;
  recordsTouched: RecordTouched[];
  userId: string | null;
  /** The received assertion, kept for failures only and only until `assertionExpiresAt`. */
  assertion: string | null;
  assertionExpiresAt: Date | null;
  /** Short id the browser is shown ("reference K7Q2M9XD4T"). */
  reference: string;
  relayState: string | null;
}

export type NewLoginHistoryEntry = Pick<LoginHistoryEntry, 'sourceIp' | 'userAgent' | 'status'> &
  Nullable<
    Pick<
      LoginHistoryEntry,
      'ssoSetting' | 'subject' | 'errorCode' | 'userId' | 'assertion' | 'assertionExpiresAt' | 'relayState'
    >
  > & {
    errorDetail?: LoginErrorDetail;
    jitAction?: JitAction;
    recordsTouched?: RecordTouched[];
    /** Defaults to a fresh random reference. */
    reference?: string;
    /** Defaults to the store clock. */
    createdAt?: Date;
  };

export interface LoginHistoryQuery {
  /** At most this many entries, newest first. Default 50, capped at 1,000. */
  limit?: number;
  /** Keyset cursor: entries strictly older than this one (pass the last entry of the previous page). */
  before?: Date | { createdAt: Date; id: string };
  ssoSetting?: string;
  /** `Success` for successes only, `Failed` for every `Failed: …`. */
  status?: 'Success' | 'Failed';
}

export interface OutstandingRequest {
  /** The AuthnRequest ID. */
  id: string;
  ssoSetting: string;
  relayState: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export type NewOutstandingRequest = Pick<OutstandingRequest, 'id' | 'ssoSetting' | 'expiresAt'> & {
  relayState?: string | null;
  createdAt?: Date;
};

export interface Session {
  /** SHA-256 of the token (base64url). The raw token is never stored. */
  id: string;
  userId: string;
  ssoSetting: string | null;
  sessionIndex: string | null;
  nameId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export type NewSession = Pick<Session, 'userId' | 'expiresAt'> &
  Nullable<Pick<Session, 'ssoSetting' | 'sessionIndex' | 'nameId'>>;

/** Field → old and new value, as recorded by an audit event. */
export type AuditDiff = Record<string, { old: unknown; new: unknown }>;

export interface AuditEvent {
  id: string;
  createdAt: Date;
  action: string;
  actor: string | null;
  targetType: string;
  targetId: string;
  loginHistoryId: string | null;
  diff: AuditDiff;
}

export type NewAuditEvent = Pick<AuditEvent, 'action' | 'targetType' | 'targetId'> &
  Nullable<Pick<AuditEvent, 'actor' | 'loginHistoryId'>> & { diff?: AuditDiff; createdAt?: Date };

/** Offset paging for admin lists. */
export interface PageQuery {
  /** Default 50, capped at 1,000. */
  limit?: number;
  offset?: number;
}
