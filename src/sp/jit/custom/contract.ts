/*
 * The public contract of a custom JIT handler (DESIGN.md §1 "Custom JIT handler"). Handler authors
 * import these types (`import type { SamlJitHandler } from 'frontdesk'`); nothing here runs.
 *
 * Records are read and written by field API name, the names standard JIT attributes use after
 * their prefix (`Email` in `User.Email`); declared custom fields (`Badge_Id__c`) sit beside them.
 */

/**
 * Declared custom fields by API name. In a draft or a change set, `null` or `''` clears one;
 * an undeclared name is refused (JIT_UNKNOWN_CUSTOM_FIELD).
 */
export type CustomFieldValues = { [field: `${string}__c`]: string | null | undefined };

/** Standard User fields, by API name, as stored. */
export interface UserFieldValues {
  Username: string;
  Email: string;
  FirstName: string | null;
  LastName: string;
  /** At most 8 characters. */
  Alias: string;
  CommunityNickname: string;
  /** Insert-only: set from the subject on create, never changed afterwards. */
  FederationIdentifier: string | null;
  /** A profile id; drafts and change sets also accept a profile name. */
  ProfileId: string;
  /** A role id; drafts and change sets also accept a role name. */
  UserRoleId: string | null;
  IsActive: boolean;
  Title: string | null;
  Department: string | null;
  Division: string | null;
  CompanyName: string | null;
  EmployeeNumber: string | null;
  Phone: string | null;
  MobilePhone: string | null;
  Street: string | null;
  City: string | null;
  State: string | null;
  PostalCode: string | null;
  Country: string | null;
  TimeZoneSidKey: string;
  LocaleSidKey: string;
  LanguageLocaleKey: string;
  EmailEncodingKey: string;
  /** Id of the user's Contact; set on create only. */
  Contact: string | null;
}

/** Standard Contact fields, by API name, as stored. */
export interface ContactFieldValues {
  Email: string | null;
  FirstName: string | null;
  LastName: string;
  Phone: string | null;
  MobilePhone: string | null;
  Title: string | null;
  Department: string | null;
  MailingStreet: string | null;
  MailingCity: string | null;
  MailingState: string | null;
  MailingPostalCode: string | null;
  MailingCountry: string | null;
  /** Id of the contact's Account. */
  Account: string | null;
}

/** Standard Account fields, by API name, as stored. */
export interface AccountFieldValues {
  Name: string;
  AccountNumber: string | null;
  Phone: string | null;
  Website: string | null;
  Industry: string | null;
  Type: string | null;
  BillingStreet: string | null;
  BillingCity: string | null;
  BillingState: string | null;
  BillingPostalCode: string | null;
  BillingCountry: string | null;
  Description: string | null;
}

type Optional<T> = { [K in keyof T]?: T[K] | null };

/** A User as the handler reads it (a frozen copy). */
export type JitUser = Readonly<{ Id: string } & UserFieldValues & CustomFieldValues>;
/** A Contact as the handler reads it (a frozen copy). */
export type JitContact = Readonly<{ Id: string } & ContactFieldValues & CustomFieldValues>;
/** An Account as the handler reads it (a frozen copy). */
export type JitAccount = Readonly<{ Id: string } & AccountFieldValues & CustomFieldValues>;

/** A profile (named permission set). */
export interface JitProfile {
  readonly Id: string;
  readonly Name: string;
  readonly Permissions: readonly string[];
}

/** A role of the role hierarchy. */
export interface JitRole {
  readonly Id: string;
  readonly Name: string;
  readonly ParentRoleId: string | null;
}

/**
 * The fields of a new User, checked with the same rules as standard JIT: `Username`, `Email`,
 * `LastName` and `ProfileId` are required, values must fit their field (email format, Alias ≤ 8,
 * known locales…), and the profile and role must be ones the setting's guardrail allows. Fields
 * left out get standard JIT's defaults (Alias, CommunityNickname, locale keys from the org).
 * `FederationIdentifier`, when given, must equal the subject; it is set from the subject anyway.
 * @example
 * const draft: UserDraft = { Username: 'ann@acme.example', Email: 'ann@acme.example', LastName: 'Lee', ProfileId: 'Standard User' };
 */
export type UserDraft = Pick<UserFieldValues, 'Username' | 'Email' | 'LastName' | 'ProfileId'> &
  Optional<Omit<UserFieldValues, 'Username' | 'Email' | 'LastName' | 'ProfileId'>> &
  CustomFieldValues;

/**
 * An existing user the handler chose for this identity: it is linked by setting its
 * `FederationIdentifier` to the subject. Refused when the user already has another Federation
 * ID, or holds a profile or role the setting's guardrail does not allow JIT to assign.
 */
export interface UserRef {
  readonly userId: string;
}

/** Changes to a User: only the fields given are written; `null` clears an optional field. */
export type UserChanges = Optional<UserFieldValues> & CustomFieldValues;
/** A new Contact: `LastName` is required; `Account` links it to an existing Account by id. */
export type ContactDraft = Pick<ContactFieldValues, 'LastName'> &
  Optional<Omit<ContactFieldValues, 'LastName'>> &
  CustomFieldValues;
