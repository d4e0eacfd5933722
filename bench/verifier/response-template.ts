import { randomBytes } from 'node:crypto';

/** Who talks to whom in the benchmark's responses; the contenders are configured from the same values. */
export interface BenchParties {
  idpIssuer: string;
  spEntityId: string;
  acsUrl: string;
}

export const BENCH_PARTIES: BenchParties = {
  idpIssuer: 'https://idp.bench.example/saml/metadata',
  spEntityId: 'https://sp.bench.example/saml/metadata',
  acsUrl: 'https://sp.bench.example/sp/saml/acs/bench',
};

/** One directory user, as an IdP connector would map it onto SP attribute names. */
export interface BenchUser {
  federationId: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  department: string;
  accountNumber: string;
  accountName: string;
}

export interface ResponseTemplateInput {
  parties: BenchParties;
  user: BenchUser;
  /** Issue time; the validity window is built around it. */
  issuedAt: Date;
  /** How long Conditions and the bearer confirmation stay valid. */
  lifetimeMs: number;
  signResponse: boolean;
}

export interface ResponseTemplate {
  /** Unsigned XML with empty ds:Signature templates for xmlsec1 to fill. */
  xml: string;
  responseId: string;
  assertionId: string;
}

const SAML_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SAML_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const XS = 'http://www.w3.org/2001/XMLSchema';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** The attribute value the attack fixture rewrites after signing: a privilege escalation. */
export const TAMPER_TARGET = { from: '>Standard User<', to: '>System Administrator<' };

function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function newId(): string {
  // SAML IDs are xs:ID: they must not start with a digit.
  return `_${randomBytes(16).toString('hex')}`;
}

/** An enveloped RSA-SHA256 / exc-C14N signature template, the shape Okta-like IdPs emit. */
function signatureTemplate(referenceId: string, indent: string): string {
  const i = (n: number) => indent + '  '.repeat(n);
  return [
    `${i(0)}<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">`,
    `${i(1)}<ds:SignedInfo>`,
    `${i(2)}<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`,
    `${i(2)}<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>`,
    `${i(2)}<ds:Reference URI="#${referenceId}">`,
    `${i(3)}<ds:Transforms>`,
    `${i(4)}<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>`,
    `${i(4)}<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">`,
    `${i(5)}<ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/>`,
    `${i(4)}</ds:Transform>`,
    `${i(3)}</ds:Transforms>`,
    `${i(3)}<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>`,
    `${i(3)}<ds:DigestValue></ds:DigestValue>`,
    `${i(2)}</ds:Reference>`,
    `${i(1)}</ds:SignedInfo>`,
    `${i(1)}<ds:SignatureValue></ds:SignatureValue>`,
    `${i(1)}<ds:KeyInfo>`,
    `${i(2)}<ds:X509Data>`,
    `${i(3)}<ds:X509Certificate></ds:X509Certificate>`,
    `${i(2)}</ds:X509Data>`,
    `${i(1)}</ds:KeyInfo>`,
    `${i(0)}</ds:Signature>`,
  ].join('\n');
}

function attributes(user: BenchUser): Array<[string, string]> {
  return [
    ['User.Username', user.username],
    ['User.Email', user.email],
    ['User.FirstName', user.firstName],
    ['User.LastName', user.lastName],
    ['User.FederationIdentifier', user.federationId],
    ['User.ProfileId', 'Standard User'],
    ['User.UserRoleId', 'Sales Representative'],
    ['User.Title', user.title],
    ['User.Department', user.department],
    ['Contact.Email', user.email],
    ['Contact.LastName', user.lastName],
    ['Account.AccountNumber', user.accountNumber],
    ['Account.Name', user.accountName],
  ];
}

function attributeXml(name: string, value: string): string {
  return [
    `      <saml:Attribute Name="${xmlEscape(name)}">`,
    `        <saml:AttributeValue xsi:type="xs:string">${xmlEscape(value)}</saml:AttributeValue>`,
    `      </saml:Attribute>`,
  ].join('\n');
}

/**
 * A pretty-printed, IdP-initiated SAML 2.0 Response with one bearer Assertion and thirteen JIT
 * attributes, left unsigned with signature templates in place.
 */
export function buildResponseTemplate(input: ResponseTemplateInput): ResponseTemplate {
  const { parties, user, issuedAt, lifetimeMs } = input;
  const responseId = newId();
  const assertionId = newId();
  const issued = issuedAt.toISOString();
  // A little slack before the issue time, as IdPs do for clock drift.
  const notBefore = new Date(issuedAt.getTime() - 60_000).toISOString();
  const notOnOrAfter = new Date(issuedAt.getTime() + lifetimeMs).toISOString();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<samlp:Response xmlns:samlp="${SAML_PROTOCOL}" xmlns:saml="${SAML_ASSERTION}" ID="${responseId}" Version="2.0" IssueInstant="${issued}" Destination="${xmlEscape(parties.acsUrl)}">`,
    `  <saml:Issuer>${xmlEscape(parties.idpIssuer)}</saml:Issuer>`,
    ...(input.signResponse ? [signatureTemplate(responseId, '  ')] : []),
    '  <samlp:Status>',
    '    <samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>',
    '  </samlp:Status>',
    // xs is used only inside xsi:type values, hence PrefixList="xs" in the signature transforms.
    `  <saml:Assertion xmlns:xs="${XS}" xmlns:xsi="${XSI}" ID="${assertionId}" Version="2.0" IssueInstant="${issued}">`,
    `    <saml:Issuer>${xmlEscape(parties.idpIssuer)}</saml:Issuer>`,
    signatureTemplate(assertionId, '    '),
    '    <saml:Subject>',
    `      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${xmlEscape(user.federationId)}</saml:NameID>`,
    '      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">',
    `        <saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}" Recipient="${xmlEscape(parties.acsUrl)}"/>`,
    '      </saml:SubjectConfirmation>',
    '    </saml:Subject>',
    `    <saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}">`,
    '      <saml:AudienceRestriction>',
    `        <saml:Audience>${xmlEscape(parties.spEntityId)}</saml:Audience>`,
    '      </saml:AudienceRestriction>',
    '    </saml:Conditions>',
    `    <saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="${newId()}">`,
    '      <saml:AuthnContext>',
    '        <saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>',
    '      </saml:AuthnContext>',
    '    </saml:AuthnStatement>',
    '    <saml:AttributeStatement>',
    ...attributes(user).map(([name, value]) => attributeXml(name, value)),
    '    </saml:AttributeStatement>',
    '  </saml:Assertion>',
    '</samlp:Response>',
    '',
  ];
  return { xml: lines.join('\n'), responseId, assertionId };
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Support'];

/** A deterministic, plausible directory user; `n` varies every field so each response differs. */
export function benchUser(n: number): BenchUser {
  const first = FIRST[n % FIRST.length]!;
  const last = LAST[(n * 3 + 1) % LAST.length]!;
  const handle = `${first}.${last}${n}`.toLowerCase();
  return {
    federationId: `fed-${String(100_000 + n)}`,
    username: `${handle}@bench.example`,
    email: `${handle}@mail.bench.example`,
    firstName: first,
    lastName: last,
    title: 'Senior Account Executive',
    department: DEPARTMENTS[n % DEPARTMENTS.length]!,
    accountNumber: `ACC-${String(40_000 + n)}`,
    accountName: `Bench Customer ${n} & Sons, Ltd.`,
  };
}
