/**
 * Custom JIT handlers: the `SamlJitHandler` contract, loading handler modules at start-up, the
 * provisioner that runs them (transaction, execution user, time limit, audit) and the template
 * `frontdesk jit-handler template` writes.
 */
export type {
  AccountChanges,
  AccountDraft,
  AccountFieldValues,
  ContactChanges,
  ContactDraft,
  ContactFieldValues,
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
  UserFieldValues,
  UserRef,
} from './contract.js';
export {
  checkHandlerModule,
  JitHandlerLoadError,
  loadJitHandler,
  loadJitHandlers,
  type JitHandlers,
} from './load-handlers.js';
export {
  createCustomProvisioner,
  JIT_HANDLER_TIME_LIMIT_MS,
  type CustomProvisionerOptions,
} from './custom-provisioner.js';
export { JIT_HANDLER_TEMPLATE } from './handler-template.js';
