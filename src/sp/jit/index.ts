/**
 * Just-in-time provisioning. Standard: attribute mapping, value rules, the Federation ID →
 * Contact → Account matching chain, the profile/role guardrail, audit diffs, and a preview
 * that runs all of it without committing. Custom: a handler module (`SamlJitHandler`) that
 * decides what to create, held to the same rules through its `JitContext`.
 */
export { createStandardProvisioner, type StandardJitConfig } from './standard-provisioner.js';
export { defaultProvisioner } from './default-provisioner.js';
export {
  disabledJitPreview,
  previewJit,
  type JitPreview,
  type JitPreviewRecord,
  type PreviewJitOptions,
} from './preview.js';
export { mapAttributes, type MappedAttributes, type MappedSection } from './attribute-map.js';
export {
  ACCOUNT_FIELDS,
  CONTACT_FIELDS,
  USER_FIELDS,
  USER_REQUIRED_ON_CREATE,
  type FieldKind,
  type FieldSpec,
  type JitObject,
} from './field-catalog.js';
export { JIT_AUDIT_ACTIONS } from './journal.js';
export type { FieldValue } from './value-rules.js';
export * from './custom/index.js';
