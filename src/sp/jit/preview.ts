import type { SsoSettingConfig } from '../../config/types.js';
import { isSamlError, type SamlErrorCode } from '../../saml/errors.js';
import type { VerifiedAssertion } from '../../saml/types.js';
import type { Store } from '../../store/index.js';
import type { AuditDiff, RecordTouched, User } from '../../store/types.js';
import { findUserByIdentity } from '../identity.js';
import type { Provisioner, ProvisionResult } from '../provisioner.js';
import { loadJitHandlers } from './custom/load-handlers.js';
import { defaultProvisioner } from './default-provisioner.js';
import type { StandardJitConfig } from './standard-provisioner.js';

/** One record JIT would create, update or merely match. */
export interface JitPreviewRecord {
  type: RecordTouched['type'];
  /** Null for a record that would be created: its id exists only once committed. */
  id: string | null;
  action: 'create' | 'update' | 'none';
  /** Field API name → old and new value (old is null for a created record). */
  fields: AuditDiff;
}

/** What a login with this assertion would make JIT do. */
export interface JitPreview {
  /** `error`: the login would be refused with `error.code`; `none` with an error: JIT would not run. */
  action: 'create' | 'update' | 'none' | 'error';
  records: JitPreviewRecord[];
  error?: { code: SamlErrorCode; message: string };
}

export interface PreviewJitOptions {
  /** The clock the provisioner sees. Default: now. */
  now?: Date;
  /** Default: the provisioner `createFrontdesk` uses (a custom setting's handler is loaded for it). */
  provisioner?: Provisioner;
  /** The SAMLResponse, base64, as a custom handler would receive it. */
  samlResponse?: string;
}

/** Thrown to leave the transaction: a preview always rolls back. */
class RollbackPreview extends Error {
  constructor(readonly preview: JitPreview) {
    super('preview rolled back');
  }
}

const ACTION = { created: 'create', updated: 'update' } as const;

function toPreview(result: ProvisionResult, existing: User | null): JitPreview {
  const created = new Map(
    result.recordsTouched
      .filter((t) => t.action === 'created')
      .map((t) => [t.id, `(new ${t.type})`] as const),
  );
  const records: JitPreviewRecord[] = result.recordsTouched.map((touched) => {
    const diff =
      result.audit.find((a) => a.targetType === touched.type && a.targetId === touched.id)?.diff ?? {};
    const fields: AuditDiff = {};
    // A rolled-back id would name nothing: a link to a record this login creates reads "(new Contact)".
    for (const [name, change] of Object.entries(diff)) {
      const value = typeof change.new === 'string' ? (created.get(change.new) ?? change.new) : change.new;
      fields[name] = { old: change.old, new: value };
    }
    return {
      type: touched.type,
      id: touched.action === 'created' ? null : touched.id,
      action: ACTION[touched.action],
      fields,
    };
  });
  if (!result.recordsTouched.some((t) => t.type === 'User')) {
    records.unshift({ type: 'User', id: existing?.id ?? result.user.id, action: 'none', fields: {} });
  }
  const action = result.action === 'created' ? 'create' : result.action === 'updated' ? 'update' : 'none';
  return { action, records };
}

/**
 * The preview for a setting without JIT: nothing would run.
 * @example disabledJitPreview(setting).error?.code // 'JIT_DISABLED'
 */
export function disabledJitPreview(setting: SsoSettingConfig): JitPreview {
  return {
    action: 'none',
    records: [],
    error: {
      code: 'JIT_DISABLED',
      message: `JIT provisioning is not enabled for setting ${setting.apiName}`,
    },
  };
}

/**
 * What JIT would do for `assertion` on `setting` against `store`, computed by running the real
 * provisioner inside a transaction that is always rolled back: nothing is committed.
 * @example
 * const preview = await previewJit(store, config, setting, result.assertion);
 * if (preview.action === 'error') console.log(preview.error?.code);
 */
export async function previewJit(
  store: Store,
  config: StandardJitConfig,
  setting: SsoSettingConfig,
  assertion: VerifiedAssertion,
  options: PreviewJitOptions = {},
): Promise<JitPreview> {
  if (!setting.jit.enabled) return disabledJitPreview(setting);
  const provisioner =
    options.provisioner ?? defaultProvisioner(config, await loadJitHandlers({ ssoSettings: [setting] }));
  const now = options.now ?? new Date();
  const samlResponse = options.samlResponse;
  try {
    await store.transaction(async (tx) => {
      const existingUser = await findUserByIdentity(tx, setting.identityType, assertion.subject);
      let preview: JitPreview;
      try {
        preview = toPreview(
          await provisioner(tx, { setting, assertion, existingUser, now, samlResponse }),
          existingUser,
        );
      } catch (error) {
        if (!isSamlError(error)) throw error;
        preview = { action: 'error', records: [], error: { code: error.code, message: error.message } };
      }
      throw new RollbackPreview(preview);
    });
  } catch (error) {
    if (error instanceof RollbackPreview) return error.preview;
    throw error;
  }
  throw new Error('the preview transaction was not rolled back');
}
