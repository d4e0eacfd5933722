/**
 * Protocol fixtures: validly signed by the trusted IdP key, each wrong in exactly one protocol
 * respect (issuer, status, destination, confirmation, time window, audience, request correlation,
 * subject), so the code names that respect.
 */
import { CONFIRMATION, SP_ENTITY_ID, STATUS, plusSeconds } from './response-builder.js';
import { invalid } from './fixture-kit.js';
import type { Fixture, Kit } from './fixture-kit.js';

const EVIL_ISSUER = 'https://evil.example.test/metadata';

export function protocolFixtures(kit: Kit): Fixture[] {
  const { now } = kit;
  const a = (options: Parameters<Kit['signed']>[1]) => ({ xml: kit.signed('assertion', options) });
  const responder = { code: STATUS.responder, subCode: STATUS.authnFailed, message: 'Authentication failed' };

  return [
    invalid(
      kit,
      'assertion-signed.issuer-mismatch.assertion',
      'The signed Assertion names another issuer.',
      a({ assertionIssuer: EVIL_ISSUER }),
      ['ISSUER_MISMATCH'],
    ),
    invalid(
      kit,
      'assertion-signed.issuer-mismatch.response',
      'The Response names another issuer than the setting.',
      a({ responseIssuer: EVIL_ISSUER }),
      ['ISSUER_MISMATCH'],
    ),

    invalid(
      kit,
      'both-signed.status-responder',
      'Status Responder/AuthnFailed (nested code) although an Assertion is present.',
      { xml: kit.signed('both', { status: responder }) },
      ['STATUS_NOT_SUCCESS'],
    ),
    invalid(
      kit,
      'response-signed.status-responder.no-assertion',
      'A signed failure response (Responder/AuthnFailed), no Assertion, as IdPs send them.',
      { xml: kit.signed('response', { status: responder, includeAssertion: false }) },
      // Both truthful: the IdP reported failure, and there is no Assertion; reporting the status is kinder.
      ['STATUS_NOT_SUCCESS', 'ASSERTION_MISSING'],
    ),

    invalid(
      kit,
      'assertion-signed.destination-mismatch',
      'Destination names another ACS.',
      a({ destination: 'https://sp.example.test/sp/saml/acs/other' }),
      ['DESTINATION_MISMATCH'],
    ),
    invalid(
      kit,
      'assertion-signed.recipient-mismatch',
      'The bearer confirmation Recipient names another ACS.',
      a({ recipient: 'https://sp.example.test/sp/saml/acs/other' }),
      ['RECIPIENT_MISMATCH'],
    ),
    invalid(
      kit,
      'assertion-signed.recipient-absent',
      'The bearer SubjectConfirmationData has no Recipient (the Web SSO profile requires one).',
      a({ recipient: null }),
      // Both truthful: the Recipient check fails, and so does the bearer confirmation as a whole.
      ['RECIPIENT_MISMATCH', 'SUBJECT_CONFIRMATION_ERROR'],
    ),
    invalid(
      kit,
      'assertion-signed.subject-confirmation-no-expiry',
      'The bearer SubjectConfirmationData has no NotOnOrAfter (the profile requires one).',
      a({ subjectConfirmationNotOnOrAfter: null }),
      ['SUBJECT_CONFIRMATION_ERROR'],
    ),
    invalid(
      kit,
      'assertion-signed.no-bearer-confirmation',
      'Only a holder-of-key confirmation; Web SSO needs bearer.',
      a({ subjectConfirmationMethod: CONFIRMATION.holderOfKey }),
      ['SUBJECT_CONFIRMATION_ERROR'],
    ),
    invalid(
      kit,
      'assertion-signed.subject-confirmation-expired',
      'SubjectConfirmationData NotOnOrAfter past (beyond skew); Conditions still valid.',
      a({ subjectConfirmationNotOnOrAfter: plusSeconds(now, -61) }),
      ['SUBJECT_CONFIRMATION_ERROR'],
    ),

    invalid(
      kit,
      'assertion-signed.expired',
      'Conditions NotOnOrAfter 10 minutes ago.',
      a({ notOnOrAfter: plusSeconds(now, -600) }),
      ['ASSERTION_EXPIRED'],
    ),
    invalid(
      kit,
      'assertion-signed.expired.skew-setting-too-large',
      'Expired 10 minutes ago; the setting asks for 1 h of skew but the core caps it at 300 s.',
      a({ notOnOrAfter: plusSeconds(now, -600) }),
      ['ASSERTION_EXPIRED'],
      { setting: kit.settingWith({ clockSkewSeconds: 3600 }) },
    ),
    invalid(
      kit,
      'assertion-signed.not-on-or-after-unparseable',
      'NotOnOrAfter is not an xs:dateTime: the window must fail closed, not be ignored.',
      a({ notOnOrAfter: 'tomorrow' }),
      // Both truthful: the attribute breaks the schema, and the expiry check cannot pass (fail closed).
      ['RESPONSE_STRUCTURE_INVALID', 'ASSERTION_EXPIRED'],
    ),
    invalid(
      kit,
      'assertion-signed.not-yet-valid',
      'Conditions NotBefore 10 minutes ahead.',
      a({ notBefore: plusSeconds(now, 600) }),
      ['ASSERTION_NOT_YET_VALID'],
    ),
    invalid(
      kit,
      'assertion-signed.skew-outside.not-before',
      'NotBefore 61 s ahead: just outside the 60 s skew.',
      a({ notBefore: plusSeconds(now, 61) }),
      ['ASSERTION_NOT_YET_VALID'],
    ),
    invalid(
      kit,
      'assertion-signed.skew-outside.not-on-or-after',
      'NotOnOrAfter 61 s ago: just outside the 60 s skew.',
      a({ notOnOrAfter: plusSeconds(now, -61) }),
      ['ASSERTION_EXPIRED'],
    ),
    invalid(
      kit,
      'assertion-signed.skew-boundary.not-on-or-after',
      'now == NotOnOrAfter + skew: "on or after" means expired.',
      a({ notOnOrAfter: plusSeconds(now, -60) }),
      ['ASSERTION_EXPIRED'],
    ),

    invalid(
      kit,
      'assertion-signed.audience-mismatch',
      'The only Audience is another SP.',
      a({ audienceRestrictions: [['https://other-sp.example.test']] }),
      ['AUDIENCE_INVALID'],
    ),
    invalid(
      kit,
      'assertion-signed.audience-lookalike',
      'An Audience that merely starts with our entity id.',
      a({ audienceRestrictions: [[`${SP_ENTITY_ID}.evil.test`]] }),
      ['AUDIENCE_INVALID'],
    ),
    invalid(
      kit,
      'assertion-signed.no-audience-restriction',
      'Conditions without any AudienceRestriction: we require one naming us.',
      a({ audienceRestrictions: [] }),
      ['AUDIENCE_INVALID'],
    ),
    invalid(
      kit,
      'assertion-signed.no-conditions',
      'No Conditions element at all, hence no AudienceRestriction.',
      a({ includeConditions: false }),
      ['AUDIENCE_INVALID'],
    ),
    invalid(
      kit,
      'assertion-signed.audience-restriction-excludes-sp',
      'Two AudienceRestrictions; the second does not name us (all must hold).',
      a({ audienceRestrictions: [[SP_ENTITY_ID], ['https://other-sp.example.test']] }),
      ['AUDIENCE_INVALID'],
    ),

    invalid(
      kit,
      'assertion-signed.in-response-to-mismatch',
      'Answers another AuthnRequest than the one the caller expects.',
      a({ inResponseTo: '_req-someone-else-0042' }),
      ['IN_RESPONSE_TO_MISMATCH'],
    ),
    invalid(
      kit,
      'assertion-signed.subject-confirmation-in-response-to-mismatch',
      'The Response InResponseTo matches, the bearer confirmation names another request.',
      a({ subjectConfirmationInResponseTo: '_req-someone-else-0042' }),
      // Both truthful: it is a request-correlation failure found inside the subject confirmation.
      ['IN_RESPONSE_TO_MISMATCH', 'SUBJECT_CONFIRMATION_ERROR'],
    ),
    invalid(
      kit,
      'assertion-signed.unsolicited-not-allowed',
      'IdP-initiated response where the setting allows only SP-initiated ones.',
      a({ inResponseTo: null }),
      ['UNSOLICITED_RESPONSE_NOT_ALLOWED'],
      { inResponseTo: null },
    ),

    invalid(
      kit,
      'assertion-signed.nameid-absent',
      'A Subject with a bearer confirmation but no NameID, identity read from NameID.',
      a({ nameId: null }),
      ['SUBJECT_MISSING'],
    ),
    invalid(kit, 'assertion-signed.nameid-empty', 'An empty NameID element.', a({ nameId: '' }), [
      'SUBJECT_MISSING',
    ]),
    invalid(
      kit,
      'assertion-signed.identity-attribute-absent',
      'Identity read from an attribute the assertion does not carry.',
      a({}),
      ['SUBJECT_MISSING'],
      { setting: kit.settingWith({ identityLocation: { kind: 'attribute', name: 'User.EmployeeNumber' } }) },
    ),
    invalid(
      kit,
      'assertion-signed.subject-absent',
      'No Subject element at all.',
      a({ includeSubject: false }),
      // Both truthful: no subject, and therefore no bearer confirmation either.
      ['SUBJECT_MISSING', 'SUBJECT_CONFIRMATION_ERROR'],
    ),
  ];
}
