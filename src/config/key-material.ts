import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Either a value or the reason there is none, phrased to follow a config path. */
export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

const FILE_PREFIX = 'file:';
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The text a `PEM or file:` value stands for: the value itself, or the content of the file it
 * names, resolved against `baseDir`.
 *
 * @example
 * readPemOrFile('file:certs/idp.crt', '/etc/frontdesk'); // reads /etc/frontdesk/certs/idp.crt
 */
export function readPemOrFile(value: string, baseDir: string): Loaded<{ text: string; file?: string }> {
  if (!value.startsWith(FILE_PREFIX)) return { ok: true, value: { text: value } };
  const relative = value.slice(FILE_PREFIX.length);
  if (relative.trim() === '') return { ok: false, message: '"file:" must be followed by a path' };
  const file = resolve(baseDir, relative);
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return { ok: false, message: `${value} (${file}) is not a regular file` };
    // Key files are a few KiB; a large one is a wrong path, not a key.
    if (stats.size > MAX_FILE_BYTES) return { ok: false, message: `${value} (${file}) is larger than 1 MiB` };
    return { ok: true, value: { text: readFileSync(file, 'utf8'), file } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : String(error);
    return { ok: false, message: `cannot read ${value} (${file}): ${reason}` };
  }
}

/**
 * Reads and parses one trusted certificate: PEM, bare base64 DER (as found in IdP metadata) or
 * `file:`. Returns it as canonical PEM. Exactly one certificate per entry, RSA or EC, because
 * those are the only keys the verifier can use; finding out at login time would be too late.
 *
 * @example
 * const cert = loadCertificate('file:certs/idp.crt', configDir);
 * if (!cert.ok) console.error(cert.message);
 */
export function loadCertificate(value: string, baseDir: string): Loaded<string> {
  const read = readPemOrFile(value, baseDir);
  if (!read.ok) return read;
  const { text, file } = read.value;
  const origin = file === undefined ? '' : ` in ${file}`;
  const blocks = text.match(/-----BEGIN ([A-Z0-9 ]+)-----/g) ?? [];
  let pem: string;
  if (blocks.length === 0) {
    const base64 = text.replace(/\s+/g, '');
    // A certificate's DER is hundreds of bytes; anything short is not one pasted bare.
    if (base64.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
      return {
        ok: false,
        message: `is not a PEM certificate ("-----BEGIN CERTIFICATE-----" missing)${origin}`,
      };
    }
    pem = `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
  } else {
    const certificates = blocks.filter((block) => block === '-----BEGIN CERTIFICATE-----').length;
    if (certificates === 0) {
      return { ok: false, message: `contains ${blocks[0]?.slice(11, -5)}, not a CERTIFICATE${origin}` };
    }
    if (blocks.length > 1) {
      return {
        ok: false,
        message: `contains ${blocks.length} PEM blocks${origin}; list each certificate as its own entry`,
      };
    }
    pem = text;
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    return { ok: false, message: `is not a valid X.509 certificate${origin}: ${reason(error)}` };
  }
  const type = certificate.publicKey.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') {
    return {
      ok: false,
      message: `has a ${String(type)} key${origin}; only RSA and EC certificates are supported`,
    };
  }
  return { ok: true, value: certificate.toString() };
}

/**
 * Reads and parses an unencrypted RSA or EC private key (PEM or `file:`).
 *
 * @example
 * const key = loadPrivateKey('file:keys/sp-signing.key', configDir);
 */
export function loadPrivateKey(value: string, baseDir: string): Loaded<{ pem: string; key: KeyObject }> {
  const read = readPemOrFile(value, baseDir);
  if (!read.ok) return read;
  const { text, file } = read.value;
  const origin = file === undefined ? '' : ` in ${file}`;
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text)) {
    return {
      ok: false,
      message: `is an encrypted private key${origin}; provide it unencrypted with restricted file permissions`,
    };
  }
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(text)) {
    return {
      ok: false,
      message: `is not a PEM private key ("-----BEGIN PRIVATE KEY-----" missing)${origin}`,
    };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch (error) {
    return { ok: false, message: `is not a valid private key${origin}: ${reason(error)}` };
  }
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') {
    return { ok: false, message: `is a ${String(type)} key${origin}; only RSA and EC keys are supported` };
  }
  return { ok: true, value: { pem: key.export({ type: 'pkcs8', format: 'pem' }).toString(), key } };
}

/**
 * Whether a PEM certificate carries the public half of `key`.
 *
 * @example
 * certificateMatchesKey(certPem, signingKey.key); // false when the pair was mixed up
 */
export function certificateMatchesKey(certificatePem: string, key: KeyObject): boolean {
  return new X509Certificate(certificatePem).checkPrivateKey(key);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
