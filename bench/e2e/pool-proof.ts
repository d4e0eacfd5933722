import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KeyMaterial } from '../../test/support/keys.js';
import { SIGNATURE_XPATH, verifyWithXmlsec } from '../../test/support/xmlsec-signer.js';
import type { Pool } from './pool.js';

export interface PoolProof {
  pool: string;
  checked: number;
  /** Samples xmlsec1 accepted: must equal `checked`. */
  accepted: number;
  /** A sample with its NameID altered after signing: xmlsec1 must refuse it. */
  tamperedRejected: boolean;
}

/** The XML of one pool line (`SAMLResponse=…&RelayState=…`). */
export function responseXmlOfBody(body: string): string {
  const value = new URLSearchParams(body).get('SAMLResponse');
  if (value === null) throw new Error('pool line without SAMLResponse');
  return Buffer.from(value, 'base64').toString('utf8');
}

function sampleLines(pool: Pool, samples: number): string[] {
  const lines = pool.files.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean));
  const picked: string[] = [lines[0]!, lines[lines.length - 1]!];
  while (picked.length < Math.min(samples, lines.length)) picked.push(lines[randomInt(lines.length)]!);
  return picked;
}

/**
 * Proves a pool is correctly signed by an independent verifier: xmlsec1 (libxmlsec1 over
 * OpenSSL, no code shared with Frontdesk) checks a sample of its assertions against the IdP
 * certificate alone, and must refuse one whose NameID was changed after signing.
 */
export function provePool(pool: Pool, key: KeyMaterial, samples = 8): PoolProof {
  const lines = sampleLines(pool, samples);
  let accepted = 0;
  for (const line of lines) {
    const run = verifyWithXmlsec(responseXmlOfBody(line), { key, signatureXPath: SIGNATURE_XPATH.assertion });
    if (run.ok) accepted++;
    else process.stderr.write(`[e2e] xmlsec1 refused a ${pool.name} sample:\n${run.output}\n`);
  }
  const tampered = responseXmlOfBody(lines[0]!).replace(/(<saml:NameID[^>]*>)/, '$1x');
  const tamperedRejected = !verifyWithXmlsec(tampered, { key, signatureXPath: SIGNATURE_XPATH.assertion }).ok;
  return { pool: pool.name, checked: lines.length, accepted, tamperedRejected };
}
