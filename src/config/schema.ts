import * as z from 'zod';
import { CONFIG_DEFAULTS, defaultProfiles } from './defaults.js';
import {
  EMAIL_ENCODING_KEYS,
  LANGUAGE_LOCALE_KEYS,
  LOCALE_SID_KEYS,
  canonicalTimeZone,
  isTimeZoneSidKey,
} from './locales.js';
import { PERMISSIONS } from './permissions.js';

/*
 * The shape of the configuration file. This schema checks each value on its own (types,
 * ranges, patterns, unknown keys); rules that relate values to each other or read files are
 * applied afterwards, in resolve-config.ts. The JSON Schema in docs/ is generated from here,
 * so every key carries its description.
 */

/** Custom field API names: a letter, then letters, digits or underscores, ending in `__c`. */
export const CUSTOM_FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*__c$/;
/** Database URLs Frontdesk can open: an SQLite file or a PostgreSQL server. */
export const DATABASE_URL_PATTERN = /^(sqlite:.+|postgres(ql)?:\/\/.+)$/;
/** SSO setting API names, which appear in endpoint URLs. */
export const API_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

const untrimmed = (value: string): boolean => value === value.trim();

function label(max: number, description: string) {
  return z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(untrimmed, { error: 'must not start or end with whitespace' })
    .describe(description);
}

function absoluteUrl(description: string, options: { allowQuery: boolean }) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = urlProblem(value, options.allowQuery);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ format: 'uri', description });
}

function urlProblem(value: string, allowQuery: boolean): string | null {
  if (!untrimmed(value) || /\s/.test(value)) return 'must not contain whitespace';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute http:// or https:// URL, got ${JSON.stringify(value)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be an absolute http:// or https:// URL, got scheme "${url.protocol}"`;
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.hash !== '' || value.includes('#')) return 'must not contain a fragment (#…)';
  if (!allowQuery && (url.search !== '' || value.includes('?')))
    return 'must not contain a query string (?…)';
  return null;
}

const pemOrFile = (description: string) =>
  z
    .string()
    .min(1, { error: 'must not be empty' })
    .describe(
      `${description} Either the PEM text itself or "file:<path>", relative to the configuration file.`,
    );

const serverSchema = z
  .strictObject({
    host: label(255, 'Interface the HTTP server binds to. Env HOST overrides it.').default(
      CONFIG_DEFAULTS.server.host,
    ),
    port: z
      .int()
      .min(0, { error: 'must be between 0 and 65535' })
      .max(65535, { error: 'must be between 0 and 65535' })
      .default(CONFIG_DEFAULTS.server.port)
      .describe('TCP port; 0 picks a free port. Env PORT overrides it.'),
    trustProxy: z
      .boolean()
      .default(CONFIG_DEFAULTS.server.trustProxy)
      .describe('Believe X-Forwarded-For/-Proto from a reverse proxy. Only behind a proxy you run.'),
    maxBodyBytes: z
      .int()
      .min(1024, { error: 'must be at least 1024' })
      .max(64 * 1024 * 1024, { error: 'must be at most 67108864 (64 MiB)' })
      .default(CONFIG_DEFAULTS.server.maxBodyBytes)
      .describe('Largest accepted request body in bytes; also the largest accepted SAMLResponse.'),
    verifierThreads: z
      .union([
        z.literal('auto'),
        z
          .int()
          .min(0, { error: 'must be "auto" or between 0 and 64' })
          .max(64, { error: 'must be "auto" or between 0 and 64' }),
      ])
      .default(CONFIG_DEFAULTS.server.verifierThreads)
      .describe(
        'Worker threads that verify SAML Responses off the event loop. "auto": one per CPU beyond the first, at most 4; 0 verifies on the event loop.',
      ),
  })
  .describe('HTTP server.');

const databaseSchema = z
  .strictObject({
    url: z
      .string()
      .regex(DATABASE_URL_PATTERN, {
        error: 'must start with "sqlite:" (a file path) or "postgres://"/"postgresql://"',
      })
      .default(CONFIG_DEFAULTS.database.url)
      .describe('sqlite:<file> or postgres://user@host/db. Env FRONTDESK_DATABASE_URL overrides it.'),
  })
  .describe('Storage.');

const timeZoneSchema = z
  .string()
  .superRefine((value, ctx) => {
    if (isTimeZoneSidKey(value)) return;
    const canonical = canonicalTimeZone(value);
    const hint = canonical === null ? '' : ` (did you mean ${JSON.stringify(canonical)}?)`;
    ctx.addIssue({ code: 'custom', message: `unknown time zone ${JSON.stringify(value)}${hint}` });
  })
  .describe('IANA time zone id such as "Europe/Paris", or "UTC".');

