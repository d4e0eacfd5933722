import { SamlError } from './errors.js';
import { BEARER, NS, STATUS_SUCCESS } from './namespaces.js';
import { describeStatus, statusOf, type ResponseParts } from './response-structure.js';
import type { CheckResult, IdentityLocation } from './types.js';
import type { XmlElement } from './xml/tree.js';
import { attr, childrenNamed, hasElementChildren, singleChild, textContent } from './xml/tree.js';

/** What the protocol checks need besides the located parts. */
export interface CheckContext {
  parts: ResponseParts;
  idpIssuer: string;
  spEntityId: string;
  acsUrl: string;
  allowUnsolicited: boolean;
  now: Date;
  skewMs: number;
  expectedInResponseTo: string | undefined;
  /**
   * Set by the subject-confirmation check: the request this response answers, read only from
   * signed content (the confirmed bearer's data, or a signed Response); null when unsolicited.
   */
  answeredRequest?: string | null;
}

type Described = Omit<CheckResult, 'check' | 'verdict'>;

const XS_DATETIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** xs:dateTime with a mandatory zone; SAML times are UTC. */
export function parseSamlTime(value: string | null, what: string, code: SamlError['code']): Date | null {
  if (value === null) return null;
  const ms = XS_DATETIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new SamlError(code, `${what} is not a valid time`, { received: value });
  return new Date(ms);
}

function simpleText(element: XmlElement, what: string): string {
  if (hasElementChildren(element)) {
    throw new SamlError('RESPONSE_STRUCTURE_INVALID', `${what} must hold text only`, {
      received: element.name,
    });
  }
  // Only XML's own whitespace is layout; JS trim() would also eat NBSP, U+3000, BOM… and merge identities.
  return textContent(element).replace(XML_SPACE_EDGES, '');
}

const XML_SPACE_EDGES = /^[ \t\r\n]+|[ \t\r\n]+$/g;
/** Separators, controls and format characters at either end: invisible differences in an identity. */
const INVISIBLE_EDGES = /^[\p{Z}\p{Cc}\p{Cf}]|[\p{Z}\p{Cc}\p{Cf}]$/u;

/** An identity must be exactly what the IdP meant: no invisible characters at its ends. */
function checkedIdentity(value: string, where: string): string {
  if (INVISIBLE_EDGES.test(value)) {
    throw new SamlError('SUBJECT_INVALID', `${where} begins or ends with an invisible character`, {
      expected: 'an identity without leading or trailing separators or format characters',
      received: JSON.stringify(value),
    });
  }
  return value;
}

export function checkIssuer(ctx: CheckContext): Described {
  const assertionIssuer = singleChild(ctx.parts.assertion, NS.assertion, 'Issuer');
  const received = assertionIssuer ? simpleText(assertionIssuer, 'Issuer') : '(none)';
  if (received !== ctx.idpIssuer) {
    throw new SamlError('ISSUER_MISMATCH', 'the Assertion was issued by another IdP', {
      expected: ctx.idpIssuer,
      received,
    });
  }
  const responseIssuer = singleChild(ctx.parts.response, NS.assertion, 'Issuer');
  if (responseIssuer === undefined)
    throw new SamlError('ISSUER_MISMATCH', 'the Response names several issuers');
  if (responseIssuer) {
    const value = simpleText(responseIssuer, 'Issuer');
    if (value !== ctx.idpIssuer) {
      throw new SamlError('ISSUER_MISMATCH', 'the Response was issued by another IdP', {
        expected: ctx.idpIssuer,
        received: value,
      });
    }
  }
  return { expected: ctx.idpIssuer, received };
}

export function checkStatus(ctx: CheckContext): Described {
  const status = statusOf(ctx.parts.response);
  if (status.code !== STATUS_SUCCESS) {
    throw new SamlError('STATUS_NOT_SUCCESS', `the IdP answered ${describeStatus(status)}`, {
      expected: STATUS_SUCCESS,
      received: describeStatus(status),
    });
  }
  return { expected: STATUS_SUCCESS, received: status.code };
}

export function checkDestination(ctx: CheckContext): Described {
  const destination = attr(ctx.parts.response, 'Destination');
  if (destination !== null && destination !== ctx.acsUrl) {
    throw new SamlError('DESTINATION_MISMATCH', 'the Response was sent to another endpoint', {
      expected: ctx.acsUrl,
      received: destination,
    });
  }
  if (destination === null && ctx.parts.responseSignature) {
    // SAML core §3.2.2: a signed Response must say where it was sent.
    throw new SamlError('DESTINATION_MISMATCH', 'a signed Response must carry Destination', {
      expected: ctx.acsUrl,
      received: '(none)',
    });
  }
  return { expected: ctx.acsUrl, received: destination ?? '(none)' };
}

