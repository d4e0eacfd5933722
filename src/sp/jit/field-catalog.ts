import type { AccountPatch, ContactPatch, UserPatch } from '../../store/types.js';

/** The records standard JIT writes; also the attribute-name prefixes (`User.Email`). */
export type JitObject = 'User' | 'Contact' | 'Account';

export const JIT_OBJECTS: readonly JitObject[] = ['User', 'Contact', 'Account'];

/**
 * How an attribute value is read and checked. Most fields are plain text; the rest carry a
 * rule a real system enforces (formats, picklists, lookups, links between records).
 */
export type FieldKind =
  | 'text'
  | 'username'
  | 'email'
  | 'alias'
  | 'nickname'
  | 'federationId'
  | 'timeZone'
  | 'locale'
  | 'language'
  | 'emailEncoding'
  | 'boolean'
  | 'profile'
  | 'role'
  | 'contactLink'
  | 'accountLink';

/** One standard field an attribute may name. */
export interface FieldSpec<P extends string = string> {
  /** API name, as it follows the prefix in an attribute name (`Email` in `User.Email`). */
  readonly name: string;
  /** Property of the store record it maps onto. */
  readonly property: P;
  readonly kind: FieldKind;
  /** Longest accepted value, in characters (code points). */
  readonly maxLength: number;
  /** False when the record cannot hold an empty value (an empty attribute cannot clear it). */
  readonly nullable: boolean;
}

type UserProperty = keyof UserPatch & string;
type ContactProperty = keyof ContactPatch & string;
type AccountProperty = keyof AccountPatch & string;

const f = <P extends string>(
  name: string,
  property: P,
  kind: FieldKind,
  maxLength: number,
  nullable = true,
): FieldSpec<P> => ({ name, property, kind, maxLength, nullable });

/**
 * Standard User fields. `Contact` is the link to the user's Contact, by id (matching chain step 2).
 * @example USER_FIELDS.find((f) => f.name === 'Alias')?.maxLength // 8
 */
export const USER_FIELDS: readonly FieldSpec<UserProperty>[] = [
  f('Username', 'username', 'username', 80, false),
  f('Email', 'email', 'email', 128, false),
  f('FirstName', 'firstName', 'text', 40),
  f('LastName', 'lastName', 'text', 80, false),
  f('Alias', 'alias', 'alias', 8, false),
  f('CommunityNickname', 'communityNickname', 'nickname', 40, false),
  f('FederationIdentifier', 'federationIdentifier', 'federationId', 512, false),
  f('ProfileId', 'profileId', 'profile', 80, false),
  f('UserRoleId', 'userRoleId', 'role', 80),
  f('IsActive', 'isActive', 'boolean', 5, false),
  f('Title', 'title', 'text', 80),
  f('Department', 'department', 'text', 80),
  f('Division', 'division', 'text', 80),
  f('CompanyName', 'companyName', 'text', 80),
  f('EmployeeNumber', 'employeeNumber', 'text', 20),
  f('Phone', 'phone', 'text', 40),
  f('MobilePhone', 'mobilePhone', 'text', 40),
  f('Street', 'street', 'text', 255),
  f('City', 'city', 'text', 40),
  f('State', 'state', 'text', 80),
  f('PostalCode', 'postalCode', 'text', 20),
  f('Country', 'country', 'text', 80),
  f('TimeZoneSidKey', 'timeZoneSidKey', 'timeZone', 40, false),
  f('LocaleSidKey', 'localeSidKey', 'locale', 40, false),
  f('LanguageLocaleKey', 'languageLocaleKey', 'language', 40, false),
  f('EmailEncodingKey', 'emailEncodingKey', 'emailEncoding', 40, false),
  f('Contact', 'contactId', 'contactLink', 18),
];

/** Standard Contact fields. `Account` is the link to the contact's Account, by id (chain step 3). */
export const CONTACT_FIELDS: readonly FieldSpec<ContactProperty>[] = [
  f('Email', 'email', 'email', 80),
  f('FirstName', 'firstName', 'text', 40),
  f('LastName', 'lastName', 'text', 80, false),
  f('Phone', 'phone', 'text', 40),
  f('MobilePhone', 'mobilePhone', 'text', 40),
  f('Title', 'title', 'text', 128),
  f('Department', 'department', 'text', 80),
  f('MailingStreet', 'mailingStreet', 'text', 255),
  f('MailingCity', 'mailingCity', 'text', 40),
  f('MailingState', 'mailingState', 'text', 80),
  f('MailingPostalCode', 'mailingPostalCode', 'text', 20),
  f('MailingCountry', 'mailingCountry', 'text', 80),
  f('Account', 'accountId', 'accountLink', 18),
];

/** Standard Account fields. */
export const ACCOUNT_FIELDS: readonly FieldSpec<AccountProperty>[] = [
  f('Name', 'name', 'text', 255, false),
  f('AccountNumber', 'accountNumber', 'text', 40),
  f('Phone', 'phone', 'text', 40),
  f('Website', 'website', 'text', 255),
  f('Industry', 'industry', 'text', 40),
  f('Type', 'type', 'text', 40),
  f('BillingStreet', 'billingStreet', 'text', 255),
  f('BillingCity', 'billingCity', 'text', 40),
  f('BillingState', 'billingState', 'text', 80),
  f('BillingPostalCode', 'billingPostalCode', 'text', 20),
  f('BillingCountry', 'billingCountry', 'text', 80),
  f('Description', 'description', 'text', 32_000),
];

/**
 * The standard fields of each object, by API name.
 * @example FIELDS_BY_OBJECT.Contact.get('Email')?.kind // 'email'
 */
export const FIELDS_BY_OBJECT: { readonly [O in JitObject]: ReadonlyMap<string, FieldSpec> } = {
  User: new Map(USER_FIELDS.map((spec) => [spec.name, spec])),
  Contact: new Map(CONTACT_FIELDS.map((spec) => [spec.name, spec])),
  Account: new Map(ACCOUNT_FIELDS.map((spec) => [spec.name, spec])),
};

/** Fields a first login must carry to create a User (DESIGN.md §1, "Required on create"). */
export const USER_REQUIRED_ON_CREATE = ['Username', 'Email', 'LastName', 'ProfileId'] as const;

/** The suffix every custom field API name ends with. */
export const CUSTOM_FIELD_SUFFIX = '__c';
