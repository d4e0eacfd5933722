import { BINDING_POST, NAMEID_UNSPECIFIED, NS } from '../namespaces.js';
import { element, serialize } from './xml-builder.js';
import type { XmlElement } from '../xml/tree.js';

export interface SpMetadataInput {
  spEntityId: string;
  acsUrl: string;
  signRequests: boolean;
  wantAssertionsSigned: boolean;
  /** PEM of the request-signing certificate, published as a signing key. */
  signingCertificate?: string;
}

/**
 * SP metadata (SAML metadata §2.4.4) an IdP admin imports to register Frontdesk.
 *
 * No SingleLogoutService is published: Frontdesk does not process SAML LogoutRequests, and an
 * IdP that believed it did would report a logout that never happened.
 *
 * @example
 * buildSpMetadata({ spEntityId, acsUrl, signRequests: false, wantAssertionsSigned: true });
 */
export function buildSpMetadata(input: SpMetadataInput): string {
  const md = (name: string, attributes = {}, children: Array<XmlElement | string> = []) =>
    element(NS.metadata, `md:${name}`, attributes, children);
  const descriptorChildren: Array<XmlElement | string> = [];
  if (input.signingCertificate) {
    const der = input.signingCertificate.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
    descriptorChildren.push(
      md('KeyDescriptor', { use: 'signing' }, [
        element(NS.dsig, 'ds:KeyInfo', {}, [
          element(NS.dsig, 'ds:X509Data', {}, [element(NS.dsig, 'ds:X509Certificate', {}, [der])]),
        ]),
      ]),
    );
  }
  descriptorChildren.push(
    md('NameIDFormat', {}, [NAMEID_UNSPECIFIED]),
    md('AssertionConsumerService', {
      Binding: BINDING_POST,
      Location: input.acsUrl,
      index: 0,
      isDefault: 'true',
    }),
  );
  const root = md('EntityDescriptor', { entityID: input.spEntityId }, [
    md(
      'SPSSODescriptor',
      {
        AuthnRequestsSigned: String(input.signRequests),
        WantAssertionsSigned: String(input.wantAssertionsSigned),
        protocolSupportEnumeration: NS.protocol,
      },
      descriptorChildren,
    ),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root)}`;
}
