import { ConfigError } from './config-error.js';
import { readEnvOverrides } from './env-overrides.js';
import { IssueCollector, checkOrgReferences } from './references.js';
import { configFileSchema, type ConfigFileShape } from './schema.js';
import { resolveSsoSettings } from './sso-settings.js';
import type { CustomFieldConfig, FrontdeskConfig } from './types.js';
import { configErrorMap, toConfigIssues } from './zod-issues.js';

/** Options of {@link parseConfig}. */
export interface ParseConfigOptions {
  /** Directory `file:` paths and relative handler paths are resolved against. Default: the working directory. */
  baseDir?: string;
  /**
   * Environment whose `HOST`, `PORT` and `FRONTDESK_DATABASE_URL` override the file. Omitted:
   * no overrides, so parsing is a pure function of `raw` and the files it names.
   */
  env?: NodeJS.ProcessEnv;
}

/**
 * Validates a configuration value (typically parsed JSON) into a deeply frozen
 * {@link FrontdeskConfig}: defaults filled in, references checked, certificates and keys read
 * and parsed, endpoints derived. Throws {@link ConfigError} listing every problem found.
 *
 * Problems come in two rounds: if the shape is wrong (types, unknown keys, ranges), only those
 * are reported; once the shape is right, references, files and cross-field rules are checked.
 *
 * @example
 * const config = parseConfig({ ssoSettings: [] }, { env: process.env });
 * config.server.port; // 3000, or $PORT
 */
export function parseConfig(raw: unknown, options: ParseConfigOptions = {}): FrontdeskConfig {
  const issues = new IssueCollector();
  const shape = configFileSchema.safeParse(raw, { error: configErrorMap });
  const env = options.env === undefined ? {} : readEnvOverrides(options.env, issues);
  if (!shape.success)
    throw new ConfigError([...toConfigIssues(shape.error, configFileSchema), ...issues.issues]);
  if (issues.issues.length > 0) throw new ConfigError(issues.issues);

  const file = shape.data;
  const server = {
    host: env.host ?? file.server.host,
    port: env.port ?? file.server.port,
    trustProxy: file.server.trustProxy,
    maxBodyBytes: file.server.maxBodyBytes,
    verifierThreads: file.server.verifierThreads,
  };
  const baseUrl =
    file.baseUrl === undefined ? defaultBaseUrl(server.host, server.port) : trimSlashes(file.baseUrl);

  checkOrgReferences(file, issues);
  const ssoSettings = resolveSsoSettings(
    file,
    { baseUrl, baseDir: options.baseDir ?? process.cwd(), maxBodyBytes: server.maxBodyBytes },
    issues,
  );
  if (issues.issues.length > 0) throw new ConfigError(issues.issues);

  return deepFreeze({
    baseUrl,
    server,
    database: { url: env.databaseUrl ?? file.database.url },
    org: { name: file.org.name, defaults: { ...file.org.defaults } },
    profiles: file.profiles.map((profile) => ({ name: profile.name, permissions: [...profile.permissions] })),
    roles: file.roles.map((role) => ({ ...role })),
    customFields: {
      User: file.customFields.User.map(customField),
      Contact: file.customFields.Contact.map(customField),
      Account: file.customFields.Account.map(customField),
    },
    users: file.users.map((user) => ({ ...user })),
    ssoSettings,
  });
}

/** The base URL used when the file has none: this server as reached from the same machine. */
function defaultBaseUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]';
  const name = wildcard ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

function customField(field: ConfigFileShape['customFields']['User'][number]): CustomFieldConfig {
  return {
    name: field.name,
    label: field.label ?? field.name.slice(0, -'__c'.length).replace(/_+/g, ' ').trim(),
    maxLength: field.maxLength,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
