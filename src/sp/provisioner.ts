import type { SsoSettingConfig } from '../config/types.js';
import type { VerifiedAssertion } from '../saml/types.js';
import type { StoreTx } from '../store/index.js';
import type { JitAction, NewAuditEvent, RecordTouched, User } from '../store/types.js';

export interface ProvisionInput {
  setting: SsoSettingConfig;
  assertion: VerifiedAssertion;
  /** The user the identity already names, if any. */
  existingUser: User | null;
  now: Date;
  /** The SAMLResponse as posted (base64), handed to custom JIT handlers; absent when unknown. */
  samlResponse?: string;
}

export interface ProvisionResult {
  user: User;
  action: JitAction;
  recordsTouched: RecordTouched[];
  /** Audit events to write; the login-history id is filled in by the pipeline. */
  audit: Array<Omit<NewAuditEvent, 'loginHistoryId'>>;
}

/**
 * Just-in-time provisioning, run inside the login transaction. Throws a SamlError with a JIT_*
 * code to refuse the login; anything it wrote is then rolled back.
 */
export type Provisioner = (tx: StoreTx, input: ProvisionInput) => Promise<ProvisionResult>;
