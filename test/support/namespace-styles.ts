/**
 * Namespace declaration styles for built responses. Real IdPs differ here, and each style puts
 * different demands on exclusive canonicalization of the signed element.
 */
import type { AttributeInput } from './xml-writer.js';

/** Namespace URIs used in built documents. */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  xs: 'http://www.w3.org/2001/XMLSchema',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/**
 * How namespaces are declared, to exercise canonicalization:
 * - `prefixed`: `samlp:`/`saml:` declared once on the root, with `xs`/`xsi` for typed values (SimpleSAMLphp-like);
 * - `default`: default namespaces, redeclared on Issuer and Assertion (ADFS-like);
 * - `local`: `saml2p:`/`saml2:`, each declared on the element that first uses it (Okta/OpenSAML-like);
 * - `inherited-default`: the root declares the assertion namespace as default, so the unprefixed
 *   Assertion inherits it (exclusive C14N must render it on the signed element).
 */
export type NamespaceStyle = 'prefixed' | 'default' | 'local' | 'inherited-default';

/** Qualified-name makers and the namespace declarations each element carries in a style. */
export interface Names {
  p: (local: string) => string;
  a: (local: string) => string;
  rootNs: AttributeInput;
  issuerNs: AttributeInput;
  assertionNs: AttributeInput;
  valueNs: AttributeInput;
  typedValues: boolean;
}

export function namesFor(style: NamespaceStyle): Names {
  switch (style) {
    case 'prefixed':
      return {
        p: (l) => `samlp:${l}`,
        a: (l) => `saml:${l}`,
        rootNs: {
          'xmlns:samlp': NS.protocol,
          'xmlns:saml': NS.assertion,
          'xmlns:xs': NS.xs,
          'xmlns:xsi': NS.xsi,
        },
        issuerNs: {},
        assertionNs: {},
        valueNs: {},
        typedValues: true,
      };
    case 'default':
      return {
        p: (l) => l,
        a: (l) => l,
        rootNs: { xmlns: NS.protocol },
        issuerNs: { xmlns: NS.assertion },
        assertionNs: { xmlns: NS.assertion },
        valueNs: {},
        typedValues: false,
      };
    case 'inherited-default':
      return {
        p: (l) => `samlp:${l}`,
        a: (l) => l,
        rootNs: { 'xmlns:samlp': NS.protocol, xmlns: NS.assertion, 'xmlns:xs': NS.xs, 'xmlns:xsi': NS.xsi },
        issuerNs: {},
        assertionNs: {},
        valueNs: {},
        typedValues: true,
      };
    case 'local':
      return {
        p: (l) => `saml2p:${l}`,
        a: (l) => `saml2:${l}`,
        rootNs: { 'xmlns:saml2p': NS.protocol },
        issuerNs: { 'xmlns:saml2': NS.assertion },
        assertionNs: { 'xmlns:saml2': NS.assertion, 'xmlns:xs': NS.xs },
        valueNs: { 'xmlns:xsi': NS.xsi },
        typedValues: true,
      };
  }
}
