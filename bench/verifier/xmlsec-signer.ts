import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An RSA key pair with a self-signed certificate, as files (for xmlsec1) and PEM text (for verifiers). */
export interface SigningIdentity {
  keyFile: string;
  certFile: string;
  certPem: string;
}

/**
 * Signs SAML documents with Debian's `xmlsec1`, an implementation independent of every contender,
 * so no verifier under test ever checks a signature it produced itself.
 */
export class XmlsecSigner {
  private readonly dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-'));
  private counter = 0;

  /** Fails loudly when a tool is missing: a benchmark without its signer would prove nothing. */
  static assertToolsPresent(): void {
    for (const [tool, args] of [
      ['xmlsec1', ['--version']],
      ['openssl', ['version']],
    ] as const) {
      const probe = spawnSync(tool, args, { encoding: 'utf8' });
      if (probe.error || probe.status !== 0) {
        throw new Error(`${tool} is required to sign benchmark responses (apt-get install xmlsec1 openssl)`);
      }
    }
  }

  /** A fresh RSA-2048 key and a self-signed certificate valid for two days. */
  createIdentity(commonName: string): SigningIdentity {
    const n = this.counter++;
    const keyFile = join(this.dir, `key-${n}.pem`);
    const certFile = join(this.dir, `cert-${n}.pem`);
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-sha256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    return { keyFile, certFile, certPem: readFileSync(certFile, 'utf8') };
  }

  /**
   * Fills the signature templates of `xml`: the Assertion's first, then (when present) the
   * Response's, whose digest must cover the already signed Assertion.
   */
  sign(xml: string, identity: SigningIdentity, options: { signResponse: boolean }): string {
    const n = this.counter++;
    const input = join(this.dir, `in-${n}.xml`);
    const middle = join(this.dir, `mid-${n}.xml`);
    const output = join(this.dir, `out-${n}.xml`);
    writeFileSync(input, xml);
    const common = [
      '--sign',
      '--privkey-pem',
      `${identity.keyFile},${identity.certFile}`,
      '--id-attr:ID',
      'urn:oasis:names:tc:SAML:2.0:assertion:Assertion',
      '--id-attr:ID',
      'urn:oasis:names:tc:SAML:2.0:protocol:Response',
    ];
    run('xmlsec1', [
      ...common,
      '--node-xpath',
      "/*[local-name()='Response']/*[local-name()='Assertion']/*[local-name()='Signature']",
      '--output',
      options.signResponse ? middle : output,
      input,
    ]);
    if (options.signResponse) {
      run('xmlsec1', [
        ...common,
        '--node-xpath',
        "/*[local-name()='Response']/*[local-name()='Signature']",
        '--output',
        output,
        middle,
      ]);
    }
    return readFileSync(output, 'utf8');
  }

  /** Removes the key material and intermediate files. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function run(tool: string, args: readonly string[]): void {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      `${tool} ${args.join(' ')} failed: ${result.error?.message ?? ''}${result.stderr ?? ''}`.trim(),
    );
  }
}
