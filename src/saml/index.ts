/**
 * Frontdesk's SAML 2.0 protocol core: pure functions, no I/O, injected clock.
 * Import from `frontdesk/saml`.
 */
export { validateSamlResponse, validateSamlResponseAnyEncoding } from './validate.js';
export { SamlError, isSamlError, SAML_ERROR_CODES } from './errors.js';
export type { SamlErrorCode, ErrorDetail } from './errors.js';
export type {
  SamlVerifierSetting,
  ValidateOptions,
  SamlValidationResult,
  VerifiedAssertion,
  CheckResult,
  CheckVerdict,
  ValidationErrorInfo,
  IdentityLocation,
  SignatureRequirement,
} from './types.js';
export { parseXml } from './xml/parser.js';
export { canonicalize } from './xml/c14n.js';
export { buildAuthnRequest, redirectBindingUrl, samlTime } from './build/authn-request.js';
export { buildSpMetadata } from './build/metadata.js';
export { signElement } from './build/sign.js';
