import type { SamlVerifierSetting } from '../saml/types.js';
import type { SsoSettingConfig } from './types.js';

const cache = new WeakMap<SsoSettingConfig, SamlVerifierSetting>();

/**
 * The part of a setting the SAML core verifies against. The result is memoized per setting
 * object, and the core caches parsed keys per verifier-setting object, so certificates are
 * parsed once per loaded configuration rather than once per login.
 *
 * @example
 * const result = validateSamlResponse(body, toVerifierSetting(setting), { now: new Date() });
 */
export function toVerifierSetting(setting: SsoSettingConfig): SamlVerifierSetting {
  const cached = cache.get(setting);
  if (cached !== undefined) return cached;
  const verifier: SamlVerifierSetting = Object.freeze({
    idpIssuer: setting.idpIssuer,
    idpCertificates: setting.idpCertificates,
    spEntityId: setting.spEntityId,
    acsUrl: setting.endpoints.acsUrl,
    allowUnsolicited: setting.allowUnsolicited,
    allowSha1: setting.allowSha1,
    clockSkewSeconds: setting.clockSkewSeconds,
    signatureRequirement: setting.signatureRequirement,
    identityLocation: setting.identityLocation,
    maxResponseBytes: setting.maxResponseBytes,
  });
  cache.set(setting, verifier);
  return verifier;
}
