import { PERMISSIONS, type Permission } from './permissions.js';

/**
 * Built-in defaults: what a key means when the configuration leaves it out. The schema, the
 * documentation and the tests all refer to these values.
 *
 * @example
 * `${CONFIG_DEFAULTS.server.host}:${CONFIG_DEFAULTS.server.port}`; // '127.0.0.1:3000'
 */
export const CONFIG_DEFAULTS = {
  server: {
    host: '127.0.0.1',
    port: 3000,
    trustProxy: false,
    maxBodyBytes: 262_144,
    verifierThreads: 'auto',
  },
  database: { url: 'sqlite:./data/frontdesk.db' },
  org: {
    name: 'Frontdesk',
    defaults: {
      timeZoneSidKey: 'UTC',
      localeSidKey: 'en_US',
      languageLocaleKey: 'en_US',
      emailEncodingKey: 'UTF-8',
    },
  },
  customField: { maxLength: 255 },
  ssoSetting: {
    requestBinding: 'HTTP-Redirect',
    signRequests: false,
    allowUnsolicited: true,
    allowSha1: false,
    clockSkewSeconds: 60,
    signatureRequirement: 'either',
    sessionHours: 8,
  },
  jit: { enabled: false, type: 'standard' },
} as const;

/**
 * Profiles an org gets when the configuration has no `profiles` key.
 *
 * @example
 * defaultProfiles()[0]?.name; // 'System Administrator'
 */
export function defaultProfiles(): Array<{ name: string; permissions: Permission[] }> {
  return [
    { name: 'System Administrator', permissions: [...PERMISSIONS] },
    { name: 'Standard User', permissions: [] },
  ];
}

/** Environment variables that override the file, applied by `loadConfig`. */
export const ENV_OVERRIDES = {
  databaseUrl: 'FRONTDESK_DATABASE_URL',
  port: 'PORT',
  host: 'HOST',
  configPath: 'FRONTDESK_CONFIG',
} as const;

/** The file `loadConfig` reads, relative to the working directory, when no path is given. */
export const DEFAULT_CONFIG_FILE = 'frontdesk.config.json';