export function subjectOf(ctx: CheckContext): XmlElement {
  const subject = singleChild(ctx.parts.assertion, NS.assertion, 'Subject');
  if (!subject) throw new SamlError('SUBJECT_MISSING', 'the Assertion names no Subject');
  return subject;
}

/** Web SSO profile §4.1.4.2: one bearer confirmation for our ACS, still valid, for our request. */
export function checkSubjectConfirmation(ctx: CheckContext): Described {
  const subject = subjectOf(ctx);
  const confirmations = childrenNamed(subject, NS.assertion, 'SubjectConfirmation');
  const bearers = confirmations.filter((c) => attr(c, 'Method') === BEARER);
  if (bearers.length === 0) {
    throw new SamlError('SUBJECT_CONFIRMATION_ERROR', 'no bearer SubjectConfirmation', {
      expected: BEARER,
      received: confirmations.map((c) => attr(c, 'Method') ?? '(none)').join(', ') || '(none)',
    });
  }
  let firstProblem: SamlError | null = null;
  for (const bearer of bearers) {
    try {
      return checkBearer(ctx, bearer);
    } catch (error) {
      firstProblem ??= error as SamlError;
    }
  }
  throw firstProblem!;
}

function checkBearer(ctx: CheckContext, bearer: XmlElement): Described {
  const data = singleChild(bearer, NS.assertion, 'SubjectConfirmationData');
  if (!data) throw new SamlError('SUBJECT_CONFIRMATION_ERROR', 'the bearer confirmation has no data');
  const recipient = attr(data, 'Recipient');
  if (recipient !== ctx.acsUrl) {
    throw new SamlError('RECIPIENT_MISMATCH', 'the assertion is meant for another endpoint', {
      expected: ctx.acsUrl,
      received: recipient ?? '(none)',
    });
  }
  const notOnOrAfter = parseSamlTime(
    attr(data, 'NotOnOrAfter'),
    'NotOnOrAfter',
    'SUBJECT_CONFIRMATION_ERROR',
  );
  if (!notOnOrAfter) {
    throw new SamlError('SUBJECT_CONFIRMATION_ERROR', 'the bearer confirmation has no NotOnOrAfter');
  }
  if (ctx.now.getTime() - ctx.skewMs >= notOnOrAfter.getTime()) {
    throw new SamlError('SUBJECT_CONFIRMATION_ERROR', 'the bearer confirmation has expired', {
      expected: `now (${ctx.now.toISOString()}) before NotOnOrAfter`,
      received: notOnOrAfter.toISOString(),
    });
  }
  const notBefore = parseSamlTime(attr(data, 'NotBefore'), 'NotBefore', 'SUBJECT_CONFIRMATION_ERROR');
  if (notBefore && ctx.now.getTime() + ctx.skewMs < notBefore.getTime()) {
    throw new SamlError('SUBJECT_CONFIRMATION_ERROR', 'the bearer confirmation is not valid yet', {
      received: notBefore.toISOString(),
    });
  }
  ctx.answeredRequest = answeredRequest(ctx, attr(data, 'InResponseTo'));
  return { expected: ctx.acsUrl, received: recipient };
}

export function checkConditionsTime(ctx: CheckContext): Described {
  const conditions = singleChild(ctx.parts.assertion, NS.assertion, 'Conditions');
  if (conditions === undefined) throw new SamlError('AUDIENCE_INVALID', 'several Conditions elements');
  if (!conditions) return { received: 'no Conditions' };
  const now = ctx.now.getTime();
  const notBefore = parseSamlTime(attr(conditions, 'NotBefore'), 'NotBefore', 'ASSERTION_NOT_YET_VALID');
  const notOnOrAfter = parseSamlTime(attr(conditions, 'NotOnOrAfter'), 'NotOnOrAfter', 'ASSERTION_EXPIRED');
  const window = `${notBefore?.toISOString() ?? '-∞'} .. ${notOnOrAfter?.toISOString() ?? '+∞'}`;
  const skew = `now ${ctx.now.toISOString()} ± ${ctx.skewMs / 1000}s`;
  if (notBefore && now + ctx.skewMs < notBefore.getTime()) {
    throw new SamlError('ASSERTION_NOT_YET_VALID', 'the assertion is not valid yet', {
      expected: skew,
      received: window,
    });
  }
  if (notOnOrAfter && now - ctx.skewMs >= notOnOrAfter.getTime()) {
    throw new SamlError('ASSERTION_EXPIRED', 'the assertion has expired', {
      expected: skew,
      received: window,
    });
  }
  return { expected: skew, received: window };
}

