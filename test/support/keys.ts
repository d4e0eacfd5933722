/**
 * Test key material, made at test time with the openssl CLI and never committed.
 *
 * Certificates are valid from 2020 to 2040 so that fixtures dated at a fixed `now` stay inside
 * their validity whatever the machine clock says (`openssl req -x509` can only start "now", so
 * the self-signed certificate is issued with `openssl ca -selfsign`, which takes explicit dates).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One private key with its self-signed certificate, as PEM text and as files. */
export interface KeyMaterial {
  /** Short label, also the file stem: `idp`, `attacker`, `ec`. */
  name: string;
  keyType: 'rsa' | 'ec';
  privateKeyPem: string;
  certificatePem: string;
  /** The certificate as bare base64 DER, the way metadata and KeyInfo carry it. */
  certificateBase64: string;
  privateKeyPath: string;
  certificatePath: string;
}

/** Every key the SAML tests use. */
export interface TestKeys {
  /** The trusted IdP signing key (RSA-2048). */
  idp: KeyMaterial;
  /** Another RSA-2048 key that no setting trusts. */
  attacker: KeyMaterial;
  /** An EC P-256 key, trusted only by the settings that say so. */
  ec: KeyMaterial;
  /** The temporary directory holding the files; removed when the process exits. */
  dir: string;
}

const CA_CONFIG = `[ ca ]
default_ca = self
[ self ]
database = ./index.txt
new_certs_dir = .
rand_serial = yes
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
x509_extensions = leaf
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
`;

function openssl(args: string[], cwd: string): void {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`openssl ${args[0] ?? ''} failed (${String(result.status)}): ${result.stderr}`);
  }
}

function makeKey(root: string, name: string, keyType: 'rsa' | 'ec', commonName: string): KeyMaterial {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  const keyOpts =
    keyType === 'rsa'
      ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
      : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  openssl(['genpkey', ...keyOpts, '-out', 'key.pem'], dir);
  openssl(['req', '-new', '-key', 'key.pem', '-subj', `/CN=${commonName}`, '-out', 'req.csr'], dir);
  openssl(
    [
      'ca',
      '-batch',
      '-selfsign',
      '-config',
      'ca.cnf',
      '-keyfile',
      'key.pem',
      '-in',
      'req.csr',
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20400101000000Z',
      '-notext',
      '-out',
      'cert.pem',
    ],
    dir,
  );
  const privateKeyPath = join(dir, 'key.pem');
  const certificatePath = join(dir, 'cert.pem');
  const certificatePem = readFileSync(certificatePath, 'utf8');
  return {
    name,
    keyType,
    privateKeyPem: readFileSync(privateKeyPath, 'utf8'),
    certificatePem,
    certificateBase64: pemBody(certificatePem),
    privateKeyPath,
    certificatePath,
  };
}

/** The base64 between the PEM armour lines, without line breaks. */
export function pemBody(pem: string): string {
  return pem
    .replace(/-----(BEGIN|END) [A-Z ]+-----/g, '')
    .replace(/\s+/g, '')
    .trim();
}

let cached: TestKeys | undefined;

/**
 * The keys for this process, generated on first use (about half a second) and reused after.
 * @example const { idp } = getTestKeys(); setting.idpCertificates = [idp.certificatePem];
 */
export function getTestKeys(): TestKeys {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-saml-keys-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  cached = {
    idp: makeKey(dir, 'idp', 'rsa', 'idp.example.test'),
    attacker: makeKey(dir, 'attacker', 'rsa', 'idp.example.test'),
    ec: makeKey(dir, 'ec', 'ec', 'idp-ec.example.test'),
    dir,
  };
  return cached;
}
