import { readFileSync, writeFileSync } from 'node:fs';
import { BENCH_PARTIES, benchUser, buildResponseTemplate, TAMPER_TARGET } from './response-template.js';
import type { BenchParties } from './response-template.js';
import { XmlsecSigner, type SigningIdentity } from './xmlsec-signer.js';

/** The two shapes the issue sets targets for. */
export type BenchCaseName = 'assertion-signed' | 'response-and-assertion-signed';

export interface SignedResponse {
  xml: string;
  /** As the HTTP-POST binding carries it. */
  base64: string;
  nameId: string;
}

export interface BenchCase {
  name: BenchCaseName;
  signResponse: boolean;
  /** Distinct valid responses (different users and IDs), cycled during timing. */
  valid: SignedResponse[];
  /** valid[0] with one attribute value changed after signing. */
  tampered: SignedResponse;
  /** A valid-looking response signed by a key nobody trusts (its own cert rides in KeyInfo). */
  untrusted: SignedResponse;
}

export interface BenchFixtures {
  parties: BenchParties;
  /** The trusted IdP certificate, PEM. */
  idpCertPem: string;
  /** When the responses were issued; every one is valid from a minute before until `validUntil`. */
  issuedAt: Date;
  validUntil: Date;
  cases: BenchCase[];
}

const RESPONSES_PER_CASE = 4;
/** Long enough to outlive any sensible benchmark run, so contenders that read the wall clock still accept. */
const LIFETIME_MS = 2 * 3600_000;

function encode(xml: string, nameId: string): SignedResponse {
  return { xml, base64: Buffer.from(xml, 'utf8').toString('base64'), nameId };
}

/**
 * Makes the benchmark's responses now, signed by xmlsec1 with a key made for this run. Fresh
 * responses let every contender check the real time window against its own clock.
 */
export function createFixtures(): BenchFixtures {
  XmlsecSigner.assertToolsPresent();
  const signer = new XmlsecSigner();
  try {
    const idp = signer.createIdentity('frontdesk-bench-idp');
    const attacker = signer.createIdentity('frontdesk-bench-idp');
    const issuedAt = new Date();
    const cases = (['assertion-signed', 'response-and-assertion-signed'] as const).map((name, c) =>
      createCase(signer, idp, attacker, name, issuedAt, c * 100),
    );
    return {
      parties: BENCH_PARTIES,
      idpCertPem: idp.certPem,
      issuedAt,
      validUntil: new Date(issuedAt.getTime() + LIFETIME_MS),
      cases,
    };
  } finally {
    signer.dispose();
  }
}

function createCase(
  signer: XmlsecSigner,
  idp: SigningIdentity,
  attacker: SigningIdentity,
  name: BenchCaseName,
  issuedAt: Date,
  userOffset: number,
): BenchCase {
  const signResponse = name === 'response-and-assertion-signed';
  const make = (identity: SigningIdentity, n: number): SignedResponse => {
    const user = benchUser(userOffset + n);
    const template = buildResponseTemplate({
      parties: BENCH_PARTIES,
      user,
      issuedAt,
      lifetimeMs: LIFETIME_MS,
      signResponse,
    });
    return encode(signer.sign(template.xml, identity, { signResponse }), user.federationId);
  };
  const valid = Array.from({ length: RESPONSES_PER_CASE }, (_, n) => make(idp, n));
  const first = valid[0]!;
  if (!first.xml.includes(TAMPER_TARGET.from)) throw new Error('tamper target missing from the response');
  const tampered = encode(first.xml.replace(TAMPER_TARGET.from, TAMPER_TARGET.to), first.nameId);
  const untrusted = make(attacker, RESPONSES_PER_CASE);
  return { name, signResponse, valid, tampered, untrusted };
}

/** Writes fixtures for another process (the profiled loop), so signing stays out of its profile. */
export function saveFixtures(fixtures: BenchFixtures, file: string): void {
  writeFileSync(file, JSON.stringify(fixtures));
}

export function loadFixtures(file: string): BenchFixtures {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as BenchFixtures & {
    issuedAt: string;
    validUntil: string;
  };
  return { ...raw, issuedAt: new Date(raw.issuedAt), validUntil: new Date(raw.validUntil) };
}
