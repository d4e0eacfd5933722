import { X509Certificate, type KeyObject } from 'node:crypto';
import { SamlError } from './errors.js';

export interface TrustedKey {
  key: KeyObject;
  keyType: 'rsa' | 'ec';
  /** SHA-256 fingerprint, for reports. */
  fingerprint: string;
}

const cache = new Map<string, TrustedKey>();

/**
 * Parses a configured certificate (PEM or bare base64 DER) once and keeps its public key.
 * Trust comes only from here: a certificate inside the message's KeyInfo is never used.
 */
export function trustedKeyFromCertificate(certificate: string): TrustedKey {
  const cached = cache.get(certificate);
  if (cached) return cached;
  let x509: X509Certificate;
  try {
    const pem = certificate.includes('-----BEGIN')
      ? certificate
      : `-----BEGIN CERTIFICATE-----\n${certificate.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`;
    x509 = new X509Certificate(pem);
  } catch (cause) {
    throw new SamlError(
      'CERTIFICATE_INVALID',
      `a configured IdP certificate cannot be read: ${String(cause)}`,
      {
        check: 'certificate',
      },
    );
  }
  const key = x509.publicKey;
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') {
    throw new SamlError('CERTIFICATE_INVALID', `unsupported IdP key type ${String(type)}`, {
      check: 'certificate',
    });
  }
  const trusted: TrustedKey = { key, keyType: type, fingerprint: x509.fingerprint256 };
  if (cache.size > 1000) cache.clear();
  cache.set(certificate, trusted);
  return trusted;
}
