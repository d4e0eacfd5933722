import { createHash, timingSafeEqual, verify } from 'node:crypto';
import { digestAlgorithmFor, signatureAlgorithmFor } from './algorithms.js';
import { SamlError } from './errors.js';
import { ENVELOPED_SIGNATURE, NS } from './namespaces.js';
import type { TrustedKey } from './trusted-keys.js';
import { canonicalize, EXC_C14N } from './xml/c14n.js';
import type { XmlElement } from './xml/tree.js';
import { attr, childElements, hasElementChildren, singleChild, textContent } from './xml/tree.js';

export interface SignaturePolicy {
  allowSha1: boolean;
  keys: readonly TrustedKey[];
}

function fail(
  code: ConstructorParameters<typeof SamlError>[0],
  message: string,
  expected?: string,
  received?: string,
) {
  return new SamlError(code, message, { check: 'signature', expected, received });
}

function requireChild(parent: XmlElement, local: string): XmlElement {
  const found = singleChild(parent, NS.dsig, local);
  if (!found) throw fail('SIGNATURE_INVALID', `ds:${parent.local} must contain exactly one ds:${local}`);
  return found;
}

function inclusivePrefixes(method: XmlElement): string[] {
  for (const child of childElements(method)) {
    if (child.local === 'InclusiveNamespaces' && child.ns === EXC_C14N) {
      return parsePrefixList(attr(child, 'PrefixList') ?? '');
    }
    throw fail('TRANSFORM_FORBIDDEN', `unexpected ${child.name} inside ${method.name}`);
  }
  return [];
}

/** Real IdPs list a handful of prefixes; a long list only multiplies canonicalization work. */
const MAX_INCLUSIVE_PREFIXES = 16;
const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

function parsePrefixList(list: string): string[] {
  const prefixes = [...new Set(list.split(/[ \t\r\n]+/).filter(Boolean))];
  if (prefixes.length > MAX_INCLUSIVE_PREFIXES) {
    throw fail(
      'TRANSFORM_FORBIDDEN',
      'InclusiveNamespaces lists too many prefixes',
      `<= ${MAX_INCLUSIVE_PREFIXES}`,
      String(prefixes.length),
    );
  }
  for (const prefix of prefixes) {
    if (prefix !== '#default' && !NCNAME.test(prefix)) {
      throw fail(
        'TRANSFORM_FORBIDDEN',
        'InclusiveNamespaces names something that is not a prefix',
        'NCName or #default',
        prefix,
      );
    }
  }
  return prefixes;
}

function decodeBase64(element: XmlElement, what: string): Buffer {
  if (hasElementChildren(element)) throw fail('SIGNATURE_INVALID', `${what} must be text`);
  const text = textContent(element).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw fail('SIGNATURE_INVALID', `${what} is not base64`);
  }
  return Buffer.from(text, 'base64');
}

/**
 * Verifies the enveloped signature `signature` over `signed`, its parent. Returns nothing: when
 * it returns, `signed` — this very tree element — is what the IdP signed. Only exclusive C14N and
 * the enveloped-signature transform are accepted; the Reference must name `signed` by its ID.
 *
 * @example verifyEnvelopedSignature(assertion, signatureElement, { allowSha1: false, keys })
 */
