/**
 * Builds SAML 2.0 `samlp:Response` documents for tests, one `saml:Assertion` inside, with every
 * part overridable. Times derive from an injected `now`; nothing reads the clock.
 */
import { el, serialize } from './xml-writer.js';
import type { AttributeInput, XmlElement } from './xml-writer.js';
import { NS, namesFor } from './namespace-styles.js';
import type { NamespaceStyle, Names } from './namespace-styles.js';

export { NS } from './namespace-styles.js';
export type { NamespaceStyle } from './namespace-styles.js';

export const STATUS = {
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  requester: 'urn:oasis:names:tc:SAML:2.0:status:Requester',
  responder: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
  authnFailed: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
} as const;

export const CONFIRMATION = {
  bearer: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
  holderOfKey: 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key',
  senderVouches: 'urn:oasis:names:tc:SAML:2.0:cm:sender-vouches',
} as const;

export const NAMEID_FORMAT = {
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  email: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
} as const;

const ATTRNAME_BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
const PASSWORD_CLASS = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

/** The fixed test clock. */
export const FIXED_NOW = new Date('2026-01-01T10:00:00Z');
export const IDP_ISSUER = 'https://idp.example.test/metadata';
export const SP_ENTITY_ID = 'https://sp.example.test';
export const ACS_URL = 'https://sp.example.test/sp/saml/acs/example';
export const REQUEST_ID = '_req-5f0c2d8a1b7e4c3d9a6f';

/** A value carrying every character that must be escaped, plus non-ASCII and a non-BMP one. */
export const SPECIAL_VALUE = `Ångström & Søn <Nordic> "AB" 'Ltd' — 東京 🚀`;

/** Default attributes: JIT names, a multi-valued one, and special characters. */
export const DEFAULT_ATTRIBUTES: AttributeSpec[] = [
  { name: 'User.Email', values: ['alice.jones@example.test'] },
  { name: 'User.FirstName', values: ['Alice'] },
  { name: 'User.LastName', values: ['Jones-Ångström'] },
  { name: 'User.Username', values: ['alice.jones@sp.example.test'] },
  { name: 'User.ProfileId', values: ['Standard User'] },
  { name: 'User.FederationIdentifier', values: ['fed-alice-0001'] },
  { name: 'Account.Name', values: [SPECIAL_VALUE], friendlyName: 'Company "legal" <name> & Co\tØ' },
  { name: 'Account.AccountNumber', values: ['ACME-0001'] },
  { name: 'Groups', values: ['Engineering', 'R&D <core>', 'Ops "on-call"'] },
];

export interface AttributeSpec {
  name: string;
  values: string[];
  /** Default `basic`; `null` leaves it out. */
  nameFormat?: string | null;
  /** Carries special characters in an XML attribute, to exercise attribute escaping in C14N. */
  friendlyName?: string;
}

export interface StatusSpec {
  code: string;
  /** A nested second-level StatusCode. */
  subCode?: string;
  message?: string;
}

export interface SubjectConfirmationSpec {
  method: string;
  /** `null` leaves SubjectConfirmationData out entirely. */
  data?: {
    recipient?: string | null;
    notOnOrAfter?: Date | string | null;
    notBefore?: Date | string | null;
    inResponseTo?: string | null;
  } | null;
}

/** Everything is optional; `null` means "leave this out". */
export interface ResponseOptions {
  now?: Date;
  responseId?: string;
  assertionId?: string;
  version?: string;
  issueInstant?: Date | string;
  assertionIssueInstant?: Date | string;
  responseIssuer?: string | null;
  assertionIssuer?: string;
  destination?: string | null;
  /** InResponseTo on the Response; also the default for SubjectConfirmationData. */
  inResponseTo?: string | null;
  /** InResponseTo on SubjectConfirmationData when it differs from the Response's. */
  subjectConfirmationInResponseTo?: string | null;
  status?: StatusSpec;
  /** `false`: a Response with no Assertion at all. */
  includeAssertion?: boolean;
  /** `false`: an Assertion with no Subject element. */
  includeSubject?: boolean;
  nameId?: string | null;
  nameIdFormat?: string | null;
  subjectConfirmationMethod?: string;
  recipient?: string | null;
  subjectConfirmationNotOnOrAfter?: Date | string | null;
  /** Replaces the single default confirmation entirely. */
  subjectConfirmations?: SubjectConfirmationSpec[];
  /** `false`: no Conditions element. */
  includeConditions?: boolean;
  notBefore?: Date | string | null;
  notOnOrAfter?: Date | string | null;
  /** One inner array per AudienceRestriction; `[]` means no AudienceRestriction. */
  audienceRestrictions?: string[][];
  /** `false`: no AuthnStatement. */
  includeAuthnStatement?: boolean;
  sessionIndex?: string | null;
  authnInstant?: Date | string;
  /** `null`: no AttributeStatement. */
  attributes?: AttributeSpec[] | null;
  namespaceStyle?: NamespaceStyle;
  pretty?: boolean;
  /** Prepend `<?xml version="1.0" encoding="UTF-8"?>`. Default true. */
  xmlDeclaration?: boolean;
}

