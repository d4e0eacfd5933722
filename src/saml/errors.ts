/**
 * Stable error codes. Login history, the validator, the API, logs and tests all speak these;
 * never match on a message.
 */
export const SAML_ERROR_CODES = [
  // transport and parsing
  'RESPONSE_MISSING',
  'RESPONSE_TOO_LARGE',
  'RESPONSE_ENCODING_INVALID',
  'XML_MALFORMED',
  'XML_DTD_FORBIDDEN',
  'XML_ENTITY_FORBIDDEN',
  'XML_TOO_DEEP',
  'XML_TOO_COMPLEX',
  // structure
  'RESPONSE_STRUCTURE_INVALID',
  'VERSION_UNSUPPORTED',
  'ASSERTION_MISSING',
  'MULTIPLE_ASSERTIONS',
  'ENCRYPTED_ASSERTION_UNSUPPORTED',
  'DUPLICATE_ID',
  // signature
  'SIGNATURE_MISSING',
  'SIGNATURE_INVALID',
  'DIGEST_MISMATCH',
  'SIGNATURE_ALGORITHM_FORBIDDEN',
  'TRANSFORM_FORBIDDEN',
  'SIGNATURE_REFERENCE_INVALID',
  'CERTIFICATE_INVALID',
  // protocol
  'ISSUER_MISMATCH',
  'STATUS_NOT_SUCCESS',
  'DESTINATION_MISMATCH',
  'RECIPIENT_MISMATCH',
  'SUBJECT_CONFIRMATION_ERROR',
  'ASSERTION_NOT_YET_VALID',
  'ASSERTION_EXPIRED',
  'AUDIENCE_INVALID',
  'IN_RESPONSE_TO_MISMATCH',
  'UNSOLICITED_RESPONSE_NOT_ALLOWED',
  'REPLAY_DETECTED',
  'SUBJECT_MISSING',
  'SUBJECT_INVALID',
  // identity and service
  'SSO_SETTING_NOT_FOUND',
  'USER_NOT_FOUND',
  'USER_SETTING_MISMATCH',
  'USER_INACTIVE',
  'INTERNAL_ERROR',
  // just-in-time provisioning
  'JIT_MISSING_FEDERATION_ID',
  'JIT_FEDERATION_ID_MISMATCH',
  'JIT_MISSING_REQUIRED_FIELD',
  'JIT_UNKNOWN_FIELD',
  'JIT_UNKNOWN_CUSTOM_FIELD',
  'JIT_INVALID_FIELD_VALUE',
  'JIT_PROFILE_LOOKUP_FAILED',
  'JIT_ROLE_LOOKUP_FAILED',
  'JIT_USERNAME_CHANGE_NOT_ALLOWED',
  'JIT_FEDERATION_ID_CHANGE_NOT_ALLOWED',
  'JIT_MISSING_ACCOUNT_FIELDS',
  'JIT_MISSING_CONTACT_FIELDS',
  'JIT_AMBIGUOUS_ACCOUNT',
  'JIT_AMBIGUOUS_CONTACT',
  'JIT_INVALID_CONTACT_ID',
  'JIT_INVALID_ACCOUNT_ID',
  'JIT_GUARDRAIL_REFUSED',
  'JIT_DUPLICATE_VALUE',
  'JIT_HANDLER_ERROR',
  'JIT_DISABLED',
] as const;

export type SamlErrorCode = (typeof SAML_ERROR_CODES)[number];

/** What a check expected and what it found; shown to admins, never to the browser. */
export interface ErrorDetail {
  check?: string;
  expected?: string;
  received?: string;
}

/**
 * A failed check. `code` is the API; `message` is for people.
 * @example throw new SamlError('AUDIENCE_INVALID', 'audience does not name this SP', { expected, received })
 */
export class SamlError extends Error {
  override readonly name = 'SamlError';
  constructor(
    readonly code: SamlErrorCode,
    message: string,
    readonly detail: ErrorDetail = {},
  ) {
    super(message);
  }
}

export function isSamlError(value: unknown): value is SamlError {
  return value instanceof SamlError;
}