export function verifyEnvelopedSignature(
  signed: XmlElement,
  signature: XmlElement,
  policy: SignaturePolicy,
): void {
  const signedInfo = requireChild(signature, 'SignedInfo');
  const signatureValue = requireChild(signature, 'SignatureValue');
  const infoChildren = childElements(signedInfo);
  const [c14nMethod, signatureMethod, ...references] = infoChildren;
  if (!c14nMethod || c14nMethod.local !== 'CanonicalizationMethod' || c14nMethod.ns !== NS.dsig) {
    throw fail('SIGNATURE_INVALID', 'SignedInfo must start with CanonicalizationMethod');
  }
  if (!signatureMethod || signatureMethod.local !== 'SignatureMethod' || signatureMethod.ns !== NS.dsig) {
    throw fail('SIGNATURE_INVALID', 'SignedInfo must name a SignatureMethod');
  }
  const c14nAlgorithm = attr(c14nMethod, 'Algorithm') ?? '';
  if (c14nAlgorithm !== EXC_C14N) {
    throw fail('TRANSFORM_FORBIDDEN', 'canonicalization must be exclusive C14N', EXC_C14N, c14nAlgorithm);
  }
  const signatureAlgorithmUri = attr(signatureMethod, 'Algorithm') ?? '';
  const signatureAlgorithm = signatureAlgorithmFor(signatureAlgorithmUri);
  if (!signatureAlgorithm || (signatureAlgorithm.weak && !policy.allowSha1)) {
    throw fail(
      'SIGNATURE_ALGORITHM_FORBIDDEN',
      'signature algorithm is not allowed',
      'RSA or ECDSA with SHA-256/384/512',
      signatureAlgorithmUri,
    );
  }
  if (references.length !== 1) {
    throw fail(
      'SIGNATURE_REFERENCE_INVALID',
      'SignedInfo must hold exactly one Reference',
      '1',
      String(references.length),
    );
  }
  const reference = references[0]!;
  if (reference.local !== 'Reference' || reference.ns !== NS.dsig) {
    throw fail('SIGNATURE_INVALID', `unexpected ${reference.name} in SignedInfo`);
  }
  const id = attr(signed, 'ID');
  const uri = attr(reference, 'URI');
  if (!id || uri !== `#${id}`) {
    throw fail(
      'SIGNATURE_REFERENCE_INVALID',
      'the signature does not cover its parent element',
      `#${id ?? ''}`,
      uri ?? '(none)',
    );
  }

  const prefixes = checkTransforms(reference);
  const digestMethod = requireChild(reference, 'DigestMethod');
  const digestUri = attr(digestMethod, 'Algorithm') ?? '';
  const digestAlgorithm = digestAlgorithmFor(digestUri);
  if (!digestAlgorithm || (digestAlgorithm.weak && !policy.allowSha1)) {
    throw fail(
      'SIGNATURE_ALGORITHM_FORBIDDEN',
      'digest algorithm is not allowed',
      'SHA-256/384/512',
      digestUri,
    );
  }
  const expectedDigest = decodeBase64(requireChild(reference, 'DigestValue'), 'DigestValue');
  const actualDigest = createHash(digestAlgorithm.hash)
    .update(canonicalize(signed, { exclude: signature, inclusivePrefixes: prefixes }), 'utf8')
    .digest();
  if (expectedDigest.length !== actualDigest.length || !timingSafeEqual(expectedDigest, actualDigest)) {
    throw fail('DIGEST_MISMATCH', 'the signed content was changed after signing');
  }

  const canonicalInfo = canonicalize(signedInfo, { inclusivePrefixes: inclusivePrefixes(c14nMethod) });
  const value = decodeBase64(signatureValue, 'SignatureValue');
  const data = Buffer.from(canonicalInfo, 'utf8');
  for (const trusted of policy.keys) {
    if (trusted.keyType !== signatureAlgorithm.keyType) continue;
    const ok =
      trusted.keyType === 'ec'
        ? verify(signatureAlgorithm.hash, data, { key: trusted.key, dsaEncoding: 'ieee-p1363' }, value)
        : verify(signatureAlgorithm.hash, data, trusted.key, value);
    if (ok) return;
  }
  throw fail(
    'SIGNATURE_INVALID',
    'the signature does not verify with any trusted certificate',
    policy.keys.map((k) => k.fingerprint).join(', '),
  );
}

/** Accepts exactly: enveloped-signature, then exclusive C14N. Returns its inclusive prefixes. */
function checkTransforms(reference: XmlElement): string[] {
  const transformsElement = singleChild(reference, NS.dsig, 'Transforms');
  if (!transformsElement) throw fail('TRANSFORM_FORBIDDEN', 'a Reference must list its Transforms');
  const transforms = childElements(transformsElement);
  const algorithms = transforms.map((t) =>
    t.local === 'Transform' && t.ns === NS.dsig ? attr(t, 'Algorithm') : null,
  );
  const expected = `${ENVELOPED_SIGNATURE}, ${EXC_C14N}`;
  if (algorithms.length !== 2 || algorithms[0] !== ENVELOPED_SIGNATURE || algorithms[1] !== EXC_C14N) {
    throw fail(
      'TRANSFORM_FORBIDDEN',
      'only enveloped-signature then exclusive C14N are accepted',
      expected,
      algorithms.join(', '),
    );
  }
  if (childElements(transforms[0]!).length > 0)
    throw fail('TRANSFORM_FORBIDDEN', 'enveloped-signature takes no parameters');
  return inclusivePrefixes(transforms[1]!);
}