/** xs:dateTime in UTC without fractions, as IdPs send it. */
export function samlTime(value: Date | string): string {
  return typeof value === 'string' ? value : value.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function optTime(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : samlTime(value);
}

/** `now` shifted by whole seconds. */
export function plusSeconds(now: Date, seconds: number): Date {
  return new Date(now.getTime() + seconds * 1000);
}

function statusElement(n: Names, status: StatusSpec): XmlElement {
  const inner = status.subCode ? el(n.p('StatusCode'), { Value: status.subCode }) : null;
  return el(
    n.p('Status'),
    {},
    el(n.p('StatusCode'), { Value: status.code }, inner),
    status.message !== undefined ? el(n.p('StatusMessage'), {}, status.message) : null,
  );
}

function confirmations(
  o: ResponseOptions,
  now: Date,
  inResponseTo: string | null,
): SubjectConfirmationSpec[] {
  if (o.subjectConfirmations) return o.subjectConfirmations;
  const scInResponseTo =
    o.subjectConfirmationInResponseTo !== undefined ? o.subjectConfirmationInResponseTo : inResponseTo;
  return [
    {
      method: o.subjectConfirmationMethod ?? CONFIRMATION.bearer,
      data: {
        notOnOrAfter:
          o.subjectConfirmationNotOnOrAfter !== undefined
            ? o.subjectConfirmationNotOnOrAfter
            : plusSeconds(now, 300),
        recipient: o.recipient !== undefined ? o.recipient : ACS_URL,
        inResponseTo: scInResponseTo,
      },
    },
  ];
}

/** The Assertion element alone; `standalone` declares every namespace it uses on itself. */
export function buildAssertionElement(options: ResponseOptions = {}, standalone = false): XmlElement {
  const o = options;
  const now = o.now ?? FIXED_NOW;
  const n = namesFor(o.namespaceStyle ?? 'prefixed');
  const inResponseTo = o.inResponseTo !== undefined ? o.inResponseTo : REQUEST_ID;
  const style = o.namespaceStyle ?? 'prefixed';
  const ownNs: AttributeInput = !standalone
    ? n.assertionNs
    : style === 'prefixed'
      ? { 'xmlns:saml': NS.assertion, 'xmlns:xs': NS.xs, 'xmlns:xsi': NS.xsi }
      : style === 'inherited-default'
        ? { xmlns: NS.assertion, 'xmlns:xs': NS.xs, 'xmlns:xsi': NS.xsi }
        : n.assertionNs;

  const nameIdValue = o.nameId !== undefined ? o.nameId : 'fed-alice-0001';
  const nameIdFormat = o.nameIdFormat !== undefined ? o.nameIdFormat : NAMEID_FORMAT.unspecified;
  const subject =
    o.includeSubject === false
      ? null
      : el(
          n.a('Subject'),
          {},
          nameIdValue === null ? null : el(n.a('NameID'), { Format: nameIdFormat }, nameIdValue),
          confirmations(o, now, inResponseTo).map((sc) =>
            el(
              n.a('SubjectConfirmation'),
              { Method: sc.method },
              sc.data
                ? el(n.a('SubjectConfirmationData'), {
                    NotBefore: optTime(sc.data.notBefore),
                    NotOnOrAfter: optTime(sc.data.notOnOrAfter),
                    Recipient: sc.data.recipient,
                    InResponseTo: sc.data.inResponseTo,
                  })
                : null,
            ),
          ),
        );

  const audiences = o.audienceRestrictions ?? [[SP_ENTITY_ID]];
  const conditions =
    o.includeConditions === false
      ? null
      : el(
          n.a('Conditions'),
          {
            NotBefore: optTime(o.notBefore !== undefined ? o.notBefore : plusSeconds(now, -30)),
            NotOnOrAfter: optTime(o.notOnOrAfter !== undefined ? o.notOnOrAfter : plusSeconds(now, 300)),
          },
          audiences.map((list) =>
            el(
              n.a('AudienceRestriction'),
              {},
              list.map((aud) => el(n.a('Audience'), {}, aud)),
            ),
          ),
        );

  const authn =
    o.includeAuthnStatement === false
      ? null
      : el(
          n.a('AuthnStatement'),
          {
            AuthnInstant: samlTime(o.authnInstant ?? plusSeconds(now, -5)),
            SessionIndex: o.sessionIndex !== undefined ? o.sessionIndex : '_session-7c1e0b',
            SessionNotOnOrAfter: samlTime(plusSeconds(now, 8 * 3600)),
          },
          el(n.a('AuthnContext'), {}, el(n.a('AuthnContextClassRef'), {}, PASSWORD_CLASS)),
        );

  const attributes = o.attributes !== undefined ? o.attributes : DEFAULT_ATTRIBUTES;
  const attributeStatement =
    attributes === null
      ? null
      : el(
          n.a('AttributeStatement'),
          {},
          attributes.map((attr) =>
            el(
              n.a('Attribute'),
              {
                Name: attr.name,
                NameFormat: attr.nameFormat !== undefined ? attr.nameFormat : ATTRNAME_BASIC,
                FriendlyName: attr.friendlyName,
              },
              attr.values.map((value) =>
                el(
                  n.a('AttributeValue'),
                  n.typedValues ? { ...n.valueNs, 'xsi:type': 'xs:string' } : {},
                  value === '' ? null : value,
                ),
              ),
            ),
          ),
        );

  return el(
    n.a('Assertion'),
    {
      ...ownNs,
      ID: o.assertionId ?? '_assertion-3b9e2f61c4d8a7e5',
      Version: '2.0',
      IssueInstant: samlTime(o.assertionIssueInstant ?? plusSeconds(now, -2)),
    },
    el(n.a('Issuer'), {}, o.assertionIssuer ?? IDP_ISSUER),
    subject,
    conditions,
    authn,
    attributeStatement,
  );
}

/**
 * A whole `samlp:Response` as text.
 * @example const xml = buildResponseXml({ audienceRestrictions: [['https://other.example']] });
 */
export function buildResponseXml(options: ResponseOptions = {}): string {
  const o = options;
  const now = o.now ?? FIXED_NOW;
  const n = namesFor(o.namespaceStyle ?? 'prefixed');
  const inResponseTo = o.inResponseTo !== undefined ? o.inResponseTo : REQUEST_ID;
  const responseIssuer = o.responseIssuer !== undefined ? o.responseIssuer : IDP_ISSUER;
  const root = el(
    n.p('Response'),
    {
      ...n.rootNs,
      ID: o.responseId ?? '_response-8d41a7c09e2b6f13',
      Version: o.version ?? '2.0',
      IssueInstant: samlTime(o.issueInstant ?? plusSeconds(now, -2)),
      Destination: o.destination !== undefined ? o.destination : ACS_URL,
      InResponseTo: inResponseTo,
    },
    responseIssuer === null ? null : el(n.a('Issuer'), n.issuerNs, responseIssuer),
    statusElement(n, o.status ?? { code: STATUS.success }),
    o.includeAssertion === false ? null : buildAssertionElement(o),
  );
  return withDeclaration(serialize(root, { pretty: o.pretty ?? true }), o.xmlDeclaration);
}

/** A bare Assertion as the document root (not a valid SAMLResponse: for structure tests). */
export function buildAssertionXml(options: ResponseOptions = {}): string {
  return withDeclaration(
    serialize(buildAssertionElement(options, true), { pretty: options.pretty ?? true }),
    options.xmlDeclaration,
  );
}

function withDeclaration(body: string, declaration: boolean | undefined): string {
  return declaration === false ? body : `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}

/** base64 of the UTF-8 bytes, as the HTTP-POST binding carries it. */
export function toBase64(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}
