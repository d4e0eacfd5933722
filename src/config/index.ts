/**
 * Configuration as code: one JSON file declares the org; `loadConfig` turns it into a typed,
 * validated, frozen {@link FrontdeskConfig}.
 */
export { ConfigError, formatPath, type ConfigIssue } from './config-error.js';
export { CONFIG_DEFAULTS, DEFAULT_CONFIG_FILE, ENV_OVERRIDES, defaultProfiles } from './defaults.js';
export { loadConfig, type LoadConfigOptions } from './load-config.js';
export * from './locales.js';
export { parseConfig, type ParseConfigOptions } from './parse-config.js';
export { parseJsonText } from './json-text.js';
export {
  ADMINISTRATIVE_PERMISSIONS,
  PERMISSIONS,
  isAdministrativeProfile,
  type Permission,
} from './permissions.js';
export {
  API_NAME_PATTERN,
  CUSTOM_FIELD_NAME_PATTERN,
  DATABASE_URL_PATTERN,
  configFileSchema,
  type ConfigFileInput,
} from './schema.js';
export { JIT_REQUIRES_FEDERATION_ID, ssoEndpoints } from './sso-settings.js';
export type * from './types.js';
export { toVerifierSetting } from './verifier-setting.js';
export {
  CONFIG_JSON_SCHEMA_PATH,
  configJsonSchema,
  renderConfigJsonSchema,
  writeConfigJsonSchema,
} from './write-json-schema.js';
