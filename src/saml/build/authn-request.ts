import type { KeyObject } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { BINDING_POST, NAMEID_UNSPECIFIED, NS } from '../namespaces.js';
import { signElement, signingAlgorithm } from './sign.js';
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
 *
 * SigAlg is the XML-DSig URI for the key (bindings §3.4.4.1), and the Signature parameter is the
 * signature value as XML-DSig defines it for that URI: for ECDSA the r||s concatenation (IEEE
 * P1363), the same bytes a POST-binding `<ds:SignatureValue>` holds. Some IdPs verify the query
 * signature with a plain DER ECDSA verifier (Java OpenSAML uses JCA `SHA256withECDSA`); with
 * those, sign requests with an RSA key or use the POST binding.
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
    const algorithm = signingAlgorithm(signingKey);
    query += `&SigAlg=${encodeURIComponent(algorithm.uri)}`;
    const signature = algorithm.sign(Buffer.from(query, 'utf8')).toString('base64');
    query += `&Signature=${encodeURIComponent(signature)}`;
  }
  return `${idpLoginUrl}${idpLoginUrl.includes('?') ? '&' : '?'}${query}`;
}
