import { isSamlError, SamlError } from './errors.js';
import { decodeAnyResponseEncoding, decodePostedResponse, DEFAULT_MAX_RESPONSE_BYTES } from './decode.js';
import { NS } from './namespaces.js';
import {
  checkAudience,
  checkConditionsTime,
  checkDestination,
  checkInResponseTo,
  checkIssuer,
  checkStatus,
  checkSubjectConfirmation,
  parseSamlTime,
  readAttributes,
  readIdentity,
  readNameId,
  type CheckContext,
} from './protocol-checks.js';
import { CheckReport } from './report.js';
import { locateResponseParts, type ResponseParts } from './response-structure.js';
import { verifyEnvelopedSignature, type SignaturePolicy } from './signature.js';
import { trustedKeyFromCertificate } from './trusted-keys.js';
import type {
  SamlValidationResult,
  SamlVerifierSetting,
  ValidateOptions,
  VerifiedAssertion,
} from './types.js';
import { parseXml } from './xml/parser.js';
import { attr, singleChild } from './xml/tree.js';

const MAX_SKEW_SECONDS = 300;
const DEFAULT_SKEW_SECONDS = 60;

interface CompiledSetting {
  policy: SignaturePolicy;
  skewMs: number;
  maxBytes: number;
}

const compiled = new WeakMap<SamlVerifierSetting, CompiledSetting>();

/** Certificates are parsed once per setting object; a bad one fails every validation loudly. */
function compile(setting: SamlVerifierSetting): CompiledSetting {
  let entry = compiled.get(setting);
  if (!entry) {
    // NaN would make every time comparison false, i.e. switch the time checks off.
    const requested = setting.clockSkewSeconds;
    const skewSeconds = Math.min(
      Math.max(requested !== undefined && Number.isFinite(requested) ? requested : DEFAULT_SKEW_SECONDS, 0),
      MAX_SKEW_SECONDS,
    );
    entry = {
      policy: {
        allowSha1: setting.allowSha1 === true,
        keys: setting.idpCertificates.map((c) => trustedKeyFromCertificate(c)),
      },
      skewMs: skewSeconds * 1000,
      maxBytes: setting.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    };
    compiled.set(setting, entry);
  }
  return entry;
}

/**
 * Validates a posted SAMLResponse (base64, as the HTTP-POST binding carries it) against one SSO
 * setting: size, strict parse, signature, then every protocol check. Replay is the caller's job
 * (it needs storage): use `assertion.assertionId` and `assertion.replayExpiresAt`.
 *
 * @example
 * const result = validateSamlResponse(body.SAMLResponse, setting, { now: new Date() });
 * if (result.valid) console.log(result.assertion.subject);
 * else console.log(result.errors[0].code); // e.g. 'AUDIENCE_INVALID'
 */
export function validateSamlResponse(
  samlResponseBase64: string,
  setting: SamlVerifierSetting,
  options: ValidateOptions = {},
): SamlValidationResult {
  return decodeThenValidate(samlResponseBase64, decodePostedResponse, setting, options);
}

/**
 * Like {@link validateSamlResponse} but takes raw XML, base64 or deflated base64: the validator's
 * entry point for an assertion an admin pasted.
 */
export function validateSamlResponseAnyEncoding(
  input: string,
  setting: SamlVerifierSetting,
  options: ValidateOptions = {},
): SamlValidationResult {
  return decodeThenValidate(input, decodeAnyResponseEncoding, setting, options);
}

function decodeThenValidate(
  input: string,
  decode: (input: string, maxBytes: number) => string,
  setting: SamlVerifierSetting,
  options: ValidateOptions,
): SamlValidationResult {
  if (options.now !== undefined && !Number.isFinite(options.now.getTime())) {
    // A caller's bug, not a property of the response: comparing times against NaN would pass everything.
    throw new TypeError('options.now must be a valid Date');
  }
  const report = new CheckReport();
  let xml: string;
  try {
    const maxBytes = compileSafely(setting, report)?.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    xml = report.fatal('decode', () => decode(input, maxBytes));
  } catch {
    return failed(report);
  }
  return validateXml(xml, setting, options, report);
}

function compileSafely(setting: SamlVerifierSetting, report: CheckReport): CompiledSetting | null {
  return report.fatal(
    'certificates',
    () => compile(setting),
    (c) => ({
      received: `${c.policy.keys.length} trusted certificate(s)`,
    }),
  );
}

function failed(report: CheckReport): SamlValidationResult {
  return { valid: false, assertion: null, errors: report.errors, checks: report.checks };
}

