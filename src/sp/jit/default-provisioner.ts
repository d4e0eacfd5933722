import { SamlError } from '../../saml/errors.js';
import type { Provisioner } from '../provisioner.js';
import { createStandardProvisioner, type StandardJitConfig } from './standard-provisioner.js';

/**
 * The provisioner `createFrontdesk` uses unless told otherwise: standard JIT for settings of
 * type `standard`. Settings of type `custom` need a handler runner, which this build lacks:
 * their existing users still sign in unchanged, and a first login is refused with
 * JIT_HANDLER_ERROR rather than passing for "no such user".
 * @example createFrontdesk({ config, provisioner: defaultProvisioner(config) })
 */
export function defaultProvisioner(config: StandardJitConfig): Provisioner {
  const standard = createStandardProvisioner(config);
  return async (tx, input) => {
    if (input.setting.jit.type === 'standard') return standard(tx, input);
    if (input.existingUser)
      return { user: input.existingUser, action: 'none', recordsTouched: [], audit: [] };
    throw new SamlError(
      'JIT_HANDLER_ERROR',
      `setting ${input.setting.apiName} uses a custom JIT handler, which this build cannot run`,
      {
        check: 'jit',
        expected: 'a custom JIT handler runner',
        received: input.setting.jit.type,
      },
    );
  };
}
