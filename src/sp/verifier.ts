import { availableParallelism } from 'node:os';
import { toVerifierSetting } from '../config/index.js';
import type { FrontdeskConfig, SsoSettingConfig } from '../config/types.js';
import { validateSamlResponse } from '../saml/validate.js';
import type { SamlValidationResult } from '../saml/types.js';
import { VerifierPool } from './verifier-pool.js';

/** Checks a posted SAMLResponse against a setting: the pure core, here or on worker threads. */
export interface ResponseVerifier {
  verify(setting: SsoSettingConfig, samlResponse: string, now: Date): Promise<SamlValidationResult>;
  close(): Promise<void>;
}

/** Verifies on the calling thread. */
export const inlineVerifier: ResponseVerifier = {
  verify: (setting, samlResponse, now) =>
    Promise.resolve(validateSamlResponse(samlResponse, toVerifierSetting(setting), { now })),
  close: () => Promise.resolve(),
};

/** Threads beyond this bring nothing: past four cores the database, not verification, is the limit. */
const MAX_AUTO_THREADS = 4;

/**
 * How many verifier threads a setting asks for on this machine. `auto` leaves one CPU to the
 * event loop (HTTP and the database) and gives the others to verification.
 * @example verifierThreadCount('auto', 2) // 1
 */
export function verifierThreadCount(configured: number | 'auto', cpus = availableParallelism()): number {
  if (configured !== 'auto') return configured;
  return Math.max(0, Math.min(MAX_AUTO_THREADS, cpus - 1));
}

/**
 * The verifier the configuration asks for: a pool of worker threads (started and ready when
 * this resolves), or the inline verifier when it asks for none.
 */
export async function createResponseVerifier(config: FrontdeskConfig): Promise<ResponseVerifier> {
  const threads = verifierThreadCount(config.server.verifierThreads);
  if (threads === 0 || config.ssoSettings.length === 0) return inlineVerifier;
  return VerifierPool.start(config.ssoSettings, threads);
}