export function checkAudience(ctx: CheckContext): Described {
  const conditions = singleChild(ctx.parts.assertion, NS.assertion, 'Conditions');
  const restrictions = conditions ? childrenNamed(conditions, NS.assertion, 'AudienceRestriction') : [];
  if (restrictions.length === 0) {
    throw new SamlError('AUDIENCE_INVALID', 'the assertion names no audience', {
      expected: ctx.spEntityId,
      received: '(none)',
    });
  }
  // Every restriction must be satisfied (SAML core §2.5.1.4).
  for (const restriction of restrictions) {
    const audiences = childrenNamed(restriction, NS.assertion, 'Audience').map((a) =>
      simpleText(a, 'Audience'),
    );
    if (!audiences.includes(ctx.spEntityId)) {
      throw new SamlError('AUDIENCE_INVALID', 'the assertion is meant for another service provider', {
        expected: ctx.spEntityId,
        received: audiences.join(', ') || '(none)',
      });
    }
  }
  return { expected: ctx.spEntityId, received: ctx.spEntityId };
}

/** Solicited responses must answer our request; unsolicited ones only where the setting allows. */
/**
 * The InResponseTo a login may act on. The bearer's SubjectConfirmationData is covered by the
 * assertion's signature; the Response's attribute is covered only when the Response is signed,
 * so an unsigned Response may neither add a request id nor contradict the signed one.
 */
function answeredRequest(ctx: CheckContext, confirmed: string | null): string | null {
  const onResponse = attr(ctx.parts.response, 'InResponseTo');
  if (confirmed !== null && onResponse !== null && confirmed !== onResponse) {
    throw new SamlError(
      'IN_RESPONSE_TO_MISMATCH',
      'Response and SubjectConfirmationData answer different requests',
      {
        expected: confirmed,
        received: onResponse,
      },
    );
  }
  if (confirmed === null && onResponse !== null && !ctx.parts.responseSignature) {
    throw new SamlError(
      'IN_RESPONSE_TO_MISMATCH',
      'an unsigned Response claims an InResponseTo the signed assertion does not',
      {
        expected: '(none, as in the signed SubjectConfirmationData)',
        received: onResponse,
      },
    );
  }
  return confirmed ?? (ctx.parts.responseSignature ? onResponse : null);
}

export function checkInResponseTo(ctx: CheckContext): Described {
  const received = ctx.answeredRequest ?? null;
  if (ctx.expectedInResponseTo !== undefined) {
    if (received !== ctx.expectedInResponseTo) {
      throw new SamlError('IN_RESPONSE_TO_MISMATCH', 'the Response does not answer the outstanding request', {
        expected: ctx.expectedInResponseTo,
        received: received ?? '(unsolicited)',
      });
    }
    return { expected: ctx.expectedInResponseTo, received };
  }
  if (received === null && !ctx.allowUnsolicited) {
    throw new SamlError('UNSOLICITED_RESPONSE_NOT_ALLOWED', 'this setting accepts only SP-initiated logins', {
      expected: 'InResponseTo of an outstanding request',
      received: '(unsolicited)',
    });
  }
  return {
    expected: received === null ? 'unsolicited allowed' : 'an outstanding request',
    received: received ?? '(unsolicited)',
  };
}

export interface NameIdInfo {
  value: string;
  format: string | null;
}

export function readNameId(ctx: CheckContext): NameIdInfo | null {
  const subject = singleChild(ctx.parts.assertion, NS.assertion, 'Subject');
  if (!subject) return null;
  const nameId = singleChild(subject, NS.assertion, 'NameID');
  if (nameId === undefined) throw new SamlError('SUBJECT_MISSING', 'the Subject holds several NameIDs');
  if (!nameId) return null;
  return { value: simpleText(nameId, 'NameID'), format: attr(nameId, 'Format') };
}

/** Attribute name → every value, in document order. */
export function readAttributes(assertion: XmlElement): Record<string, string[]> {
  const attributes: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const statement of childrenNamed(assertion, NS.assertion, 'AttributeStatement')) {
    for (const attribute of childrenNamed(statement, NS.assertion, 'Attribute')) {
      const name = attr(attribute, 'Name');
      if (!name) continue;
      const values = (attributes[name] ??= []);
      for (const value of childrenNamed(attribute, NS.assertion, 'AttributeValue')) {
        values.push(simpleText(value, `AttributeValue of ${name}`));
      }
    }
  }
  return attributes;
}

export function readIdentity(
  ctx: CheckContext,
  location: IdentityLocation,
  attributes: Record<string, string[]>,
): string {
  if (location.kind === 'nameid') {
    const nameId = readNameId(ctx);
    if (!nameId || nameId.value === '')
      throw new SamlError('SUBJECT_MISSING', 'the Subject carries no NameID');
    return checkedIdentity(nameId.value, 'the NameID');
  }
  const values = attributes[location.name] ?? [];
  if (values.length !== 1 || values[0] === '') {
    throw new SamlError(
      'SUBJECT_MISSING',
      `attribute ${location.name} must carry exactly one identity value`,
      {
        expected: `one value of ${location.name}`,
        received: `${values.length} values`,
      },
    );
  }
  return checkedIdentity(values[0]!, `attribute ${location.name}`);
}
