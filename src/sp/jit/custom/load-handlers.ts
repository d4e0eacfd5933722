import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, type ConfigIssue } from '../../../config/config-error.js';
import type { FrontdeskConfig } from '../../../config/types.js';
import type { SamlJitHandler } from './contract.js';

/** Loaded handlers by the `jit.handler` value that names them (a file path or a package name). */
export type JitHandlers = ReadonlyMap<string, SamlJitHandler>;

/** A handler module that cannot be loaded or does not implement `SamlJitHandler`. */
export class JitHandlerLoadError extends Error {
  override readonly name = 'JitHandlerLoadError';
  constructor(
    readonly specifier: string,
    message: string,
  ) {
    super(message);
  }
}

const METHODS = ['createUser', 'updateUser'] as const;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** What `value` lacks to be a handler, or null when it is one. */
function handlerProblem(value: unknown): string | null {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    return `it is ${describe(value)}, not an object with createUser and updateUser methods`;
  }
  const missing = METHODS.filter((name) => typeof (value as Record<string, unknown>)[name] !== 'function');
  if (missing.length === 0) return null;
  return `it has no ${missing.join(' or ')} method`;
}

/**
 * Checks that a loaded module implements `SamlJitHandler`: its default export, or else its
 * export named `handler`, is an object with `createUser` and `updateUser` methods.
 * @example checkHandlerModule({ default: { createUser, updateUser } }, '/srv/handler.js')
 */
export function checkHandlerModule(namespace: Record<string, unknown>, specifier: string): SamlJitHandler {
  const candidates = (['default', 'handler'] as const).filter((name) => namespace[name] !== undefined);
  for (const name of candidates) {
    if (handlerProblem(namespace[name]) === null) return namespace[name] as SamlJitHandler;
  }
  const [first] = candidates;
  throw new JitHandlerLoadError(
    specifier,
    first === undefined
      ? `handler module ${specifier} has neither a default export nor an export named "handler"`
      : `handler module ${specifier} does not implement SamlJitHandler: its ${
          first === 'default' ? 'default export' : 'export "handler"'
        } ${handlerProblem(namespace[first])}`,
  );
}

/**
 * Imports one handler module and checks its shape. `specifier` is an absolute file path (what
 * the configuration holds for a path) or a package name, resolved as Node resolves an import.
 * @example const handler = await loadJitHandler('/srv/frontdesk/handlers/partner.js');
 */
export async function loadJitHandler(specifier: string): Promise<SamlJitHandler> {
  const target = isAbsolute(specifier) ? pathToFileURL(specifier).href : specifier;
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(target)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const hint = /\.[cm]?tsx?$/.test(specifier)
      ? ' (Node cannot import TypeScript here: compile the handler to JavaScript and name the .js file)'
      : '';
    throw new JitHandlerLoadError(specifier, `cannot load handler module ${specifier}: ${reason}${hint}`);
  }
  return checkHandlerModule(namespace, specifier);
}

/**
 * Loads the handler of every enabled setting of type `custom`, once, at start-up: a missing or
 * malformed module fails the start with a `ConfigError` naming the setting, rather than the
 * first login. Disabled settings' handlers are not imported (importing runs module code).
 * @example const provisioner = defaultProvisioner(config, await loadJitHandlers(config));
 */
export async function loadJitHandlers(config: Pick<FrontdeskConfig, 'ssoSettings'>): Promise<JitHandlers> {
  const handlers = new Map<string, SamlJitHandler>();
  const issues: ConfigIssue[] = [];
  for (const [index, setting] of config.ssoSettings.entries()) {
    const jit = setting.jit;
    if (!jit.enabled || jit.type !== 'custom' || handlers.has(jit.handler)) continue;
    try {
      handlers.set(jit.handler, await loadJitHandler(jit.handler));
    } catch (error) {
      if (!(error instanceof JitHandlerLoadError)) throw error;
      issues.push({ path: `ssoSettings[${index}].jit.handler`, message: error.message });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return handlers;
}