const orgSchema = z
  .strictObject({
    name: label(255, 'Display name of the org.').default(CONFIG_DEFAULTS.org.name),
    defaults: z
      .strictObject({
        timeZoneSidKey: timeZoneSchema.default(CONFIG_DEFAULTS.org.defaults.timeZoneSidKey),
        localeSidKey: z
          .enum(LOCALE_SID_KEYS)
          .default(CONFIG_DEFAULTS.org.defaults.localeSidKey)
          .describe('Locale for formats, e.g. en_US.'),
        languageLocaleKey: z
          .enum(LANGUAGE_LOCALE_KEYS)
          .default(CONFIG_DEFAULTS.org.defaults.languageLocaleKey)
          .describe('Language of the user interface, e.g. en_US or de.'),
        emailEncodingKey: z
          .enum(EMAIL_ENCODING_KEYS)
          .default(CONFIG_DEFAULTS.org.defaults.emailEncodingKey)
          .describe('Encoding of outgoing email.'),
      })
      .prefault({})
      .describe('Values JIT gives a new user when the assertion does not carry them.'),
  })
  .describe('The org itself.');

const profileSchema = z.strictObject({
  name: label(80, 'Unique profile name (case-insensitive).'),
  permissions: z.array(z.enum(PERMISSIONS)).describe('Permissions the profile grants.'),
});

const roleSchema = z.strictObject({
  name: label(80, 'Unique role name (case-insensitive).'),
  parentRole: label(80, 'Name of the role above this one in the hierarchy.').optional(),
});

const customFieldSchema = z.strictObject({
  name: z
    .string()
    .regex(CUSTOM_FIELD_NAME_PATTERN, {
      error:
        'must start with a letter, use only letters, digits and _, and end in "__c" (e.g. "Badge_Id__c")',
    })
    .max(43, { error: 'must be at most 43 characters including "__c"' })
    .describe('API name, e.g. "Badge_Id__c"; unique per object (case-insensitive).'),
  label: label(
    80,
    'Label shown in the UI. Default: the name without "__c", underscores as spaces.',
  ).optional(),
  maxLength: z
    .int()
    .min(1, { error: 'must be between 1 and 255' })
    .max(255, { error: 'must be between 1 and 255' })
    .default(CONFIG_DEFAULTS.customField.maxLength)
    .describe('Longest accepted value, in characters.'),
});

const customFieldList = (object: string) =>
  z.array(customFieldSchema).default([]).describe(`Custom text fields of ${object}.`);

const customFieldsSchema = z
  .strictObject({
    User: customFieldList('User'),
    Contact: customFieldList('Contact'),
    Account: customFieldList('Account'),
  })
  .describe('Declared custom fields; JIT refuses attributes naming undeclared ones.');

const userSchema = z.strictObject({
  username: z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(80, { error: 'must be at most 80 characters' })
    .regex(/^\S+$/, { error: 'must not contain whitespace' })
    .describe('Unique username (case-insensitive).'),
  email: z.email({ error: 'must be an email address' }).describe('Email address.'),
  lastName: label(80, 'Last name.'),
  firstName: label(40, 'First name.').optional(),
  profile: label(80, 'Name of a declared profile.'),
  role: label(80, 'Name of a declared role.').optional(),
  federationIdentifier: label(
    512,
    'Federation ID: the subject an IdP sends for this user. Unique.',
  ).optional(),
});

const identityLocationSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('nameid') }).describe('The Subject NameID.'),
      z
        .strictObject({
          kind: z.literal('attribute'),
          name: label(1024, 'Attribute name (case-sensitive).'),
        })
        .describe('A named attribute of the assertion.'),
    ],
    { error: 'must be {"kind": "nameid"} or {"kind": "attribute", "name": "…"}' },
  )
  .default({ kind: 'nameid' })
  .describe('Where the identity is read from.');

const jitSchema = z
  .strictObject({
    enabled: z.boolean().default(CONFIG_DEFAULTS.jit.enabled).describe('User Provisioning Enabled.'),
    type: z
      .enum(['standard', 'custom'])
      .default(CONFIG_DEFAULTS.jit.type)
      .describe('User Provisioning Type: standard attribute rules, or a custom handler.'),
    handler: label(
      1024,
      'Custom handler module: a path (relative to the configuration file) or a package name. Required when type is "custom".',
    ).optional(),
    executeHandlerAs: label(
      80,
      'Username (from users) the handler runs as; its profile must hold ManageUsers. Required when type is "custom".',
    ).optional(),
    allowedProfiles: z
      .array(label(80, 'Profile name.'))
      .optional()
      .describe(
        'Profiles JIT may assign. Default: every profile without ModifyAllData, CustomizeApplication or ManageUsers.',
      ),
    allowedRoles: z
      .array(label(80, 'Role name.'))
      .optional()
      .describe('Roles JIT may assign. Default: all roles.'),
  })
  .describe('Just-in-time user provisioning.');

