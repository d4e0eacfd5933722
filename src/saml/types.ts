import type { ErrorDetail, SamlErrorCode } from './errors.js';

/** Which element must carry a valid signature. */
export type SignatureRequirement = 'assertion' | 'response' | 'either' | 'both';

/** Where the identity of the subject is read from. */
export type IdentityLocation = { kind: 'nameid' } | { kind: 'attribute'; name: string };

/**
 * The part of a SAML SSO setting the protocol core needs. Pure data: the core caches
 * parsed keys per object, so pass the same object for repeated validations.
 */
export interface SamlVerifierSetting {
  /** Expected `<Issuer>` of Response and Assertion. */
  idpIssuer: string;
  /** Trusted IdP certificates, PEM or bare base64 DER. Several at once allow rotation. */
  idpCertificates: readonly string[];
  /** Our entity id: the audience the assertion must name. */
  spEntityId: string;
  /** Our ACS URL: Destination and Recipient must equal it. */
  acsUrl: string;
  /** Accept responses with no InResponseTo (IdP-initiated). */
  allowUnsolicited: boolean;
  /** Accept SHA-1 digests and signatures. Off unless an admin opts in. */
  allowSha1?: boolean;
  /** Tolerated clock difference, seconds. Bounded to 0..300 by the core. */
  clockSkewSeconds?: number;
  /** Which signatures are required. Default `either`. */
  signatureRequirement?: SignatureRequirement;
  identityLocation?: IdentityLocation;
  /** Largest accepted SAMLResponse, bytes of base64. Default 256 KiB. */
  maxResponseBytes?: number;
}

export interface ValidateOptions {
  /** The clock; defaults to `new Date()`. */
  now?: Date;
  /**
   * The id of the AuthnRequest this response must answer. When omitted, a response carrying
   * InResponseTo is reported as such for the caller to match against its outstanding requests.
   */
  inResponseTo?: string;
}

export type CheckVerdict = 'pass' | 'fail' | 'skip';

/** One line of the validator's report. */
export interface CheckResult {
  check: string;
  verdict: CheckVerdict;
  expected?: string;
  received?: string;
  code?: SamlErrorCode;
  message?: string;
}

export interface ValidationErrorInfo extends ErrorDetail {
  code: SamlErrorCode;
  message: string;
}

/** What a verified assertion says. Everything here was read from a signed element. */
export interface VerifiedAssertion {
  /** Identity per the setting's identity location. */
  subject: string;
  nameId: string | null;
  nameIdFormat: string | null;
  sessionIndex: string | null;
  issuer: string;
  assertionId: string;
  responseId: string;
  /**
   * The AuthnRequest this answers, read from signed content only (the confirmed bearer's
   * SubjectConfirmationData, or a signed Response); null when unsolicited.
   */
  inResponseTo: string | null;
  /** Attribute name → all values, in document order. Names are case-sensitive. */
  attributes: Record<string, string[]>;
  notBefore: Date | null;
  notOnOrAfter: Date | null;
  /** When the replay entry may be forgotten: the latest expiry the assertion states. */
  replayExpiresAt: Date;
  signedElements: Array<'response' | 'assertion'>;
  authnInstant: Date | null;
}

export type SamlValidationResult =
  | { valid: true; assertion: VerifiedAssertion; errors: []; checks: CheckResult[] }
  | { valid: false; assertion: null; errors: ValidationErrorInfo[]; checks: CheckResult[] };
