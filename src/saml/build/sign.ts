import { createHash, sign, type KeyObject } from 'node:crypto';
import { ENVELOPED_SIGNATURE, NS } from '../namespaces.js';
import { canonicalize, EXC_C14N } from '../xml/c14n.js';
import type { XmlElement } from '../xml/tree.js';
import { attr } from '../xml/tree.js';
import { appendChild, element } from './xml-builder.js';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/**
 * Adds an enveloped RSA-SHA256 signature over `target` (which must carry an ID), placed at
 * `position` among its children — SAML schemas want it right after the Issuer.
 */
export function signElement(
  target: XmlElement,
  key: KeyObject,
  position: number,
  certificateBase64?: string,
): void {
  const id = attr(target, 'ID');
  if (!id) throw new Error('the element to sign needs an ID');
  const digest = createHash('sha256').update(canonicalize(target), 'utf8').digest('base64');
  const ds = (name: string, attributes = {}, children: Array<XmlElement | string> = []) =>
    element(NS.dsig, `ds:${name}`, attributes, children);
  const signedInfo = ds('SignedInfo', {}, [
    ds('CanonicalizationMethod', { Algorithm: EXC_C14N }),
    ds('SignatureMethod', { Algorithm: RSA_SHA256 }),
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
  const value = sign('sha256', Buffer.from(canonicalize(signedInfo), 'utf8'), key).toString('base64');
  appendChild(signature, ds('SignatureValue', {}, [value]));
  if (certificateBase64) {
    appendChild(
      signature,
      ds('KeyInfo', {}, [ds('X509Data', {}, [ds('X509Certificate', {}, [certificateBase64])])]),
    );
  }
}
