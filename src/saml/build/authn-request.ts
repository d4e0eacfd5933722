import { sign, type KeyObject } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { BINDING_POST, NAMEID_UNSPECIFIED, NS } from '../namespaces.js';
import { RSA_SHA256, signElement } from './sign.js';
import { element, serialize } from './xml-builder.js';

export interface AuthnRequestInput {
  id: string;
  issueInstant: Date;
  spEntityId: string;
  acsUrl: string;
  idpLoginUrl: string;
  forceAuthn?: boolean;
}

/** Builds a SAML 2.0 AuthnRequest asking for an HTTP-POST answer at our ACS. */
export function buildAuthnRequest(input: AuthnRequestInput, signingKey?: KeyObject): string {
  const request = element(
    NS.protocol,
    'samlp:AuthnRequest',
    {
      ID: input.id,
      Version: '2.0',
      IssueInstant: samlTime(input.issueInstant),
      Destination: input.idpLoginUrl,
      AssertionConsumerServiceURL: input.acsUrl,
      ProtocolBinding: BINDING_POST,
      ForceAuthn: input.forceAuthn ? 'true' : undefined,
    },
    [
      element(NS.assertion, 'saml:Issuer', {}, [input.spEntityId]),
      element(NS.protocol, 'samlp:NameIDPolicy', { Format: NAMEID_UNSPECIFIED, AllowCreate: 'true' }),
    ],
  );
  if (signingKey) signElement(request, signingKey, 1);
  return serialize(request);
}

/** SAML time: UTC, second precision. */
export function samlTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The HTTP-Redirect binding (bindings §3.4.4): DEFLATE, base64, and when signing, a signature
 * over the exact query string so the IdP can verify it without re-encoding.
 */
export function redirectBindingUrl(
  idpLoginUrl: string,
  requestXml: string,
  relayState: string | null,
  signingKey?: KeyObject,
): string {
  let query = `SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.from(requestXml, 'utf8')).toString('base64'))}`;
  if (relayState) query += `&RelayState=${encodeURIComponent(relayState)}`;
  if (signingKey) {
    query += `&SigAlg=${encodeURIComponent(RSA_SHA256)}`;
    const signature = sign('sha256', Buffer.from(query, 'utf8'), signingKey).toString('base64');
    query += `&Signature=${encodeURIComponent(signature)}`;
  }
  return `${idpLoginUrl}${idpLoginUrl.includes('?') ? '&' : '?'}${query}`;
}