const ssoSettingSchema = z.strictObject({
  name: label(80, 'Display name.'),
  apiName: z
    .string()
    .regex(API_NAME_PATTERN, { error: 'must start with a letter and use only letters, digits and _' })
    .max(80, { error: 'must be at most 80 characters' })
    .describe('Unique API name (case-insensitive); appears in the endpoint URLs.'),
  idpIssuer: label(1024, 'Expected Issuer (the IdP entity id).'),
  idpCertificates: z
    .array(pemOrFile('Trusted IdP signing certificate (X.509).'))
    .min(1, { error: 'must list at least one certificate' })
    .describe('Trusted IdP certificates; several at once allow rotation.'),
  spEntityId: label(1024, 'Our entity id for this setting: the audience. Unique across settings.'),
  identityType: z
    .enum(['Username', 'FederationId', 'UserId'])
    .describe('How the identity maps to a user. JIT needs "FederationId".'),
  identityLocation: identityLocationSchema,
  requestBinding: z
    .enum(['HTTP-Redirect', 'HTTP-POST'])
    .default(CONFIG_DEFAULTS.ssoSetting.requestBinding)
    .describe('Binding of SP-initiated AuthnRequests.'),
  idpLoginUrl: absoluteUrl('IdP single sign-on URL, for SP-initiated login.', {
    allowQuery: true,
  }).optional(),
  idpLogoutUrl: absoluteUrl('IdP single logout URL.', { allowQuery: true }).optional(),
  signRequests: z
    .boolean()
    .default(CONFIG_DEFAULTS.ssoSetting.signRequests)
    .describe('Sign AuthnRequests; needs requestSigningKey.'),
  requestSigningKey: pemOrFile('Private key that signs AuthnRequests.').optional(),
  requestSigningCertificate: pemOrFile('Certificate of requestSigningKey, published in metadata.').optional(),
  decryptionKey: pemOrFile('Private key for encrypted assertions.').optional(),
  customErrorUrl: z
    .string()
    .superRefine((value, ctx) => {
      if (value.startsWith('/') && !value.startsWith('//') && !/\s/.test(value)) return;
      const problem = urlProblem(value, true);
      if (problem !== null)
        ctx.addIssue({ code: 'custom', message: `${problem}, or a path starting with "/"` });
    })
    .optional()
    .describe('Where failed logins are sent: an absolute URL or a path on this server.'),
  allowUnsolicited: z
    .boolean()
    .default(CONFIG_DEFAULTS.ssoSetting.allowUnsolicited)
    .describe('Accept IdP-initiated responses (no InResponseTo).'),
  allowSha1: z
    .boolean()
    .default(CONFIG_DEFAULTS.ssoSetting.allowSha1)
    .describe('Accept SHA-1 signatures and digests. Leave off unless the IdP cannot do better.'),
  clockSkewSeconds: z
    .int()
    .min(0, { error: 'must be between 0 and 300' })
    .max(300, { error: 'must be between 0 and 300' })
    .default(CONFIG_DEFAULTS.ssoSetting.clockSkewSeconds)
    .describe('Tolerated clock difference with the IdP, seconds.'),
  signatureRequirement: z
    .enum(['assertion', 'response', 'either', 'both'])
    .default(CONFIG_DEFAULTS.ssoSetting.signatureRequirement)
    .describe('Which elements must be signed.'),
  sessionHours: z
    .number()
    .positive({ error: 'must be greater than 0' })
    .max(720, { error: 'must be at most 720 (30 days)' })
    .default(CONFIG_DEFAULTS.ssoSetting.sessionHours)
    .describe('Lifetime of the session a login opens, hours.'),
  jit: jitSchema.prefault({}),
});

/**
 * The zod schema of the configuration file.
 *
 * @example
 * const shape = configFileSchema.safeParse(JSON.parse(text));
 */
export const configFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of config.schema.json, for editors. Ignored.'),
    baseUrl: absoluteUrl(
      'Public URL of this server, without a trailing slash. Default: http://{server.host}:{server.port}.',
      { allowQuery: false },
    ).optional(),
    server: serverSchema.prefault({}),
    database: databaseSchema.prefault({}),
    org: orgSchema.prefault({}),
    profiles: z
      .array(profileSchema)
      .min(1, { error: 'must declare at least one profile' })
      .default(defaultProfiles)
      .describe('Named permission sets.'),
    roles: z.array(roleSchema).default([]).describe('Role hierarchy.'),
    customFields: customFieldsSchema.prefault({}),
    users: z
      .array(userSchema)
      .default([])
      .describe(
        'Users created when the configuration is applied, e.g. the admin and a handler execution user.',
      ),
    ssoSettings: z.array(ssoSettingSchema).default([]).describe('SAML SSO settings.'),
  })
  .meta({
    title: 'Frontdesk configuration',
    description: 'One file declaring the whole org. See docs/configuration.md.',
  });

/** What a configuration file may contain, as TypeScript. */
export type ConfigFileInput = z.input<typeof configFileSchema>;
/** A configuration file after shape checks and defaults, before cross-references are resolved. */
export type ConfigFileShape = z.output<typeof configFileSchema>;
