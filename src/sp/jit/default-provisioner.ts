import { SamlError } from '../../saml/errors.js';
import type { Provisioner } from '../provisioner.js';
import { createCustomProvisioner, type CustomProvisionerOptions } from './custom/custom-provisioner.js';
import type { JitHandlers } from './custom/load-handlers.js';
import { createStandardProvisioner, type StandardJitConfig } from './standard-provisioner.js';

const NO_HANDLERS: JitHandlers = new Map();

/**
 * The provisioner `createFrontdesk` uses unless told otherwise: standard JIT for settings of
 * type `standard`, the setting's handler for settings of type `custom`. `handlers` are the
 * modules `loadJitHandlers` imported at start-up. A custom setting whose handler was not loaded
 * still lets its existing users sign in unchanged, and refuses a first login with
 * JIT_HANDLER_ERROR rather than passing for "no such user".
 * @example createFrontdesk({ config, provisioner: defaultProvisioner(config, await loadJitHandlers(config)) })
 */
export function defaultProvisioner(
  config: StandardJitConfig,
  handlers: JitHandlers = NO_HANDLERS,
  options: CustomProvisionerOptions = {},
): Provisioner {
  const standard = createStandardProvisioner(config);
  const custom = createCustomProvisioner(config, handlers, options);
  return async (tx, input) => {
    const jit = input.setting.jit;
    if (jit.type === 'standard') return standard(tx, input);
    if (handlers.has(jit.handler)) return custom(tx, input);
    if (input.existingUser)
      return { user: input.existingUser, action: 'none', recordsTouched: [], audit: [] };
    throw new SamlError(
      'JIT_HANDLER_ERROR',
      `setting ${input.setting.apiName} uses a custom JIT handler that was not loaded (${jit.handler})`,
      {
        check: 'jit',
        expected: 'a handler loaded with loadJitHandlers',
        received: jit.handler,
      },
    );
  };
}