function validateXml(
  xml: string,
  setting: SamlVerifierSetting,
  options: ValidateOptions,
  report: CheckReport,
): SamlValidationResult {
  const { policy, skewMs } = compile(setting);
  let parts: ResponseParts;
  let signedElements: Array<'response' | 'assertion'>;
  try {
    const root = report.fatal('parse', () => parseXml(xml));
    parts = report.fatal('structure', () => locateResponseParts(root));
    signedElements = report.fatal(
      'signature',
      () => verifySignatures(parts, policy, setting.signatureRequirement ?? 'either'),
      (signed) => ({
        expected: setting.signatureRequirement ?? 'either',
        received: `signed: ${signed.join(' + ')}`,
      }),
    );
  } catch {
    return failed(report);
  }

  const ctx: CheckContext = {
    parts,
    idpIssuer: setting.idpIssuer,
    spEntityId: setting.spEntityId,
    acsUrl: setting.acsUrl,
    allowUnsolicited: setting.allowUnsolicited,
    now: options.now ?? new Date(),
    skewMs,
    expectedInResponseTo: options.inResponseTo,
  };
  report.soft('issuer', () => checkIssuer(ctx));
  report.soft('status', () => checkStatus(ctx));
  report.soft('destination', () => checkDestination(ctx));
  report.soft('subject-confirmation', () => checkSubjectConfirmation(ctx));
  report.soft('conditions', () => checkConditionsTime(ctx));
  report.soft('audience', () => checkAudience(ctx));
  // InResponseTo is read from the confirmed bearer, so without one there is nothing to check.
  if (ctx.answeredRequest === undefined)
    report.skip('in-response-to', 'needs a confirmed bearer subject confirmation');
  else report.soft('in-response-to', () => checkInResponseTo(ctx));
  let assertion: VerifiedAssertion | null = null;
  report.soft('identity', () => {
    assertion = readAssertion(ctx, setting, signedElements);
    return { received: assertion.subject };
  });
  if (report.failed || !assertion) return failed(report);
  return { valid: true, assertion, errors: [], checks: report.checks };
}

function verifySignatures(
  parts: ResponseParts,
  policy: SignaturePolicy,
  requirement: NonNullable<SamlVerifierSetting['signatureRequirement']>,
): Array<'response' | 'assertion'> {
  const signed: Array<'response' | 'assertion'> = [];
  // A present signature must verify, even where another one would suffice.
  if (parts.responseSignature) {
    verifyEnvelopedSignature(parts.response, parts.responseSignature, policy);
    signed.push('response');
  }
  if (parts.assertionSignature) {
    verifyEnvelopedSignature(parts.assertion, parts.assertionSignature, policy);
    signed.push('assertion');
  }
  const has = (what: 'response' | 'assertion') => signed.includes(what);
  const satisfied =
    requirement === 'either'
      ? signed.length > 0
      : requirement === 'both'
        ? has('response') && has('assertion')
        : has(requirement);
  if (!satisfied) {
    throw new SamlError('SIGNATURE_MISSING', 'the required signature is absent', {
      check: 'signature',
      expected: requirement === 'either' ? 'a signed Response or Assertion' : `signed ${requirement}`,
      received: signed.length ? `signed: ${signed.join(' + ')}` : 'nothing signed',
    });
  }
  return signed;
}

function readAssertion(
  ctx: CheckContext,
  setting: SamlVerifierSetting,
  signedElements: Array<'response' | 'assertion'>,
): VerifiedAssertion {
  const { assertion, response } = ctx.parts;
  const attributes = readAttributes(assertion);
  const subject = readIdentity(ctx, setting.identityLocation ?? { kind: 'nameid' }, attributes);
  const nameId = readNameId(ctx);
  const conditions = singleChild(assertion, NS.assertion, 'Conditions') ?? null;
  const authn = singleChild(assertion, NS.assertion, 'AuthnStatement') ?? null;
  const notBefore = conditions
    ? parseSamlTime(attr(conditions, 'NotBefore'), 'NotBefore', 'ASSERTION_NOT_YET_VALID')
    : null;
  const notOnOrAfter = conditions
    ? parseSamlTime(attr(conditions, 'NotOnOrAfter'), 'NotOnOrAfter', 'ASSERTION_EXPIRED')
    : null;
  const issuerElement = singleChild(assertion, NS.assertion, 'Issuer');
  return {
    subject,
    nameId: nameId?.value ?? null,
    nameIdFormat: nameId?.format ?? null,
    sessionIndex: authn ? attr(authn, 'SessionIndex') : null,
    issuer: issuerElement ? ctx.idpIssuer : '',
    assertionId: attr(assertion, 'ID')!,
    responseId: attr(response, 'ID')!,
    inResponseTo: ctx.answeredRequest ?? null,
    attributes,
    notBefore,
    notOnOrAfter,
    replayExpiresAt: replayExpiry(ctx, notOnOrAfter),
    signedElements,
    authnInstant: authn
      ? parseSamlTime(attr(authn, 'AuthnInstant'), 'AuthnInstant', 'SUBJECT_CONFIRMATION_ERROR')
      : null,
  };
}

/** Replay entries live until the assertion could no longer be accepted anyway. */
function replayExpiry(ctx: CheckContext, notOnOrAfter: Date | null): Date {
  let latest = notOnOrAfter?.getTime() ?? 0;
  const subject = singleChild(ctx.parts.assertion, NS.assertion, 'Subject');
  if (subject) {
    for (const c of subject.children) {
      if (c.type !== 'element' || c.local !== 'SubjectConfirmation') continue;
      const data = singleChild(c, NS.assertion, 'SubjectConfirmationData');
      const value = data ? attr(data, 'NotOnOrAfter') : null;
      const ms = value ? Date.parse(value) : NaN;
      if (!Number.isNaN(ms)) latest = Math.max(latest, ms);
    }
  }
  // Without any stated expiry, keep the id for a day: longer than any sane assertion lifetime.
  if (latest === 0) latest = ctx.now.getTime() + 24 * 3600_000;
  return new Date(latest + ctx.skewMs);
}

export { isSamlError };
