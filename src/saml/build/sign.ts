import { createHash, sign, type KeyObject } from 'node:crypto';
import { ENVELOPED_SIGNATURE, NS } from '../namespaces.js';
import { canonicalize, EXC_C14N } from '../xml/c14n.js';
import type { XmlElement } from '../xml/tree.js';
import { attr } from '../xml/tree.js';
import { appendChild, element } from './xml-builder.js';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** How a key signs: the algorithm URI to declare and the raw signature value it produces. */
export interface SigningAlgorithm {
  /** The XML-DSig SignatureMethod URI, also the Redirect binding's SigAlg. */
  uri: string;
  sign(data: Buffer): Buffer;
}

/**
 * The signature algorithm a private key can honestly declare: RSA keys sign RSA-SHA256, EC keys
 * ECDSA-SHA256. ECDSA values are the fixed-width r||s (IEEE P1363) that XML-DSig prescribes
 * (RFC 4050/RFC 6931), not the DER sequence Node produces by default.
 *
 * @example
 * signingAlgorithm(ecKey).uri; // 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256'
 */
export function signingAlgorithm(key: KeyObject): SigningAlgorithm {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { uri: RSA_SHA256, sign: (data) => sign('sha256', data, key) };
    case 'ec':
      return {
        uri: ECDSA_SHA256,
        sign: (data) => sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }),
      };
    default:
      throw new Error(`cannot sign with a ${String(key.asymmetricKeyType)} key; use RSA or EC`);
  }
}

/**
 * Adds an enveloped signature over `target` (which must carry an ID), placed at `position` among
 * its children — SAML schemas want it right after the Issuer. RSA-SHA256 or ECDSA-SHA256,
 * whichever `key` is (see {@link signingAlgorithm}).
 */
export function signElement(
  target: XmlElement,
  key: KeyObject,
  position: number,
  certificateBase64?: string,
): void {
  const id = attr(target, 'ID');
  if (!id) throw new Error('the element to sign needs an ID');
  const algorithm = signingAlgorithm(key);
  const digest = createHash('sha256').update(canonicalize(target), 'utf8').digest('base64');
  const ds = (name: string, attributes = {}, children: Array<XmlElement | string> = []) =>
    element(NS.dsig, `ds:${name}`, attributes, children);
  const signedInfo = ds('SignedInfo', {}, [
    ds('CanonicalizationMethod', { Algorithm: EXC_C14N }),
    ds('SignatureMethod', { Algorithm: algorithm.uri }),
    ds('Reference', { URI: `#${id}` }, [
      ds('Transforms', {}, [
        ds('Transform', { Algorithm: ENVELOPED_SIGNATURE }),
        ds('Transform', { Algorithm: EXC_C14N }),
      ]),
      ds('DigestMethod', { Algorithm: SHA256 }),
      ds('DigestValue', {}, [digest]),
    ]),
  ]);
  const signature = ds('Signature', {}, [signedInfo]);
  appendChild(target, signature, position);
  const value = algorithm.sign(Buffer.from(canonicalize(signedInfo), 'utf8')).toString('base64');
  appendChild(signature, ds('SignatureValue', {}, [value]));
  if (certificateBase64) {
    appendChild(
      signature,
      ds('KeyInfo', {}, [ds('X509Data', {}, [ds('X509Certificate', {}, [certificateBase64])])]),
    );
  }
}