/** Changes to a Contact. */
export type ContactChanges = Optional<ContactFieldValues> & CustomFieldValues;
/** A new Account: `Name` is required. */
export type AccountDraft = Pick<AccountFieldValues, 'Name'> &
  Optional<Omit<AccountFieldValues, 'Name'>> &
  CustomFieldValues;
/** Changes to an Account. */
export type AccountChanges = Optional<AccountFieldValues> & CustomFieldValues;

/** What the handler learns about one login. */
export interface JitInput {
  /** API name of the SAML SSO setting the assertion arrived on. */
  readonly samlSsoProviderId: string;
  /** Not used by Frontdesk (it has no communities); always absent. */
  readonly communityId?: string;
  /** Not used by Frontdesk (it has no portals); always absent. */
  readonly portalId?: string;
  /** The subject: the user's Federation ID. */
  readonly federationId: string;
  /** Attribute name → values, in document order. Names are case-sensitive. Frozen. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** The SAMLResponse as received, base64-encoded (already verified). */
  readonly assertion: string;
}

/**
 * What a handler may do, and nothing more: lookups, and writes to Users, Contacts and Accounts
 * within what a user holding Manage Users may do, checked with standard JIT's value rules and
 * the setting's guardrail. Everything goes through the login transaction: when the handler (or
 * anything after it) fails, every write is rolled back. Each write is recorded in the audit
 * journal with its field diff, the execution user as actor. The context stops working once the
 * handler call has ended (returned, thrown or timed out).
 */
export interface JitContext {
  /** The user the handler runs as (the setting's Execute Handler As). */
  readonly runningUser: { readonly Id: string; readonly Username: string };
  readonly profiles: {
    findById(id: string): Promise<JitProfile | null>;
    /** Exact, case-sensitive name. */
    findByName(name: string): Promise<JitProfile | null>;
  };
  readonly roles: {
    findById(id: string): Promise<JitRole | null>;
    /** Exact, case-sensitive name. */
    findByName(name: string): Promise<JitRole | null>;
  };
  readonly users: {
    findById(id: string): Promise<JitUser | null>;
    /** Case-insensitive, like username uniqueness. */
    findByUsername(username: string): Promise<JitUser | null>;
    /** Case-sensitive. */
    findByFederationId(federationId: string): Promise<JitUser | null>;
    /**
     * Writes the fields given. Allowed on this login's user, and on users whose profile the
     * setting's guardrail allows JIT to assign (never on an administrator JIT could not create).
     * `Username` and `FederationIdentifier` are insert-only; a user's `Contact` cannot change.
     */
    update(userId: string, changes: UserChanges): Promise<JitUser>;
  };
  readonly contacts: {
    findById(id: string): Promise<JitContact | null>;
    /**
     * Every contact with this email (case-insensitive), oldest first. Serializes with other
     * logins deciding on the same email, as standard JIT's matching chain does.
     */
    findByEmail(email: string): Promise<JitContact[]>;
    create(draft: ContactDraft): Promise<JitContact>;
    update(contactId: string, changes: ContactChanges): Promise<JitContact>;
  };
  readonly accounts: {
    findById(id: string): Promise<JitAccount | null>;
    /**
     * Every account with exactly this number, oldest first. Serializes with other logins
     * deciding on the same number, as standard JIT's matching chain does.
     */
    findByAccountNumber(accountNumber: string): Promise<JitAccount[]>;
    create(draft: AccountDraft): Promise<JitAccount>;
    update(accountId: string, changes: AccountChanges): Promise<JitAccount>;
  };
}

/**
 * A custom JIT handler: the default export (or the export named `handler`) of the module a
 * setting's `jit.handler` names. Loaded once at start-up; runs inside the login transaction,
 * as the setting's Execute Handler As user, under a time limit. Throwing refuses the login
 * (JIT_HANDLER_ERROR, with the error's message in the login history) and rolls back every write.
 * @example
 * const handler: SamlJitHandler = {
 *   async createUser(input, org) {
 *     const mail = input.attributes['mail']?.[0];
 *     if (!mail) throw new Error('the IdP sent no mail attribute');
 *     return { Username: mail, Email: mail, LastName: input.attributes['sn']?.[0] ?? mail, ProfileId: 'Standard User' };
 *   },
 *   async updateUser(input, org) {
 *     const title = input.attributes['title']?.[0];
 *     if (title !== undefined) await org.users.update(input.userId, { Title: title });
 *   },
 * };
 */
export interface SamlJitHandler {
  /** First login of this Federation ID: describe the user to create, or name an existing one to link. */
  createUser(input: JitInput, org: JitContext): Promise<UserDraft | UserRef>;
  /** Later logins: bring the user (and anything else) up to date through `org`. */
  updateUser(input: JitInput & { readonly userId: string }, org: JitContext): Promise<void>;
}
