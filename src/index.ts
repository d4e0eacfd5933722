/**
 * Frontdesk as a library: embed the whole service in an existing Node process.
 *
 * @example
 * import { createFrontdesk } from 'frontdesk';
 * const app = await createFrontdesk({ configPath: './frontdesk.config.json' });
 * await app.listen();
 */
export { createFrontdesk, type Frontdesk, type FrontdeskOptions } from './app.js';
export { loadConfig, parseConfig, ConfigError } from './config/index.js';
export type { FrontdeskConfig, SsoSettingConfig } from './config/types.js';
export { openStore, type Store } from './store/index.js';
export type { Provisioner, ProvisionInput, ProvisionResult } from './sp/provisioner.js';
export {
  createCustomProvisioner,
  defaultProvisioner,
  loadJitHandler,
  loadJitHandlers,
  JIT_HANDLER_TIME_LIMIT_MS,
  type CustomProvisionerOptions,
  type JitHandlers,
} from './sp/jit/index.js';
export type {
  AccountChanges,
  AccountDraft,
  ContactChanges,
  ContactDraft,
  CustomFieldValues,
  JitAccount,
  JitContact,
  JitContext,
  JitInput,
  JitProfile,
  JitRole,
  JitUser,
  SamlJitHandler,
  UserChanges,
  UserDraft,
  UserRef,
} from './sp/jit/index.js';
