import type { SamlErrorCode } from '../saml/errors.js';

/** Short reasons for `Failed: <reason>` in the login history, one per code. */
const REASONS: Partial<Record<SamlErrorCode, string>> = {
  RESPONSE_MISSING: 'No SAML response',
  RESPONSE_TOO_LARGE: 'Response too large',
  RESPONSE_ENCODING_INVALID: 'Response not decodable',
  XML_MALFORMED: 'Malformed XML',
  XML_DTD_FORBIDDEN: 'DTD not allowed',
  XML_ENTITY_FORBIDDEN: 'Entity reference not allowed',
  XML_TOO_DEEP: 'XML nested too deeply',
  XML_TOO_COMPLEX: 'XML too large',
  RESPONSE_STRUCTURE_INVALID: 'Not a SAML 2.0 Response',
  VERSION_UNSUPPORTED: 'Unsupported SAML version',
  ASSERTION_MISSING: 'No assertion',
  MULTIPLE_ASSERTIONS: 'More than one assertion',
  ENCRYPTED_ASSERTION_UNSUPPORTED: 'Encrypted assertion not supported',
  DUPLICATE_ID: 'Duplicate IDs',
  SIGNATURE_MISSING: 'Signature missing',
  SIGNATURE_INVALID: 'Signature invalid',
  DIGEST_MISMATCH: 'Signed content altered',
  SIGNATURE_ALGORITHM_FORBIDDEN: 'Signature algorithm not allowed',
  TRANSFORM_FORBIDDEN: 'Signature transform not allowed',
  SIGNATURE_REFERENCE_INVALID: 'Signature reference invalid',
  CERTIFICATE_INVALID: 'IdP certificate invalid',
  ISSUER_MISMATCH: 'Issuer mismatched',
  STATUS_NOT_SUCCESS: 'IdP returned an error status',
  DESTINATION_MISMATCH: 'Destination mismatched',
  RECIPIENT_MISMATCH: 'Recipient mismatched',
  SUBJECT_CONFIRMATION_ERROR: 'Subject confirmation error',
  ASSERTION_NOT_YET_VALID: 'Assertion not yet valid',
  ASSERTION_EXPIRED: 'Assertion expired',
  AUDIENCE_INVALID: 'Audience invalid',
  IN_RESPONSE_TO_MISMATCH: 'InResponseTo invalid',
  UNSOLICITED_RESPONSE_NOT_ALLOWED: 'Unsolicited response not allowed',
  REPLAY_DETECTED: 'Replayed assertion',
  SUBJECT_MISSING: 'No subject',
  SUBJECT_INVALID: 'Subject has invisible characters',
  SSO_SETTING_NOT_FOUND: 'Unknown SSO setting',
  USER_NOT_FOUND: 'No user matches the identity',
  USER_INACTIVE: 'User inactive',
  USER_SETTING_MISMATCH: 'User belongs to another SSO setting',
  INTERNAL_ERROR: 'Internal error',
};

/** The reason shown after `Failed: `; JIT failures carry their own precise message. */
export function reasonFor(code: SamlErrorCode, message: string): string {
  if (code.startsWith('JIT_')) return `JIT provisioning error: ${message}`;
  return REASONS[code] ?? message;
}
