import type { IdentityLocation, SignatureRequirement } from '../saml/types.js';
import type { EmailEncodingKey, LanguageLocaleKey, LocaleSidKey } from './locales.js';
import type { Permission } from './permissions.js';

/*
 * The validated configuration. Every default is filled in, every reference checked, every
 * certificate read and parsed, every derived value computed; the object is deeply frozen.
 */

/** HTTP server settings. */
export interface ServerConfig {
  readonly host: string;
  /** 0 lets the operating system pick a free port. */
  readonly port: number;
  readonly trustProxy: boolean;
  readonly maxBodyBytes: number;
  /** Worker threads verifying SAML Responses; `auto` is one per CPU beyond the first, at most 4. */
  readonly verifierThreads: number | 'auto';
}

export interface DatabaseConfig {
  /** `sqlite:<path>` or `postgres://…`. */
  readonly url: string;
}

/** Values JIT gives a new user when the assertion does not carry them. */
export interface OrgDefaults {
  readonly timeZoneSidKey: string;
  readonly localeSidKey: LocaleSidKey;
  readonly languageLocaleKey: LanguageLocaleKey;
  readonly emailEncodingKey: EmailEncodingKey;
}

export interface OrgConfig {
  readonly name: string;
  readonly defaults: OrgDefaults;
}

export interface ProfileConfig {
  readonly name: string;
  readonly permissions: readonly Permission[];
}

export interface RoleConfig {
  readonly name: string;
  /** Name of a declared role; the hierarchy has no cycles. */
  readonly parentRole?: string;
}

export interface CustomFieldConfig {
  /** API name ending in `__c`. */
  readonly name: string;
  /** Given, or derived from the name. */
  readonly label: string;
  readonly maxLength: number;
}

/** The objects that may carry custom fields. */
export type CustomFieldObject = 'User' | 'Contact' | 'Account';

export type CustomFieldsConfig = { readonly [Object in CustomFieldObject]: readonly CustomFieldConfig[] };

/** A user created when the configuration is applied. */
export interface SeedUserConfig {
  readonly username: string;
  readonly email: string;
  readonly lastName: string;
  readonly firstName?: string;
  /** Name of a declared profile. */
  readonly profile: string;
  /** Name of a declared role. */
  readonly role?: string;
  readonly federationIdentifier?: string;
}

/** What JIT may do, common to both provisioning types. */
interface JitCommon {
  readonly enabled: boolean;
  /** Profile names JIT may assign; always explicit after loading. */
  readonly allowedProfiles: readonly string[];
  /** Role names JIT may assign; always explicit after loading. */
  readonly allowedRoles: readonly string[];
}

export interface StandardJitConfig extends JitCommon {
  readonly type: 'standard';
}

export interface CustomJitConfig extends JitCommon {
  readonly type: 'custom';
  /**
   * The handler module: an absolute file path (a relative path in the file is resolved
   * against the configuration file's directory and checked to exist) or a package name.
   */
  readonly handler: string;
  /** Username of a seed user whose profile holds ManageUsers. */
  readonly executeHandlerAs: string;
}

/** Just-in-time provisioning. When `enabled`, the setting's identity type is `FederationId`. */
export type JitConfig = StandardJitConfig | CustomJitConfig;

/** URLs generated for a setting from `baseUrl` and its API name. */
export interface SsoEndpoints {
  /** Assertion Consumer Service: where the IdP posts the SAMLResponse. */
  readonly acsUrl: string;
  /** SP-initiated login. */
  readonly loginUrl: string;
  readonly logoutUrl: string;
  readonly metadataUrl: string;
  /** OAuth 2.0 token endpoint for the SAML 2.0 bearer assertion grant (RFC 7522). */
  readonly tokenUrl: string;
}

export type IdentityType = 'Username' | 'FederationId' | 'UserId';

/** One SAML SSO setting, ready to use. */
export interface SsoSettingConfig {
  readonly name: string;
  readonly apiName: string;
  readonly idpIssuer: string;
  /** Trusted IdP certificates as PEM, read from files where the configuration said `file:`. */
  readonly idpCertificates: readonly string[];
  readonly spEntityId: string;
  readonly identityType: IdentityType;
  readonly identityLocation: IdentityLocation;
  readonly requestBinding: 'HTTP-Redirect' | 'HTTP-POST';
  readonly idpLoginUrl?: string;
  readonly idpLogoutUrl?: string;
  readonly signRequests: boolean;
  /** PKCS#8 PEM. Present whenever `signRequests` is true. Secret: never log or serialize. */
  readonly requestSigningKey?: string;
  /** PEM; when given, it matches `requestSigningKey`. */
  readonly requestSigningCertificate?: string;
  /** PKCS#8 PEM. Secret: never log or serialize. */
  readonly decryptionKey?: string;
  readonly customErrorUrl?: string;
  readonly allowUnsolicited: boolean;
  readonly allowSha1: boolean;
  readonly clockSkewSeconds: number;
  readonly signatureRequirement: SignatureRequirement;
  readonly sessionHours: number;
  readonly jit: JitConfig;
  /** Derived from `baseUrl` and `apiName`. */
  readonly endpoints: SsoEndpoints;
  /** Derived from `server.maxBodyBytes`: the largest SAMLResponse the ACS accepts. */
  readonly maxResponseBytes: number;
}

/**
 * The whole validated configuration, as returned by `parseConfig` and `loadConfig`.
 *
 * @example
 * const config = await loadConfig();
 * console.log(config.ssoSettings.map((s) => s.endpoints.acsUrl));
 */
export interface FrontdeskConfig {
  /** Public URL of this server, without a trailing slash. */
  readonly baseUrl: string;
  readonly server: ServerConfig;
  readonly database: DatabaseConfig;
  readonly org: OrgConfig;
  readonly profiles: readonly ProfileConfig[];
  readonly roles: readonly RoleConfig[];
  readonly customFields: CustomFieldsConfig;
  readonly users: readonly SeedUserConfig[];
  readonly ssoSettings: readonly SsoSettingConfig[];
}
