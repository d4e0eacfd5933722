import type { KeyObject } from 'node:crypto';
import { samlTime } from '../../src/saml/build/authn-request.js';
import { signElement } from '../../src/saml/build/sign.js';
import { element, serialize } from '../../src/saml/build/xml-builder.js';
import { BEARER, NAMEID_UNSPECIFIED, NS, STATUS_SUCCESS } from '../../src/saml/namespaces.js';
import type { XmlElement } from '../../src/saml/xml/tree.js';

/** Where the bench IdP's responses go and what they claim; shared by signer, server and proof. */
export interface BenchIdentity {
  idpIssuer: string;
  spEntityId: string;
  acsUrl: string;
}

/** The person one assertion signs in. */
export interface BenchPerson {
  federationId: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  profile: string;
}

export interface AssertionInput {
  /** Unique per login: the replay cache refuses a second use of an assertion ID. */
  assertionId: string;
  responseId: string;
  person: BenchPerson;
  now: Date;
  validitySeconds: number;
}

const PASSWORD_TRANSPORT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
const ATTRNAME_BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';

const saml = (name: string, attributes = {}, children: Array<XmlElement | string> = []) =>
  element(NS.assertion, `saml:${name}`, attributes, children);

function attribute(name: string, value: string): XmlElement {
  return saml('Attribute', { Name: name, NameFormat: ATTRNAME_BASIC }, [saml('AttributeValue', {}, [value])]);
}

/**
 * One IdP-initiated (unsolicited) SAML Response, its Assertion signed with RSA-SHA256 by
 * `key`, as the XML text a browser would post (before base64). Built as a tree and signed
 * with the same serializer the SP uses for its own messages; a sample of every pool is
 * checked by xmlsec1 so that shared code cannot hide a signing bug.
 */
export function signedResponseXml(identity: BenchIdentity, input: AssertionInput, key: KeyObject): string {
  const { person, now } = input;
  const expires = samlTime(new Date(now.getTime() + input.validitySeconds * 1000));
  const issued = samlTime(now);
  const assertion = saml('Assertion', { ID: input.assertionId, Version: '2.0', IssueInstant: issued }, [
    saml('Issuer', {}, [identity.idpIssuer]),
    saml('Subject', {}, [
      saml('NameID', { Format: NAMEID_UNSPECIFIED }, [person.federationId]),
      saml('SubjectConfirmation', { Method: BEARER }, [
        saml('SubjectConfirmationData', { NotOnOrAfter: expires, Recipient: identity.acsUrl }),
      ]),
    ]),
    saml('Conditions', { NotBefore: samlTime(new Date(now.getTime() - 30_000)), NotOnOrAfter: expires }, [
      saml('AudienceRestriction', {}, [saml('Audience', {}, [identity.spEntityId])]),
    ]),
    saml('AuthnStatement', { AuthnInstant: issued, SessionIndex: `_s${input.assertionId.slice(1)}` }, [
      saml('AuthnContext', {}, [saml('AuthnContextClassRef', {}, [PASSWORD_TRANSPORT])]),
    ]),
    saml('AttributeStatement', {}, [
      attribute('User.Username', person.username),
      attribute('User.Email', person.email),
      attribute('User.FirstName', person.firstName),
      attribute('User.LastName', person.lastName),
      attribute('User.ProfileId', person.profile),
    ]),
  ]);
  // The signature goes right after the Issuer, where the SAML schema wants it.
  signElement(assertion, key, 1);
  const response = element(
    NS.protocol,
    'samlp:Response',
    {
      ID: input.responseId,
      Version: '2.0',
      IssueInstant: issued,
      Destination: identity.acsUrl,
    },
    [
      saml('Issuer', {}, [identity.idpIssuer]),
      element(NS.protocol, 'samlp:Status', {}, [
        element(NS.protocol, 'samlp:StatusCode', { Value: STATUS_SUCCESS }),
      ]),
      assertion,
    ],
  );
  return serialize(response);
}

/** The ACS form body for one response, as a browser's auto-submitted form encodes it. */
export function acsFormBody(responseXml: string, relayState: string): string {
  const samlResponse = Buffer.from(responseXml, 'utf8').toString('base64');
  return `SAMLResponse=${encodeURIComponent(samlResponse)}&RelayState=${encodeURIComponent(relayState)}`;
}
