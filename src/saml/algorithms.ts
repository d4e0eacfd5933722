/** Allowlists checked before any cryptography runs. SHA-1 only where a setting opts in. */

export interface SignatureAlgorithm {
  hash: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  keyType: 'rsa' | 'ec';
  weak: boolean;
}

export const SIGNATURE_ALGORITHMS: Readonly<Record<string, SignatureAlgorithm>> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { hash: 'sha256', keyType: 'rsa', weak: false },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { hash: 'sha384', keyType: 'rsa', weak: false },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { hash: 'sha512', keyType: 'rsa', weak: false },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { hash: 'sha256', keyType: 'ec', weak: false },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { hash: 'sha384', keyType: 'ec', weak: false },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { hash: 'sha512', keyType: 'ec', weak: false },
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': { hash: 'sha1', keyType: 'rsa', weak: true },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1': { hash: 'sha1', keyType: 'ec', weak: true },
};

export interface DigestAlgorithm {
  hash: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  weak: boolean;
}

export const DIGEST_ALGORITHMS: Readonly<Record<string, DigestAlgorithm>> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': { hash: 'sha256', weak: false },
  'http://www.w3.org/2001/04/xmldsig-more#sha384': { hash: 'sha384', weak: false },
  'http://www.w3.org/2001/04/xmlenc#sha512': { hash: 'sha512', weak: false },
  'http://www.w3.org/2000/09/xmldsig#sha1': { hash: 'sha1', weak: true },
};

/** Looks an algorithm up by URI; only the table's own entries count (never `constructor` & co.). */
export function signatureAlgorithmFor(uri: string): SignatureAlgorithm | undefined {
  return Object.hasOwn(SIGNATURE_ALGORITHMS, uri) ? SIGNATURE_ALGORITHMS[uri] : undefined;
}

export function digestAlgorithmFor(uri: string): DigestAlgorithm | undefined {
  return Object.hasOwn(DIGEST_ALGORITHMS, uri) ? DIGEST_ALGORITHMS[uri] : undefined;
}
