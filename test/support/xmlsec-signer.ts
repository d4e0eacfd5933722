/**
 * An independent signer and verifier: Debian's `xmlsec1` (libxmlsec1 1.2.x over libxml2 and OpenSSL).
 * Fixtures signed here prove that the core interoperates with a signer it shares no code with, and
 * verifying attack fixtures here proves an attack is real (a naive verifier would accept it).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { KeyMaterial } from './keys.js';
import { afterChild, find, findAll, getAttribute } from './xml-surgery.js';
import type { Span } from './xml-surgery.js';

export type SignatureAlgorithm =
  'rsa-sha1' | 'rsa-sha256' | 'rsa-sha384' | 'rsa-sha512' | 'ecdsa-sha256' | 'hmac-sha256';
export type DigestAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';
export type Canonicalization = 'exclusive' | 'exclusive-with-comments' | 'inclusive';

export const ALGORITHM_URI: Record<SignatureAlgorithm, string> = {
  'rsa-sha1': 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'rsa-sha384': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'rsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'ecdsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  'hmac-sha256': 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256',
};

export const DIGEST_URI: Record<DigestAlgorithm, string> = {
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha384: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
};

export const C14N_URI: Record<Canonicalization, string> = {
  exclusive: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  'exclusive-with-comments': 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  inclusive: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
};

const ENVELOPED_URI = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const XPATH_URI = 'http://www.w3.org/TR/1999/REC-xpath-19991116';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

const ID_ATTRS = [
  '--id-attr:ID',
  'urn:oasis:names:tc:SAML:2.0:protocol:Response',
  '--id-attr:ID',
  'urn:oasis:names:tc:SAML:2.0:assertion:Assertion',
];

/** How one signature is made. Defaults: RSA-SHA256 (ECDSA-SHA256 for EC keys), SHA-256, exclusive C14N. */
export interface SignatureSpec {
  /** The signing key; its certificate goes into KeyInfo unless `keyInfo: 'none'`. */
  key: KeyMaterial;
  signatureAlgorithm?: SignatureAlgorithm;
  digestAlgorithm?: DigestAlgorithm;
  /** SignedInfo's CanonicalizationMethod. */
  canonicalization?: Canonicalization;
  /** The reference's canonicalization transform; defaults to `canonicalization`. */
  transformCanonicalization?: Canonicalization;
  /** Adds an XPath transform (after enveloped-signature) with this expression. */
  xpathTransform?: string;
  /** `InclusiveNamespaces PrefixList` on the exclusive C14N transform. */
  inclusiveNamespaces?: string;
  keyInfo?: 'certificate' | 'none';
  /** Defaults to `#` + the signed element's ID. */
  referenceUri?: string;
  /** Further References in the same SignedInfo. */
  extraReferenceUris?: string[];
  /** For `hmac-sha256`: a file holding the raw HMAC key. */
  hmacKeyPath?: string;
  /** Prefix of the XML-DSig elements; `''` declares XML-DSig as the default namespace. Default `ds`. */
  prefix?: string;
}

function defaultAlgorithm(spec: SignatureSpec): SignatureAlgorithm {
  return spec.signatureAlgorithm ?? (spec.key.keyType === 'ec' ? 'ecdsa-sha256' : 'rsa-sha256');
}

function reference(uri: string, spec: SignatureSpec, q: (local: string) => string): string {
  const c14n = spec.transformCanonicalization ?? spec.canonicalization ?? 'exclusive';
  const prefixList =
    spec.inclusiveNamespaces !== undefined
      ? `<ec:InclusiveNamespaces xmlns:ec="${C14N_URI.exclusive}" PrefixList="${spec.inclusiveNamespaces}"/>`
      : '';
  const xpath =
    spec.xpathTransform !== undefined
      ? `<${q('Transform')} Algorithm="${XPATH_URI}"><${q('XPath')}>${spec.xpathTransform}</${q('XPath')}></${q('Transform')}>`
      : '';
  return (
    `<${q('Reference')} URI="${uri}"><${q('Transforms')}>` +
    `<${q('Transform')} Algorithm="${ENVELOPED_URI}"/>${xpath}` +
    `<${q('Transform')} Algorithm="${C14N_URI[c14n]}">${prefixList}</${q('Transform')}>` +
    `</${q('Transforms')}><${q('DigestMethod')} Algorithm="${DIGEST_URI[spec.digestAlgorithm ?? 'sha256']}"/>` +
    `<${q('DigestValue')}></${q('DigestValue')}></${q('Reference')}>`
  );
}

/** The unsigned `ds:Signature` template xmlsec1 fills in. */
export function signatureTemplate(targetId: string, spec: SignatureSpec): string {
  const algorithm = defaultAlgorithm(spec);
  const prefix = spec.prefix ?? 'ds';
  const q = (local: string): string => (prefix === '' ? local : `${prefix}:${local}`);
  const xmlns = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
  const uris = [spec.referenceUri ?? `#${targetId}`, ...(spec.extraReferenceUris ?? [])];
  const keyInfo =
    (spec.keyInfo ?? 'certificate') === 'certificate' && algorithm !== 'hmac-sha256'
      ? `<${q('KeyInfo')}><${q('X509Data')}></${q('X509Data')}></${q('KeyInfo')}>`
      : '';
  return (
    `<${q('Signature')} ${xmlns}="${DS}"><${q('SignedInfo')}>` +
    `<${q('CanonicalizationMethod')} Algorithm="${C14N_URI[spec.canonicalization ?? 'exclusive']}"/>` +
    `<${q('SignatureMethod')} Algorithm="${ALGORITHM_URI[algorithm]}"/>` +
    uris.map((uri) => reference(uri, spec, q)).join('') +
    `</${q('SignedInfo')}><${q('SignatureValue')}></${q('SignatureValue')}>${keyInfo}</${q('Signature')}>`
  );
}

let workDir: string | undefined;
function scratch(): string {
  if (!workDir) {
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-xmlsec-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    workDir = dir;
  }
  return workDir;
}

let counter = 0;
function runXmlsec(args: string[], xml: string): { status: number | null; output: string; outFile: string } {
  const base = join(scratch(), `doc-${process.pid}-${++counter}`);
  const inFile = `${base}.xml`;
  const outFile = `${base}.out.xml`;
  writeFileSync(inFile, xml);
  const result = spawnSync('xmlsec1', [...args, '--output', outFile, inFile], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}`, outFile };
}

const signCache = new Map<string, string>();

/** Where a target's signature goes: after its Issuer (schema position), else as its first child. */
function insertionPoint(xml: string, target: Span): number {
  return afterChild(xml, target, 'Issuer');
}

function targetSpan(xml: string, target: SignTarget): Span {
  if (target === 'response') return find(xml, findRootLocalName(xml));
  return find(xml, 'Assertion', target === 'assertion' ? 0 : target.assertionIndex);
}

function findRootLocalName(xml: string): string {
  const match = /<(?![?!])([^\s/>]+)/.exec(xml);
  const qname = match?.[1] ?? '';
  return qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
}

/** `response` is the document element, whatever it is; `assertion` the first Assertion. */
export type SignTarget = 'response' | 'assertion' | { assertionIndex: number };

/**
 * Inserts a signature template into the target element and has xmlsec1 sign it. Results are cached
 * per process by input, so the same document is signed once.
 * @example const signed = signXml(buildResponseXml(), 'assertion', { key: keys.idp });
 */
export function signXml(xml: string, target: SignTarget, spec: SignatureSpec): string {
  const cacheKey = createHash('sha256')
    .update(JSON.stringify({ xml, target, spec: { ...spec, key: spec.key.privateKeyPath } }))
    .digest('hex');
  const hit = signCache.get(cacheKey);
  if (hit !== undefined) return hit;

  const span = targetSpan(xml, target);
  const id = getAttribute(xml, span, 'ID');
  if (id === undefined) throw new Error(`<${span.qname}> has no ID`);
  const at = insertionPoint(xml, span);
  const signatureIndex = findAll(xml.slice(0, at), 'Signature').length + 1;
  const template = xml.slice(0, at) + signatureTemplate(id, spec) + xml.slice(at);

  const algorithm = defaultAlgorithm(spec);
  const keyArgs =
    algorithm === 'hmac-sha256'
      ? ['--hmackey', spec.hmacKeyPath ?? '']
      : ['--privkey-pem', `${spec.key.privateKeyPath},${spec.key.certificatePath}`];
  const run = runXmlsec(
    [
      '--sign',
      ...keyArgs,
      ...ID_ATTRS,
      '--node-xpath',
      `(//*[local-name()='Signature' and namespace-uri()='${DS}'])[${signatureIndex}]`,
    ],
    template,
  );
  if (run.status !== 0) throw new Error(`xmlsec1 --sign failed: ${run.output}`);
  const signed = readFileSync(run.outFile, 'utf8');
  signCache.set(cacheKey, signed);
  return signed;
}

/**
 * Signs what the spec names; with both, the assertion first and then the response, as IdPs do.
 * @example signResponse(xml, { assertion: { key: keys.idp }, response: { key: keys.idp } })
 */
export function signResponse(
  xml: string,
  signing: { assertion?: SignatureSpec | undefined; response?: SignatureSpec | undefined },
): string {
  let out = xml;
  if (signing.assertion) out = signXml(out, 'assertion', signing.assertion);
  if (signing.response) out = signXml(out, 'response', signing.response);
  return out;
}

/** XPath (for xmlsec1) of the root's own signature and of the first assertion's. */
export const SIGNATURE_XPATH = {
  response: "/*/*[local-name()='Signature']",
  assertion: "/*/*[local-name()='Assertion']/*[local-name()='Signature']",
} as const;

export interface XmlsecVerification {
  ok: boolean;
  output: string;
}

/**
 * Verifies one signature with xmlsec1 against a pinned certificate (KeyInfo is not used: only the
 * pinned key's data type is enabled).
 * @example verifyWithXmlsec(xml, { key: keys.idp, signatureXPath: SIGNATURE_XPATH.assertion }).ok
 */
export function verifyWithXmlsec(
  xml: string,
  options: { key: KeyMaterial; signatureXPath: string },
): XmlsecVerification {
  const run = runXmlsec(
    [
      '--verify',
      '--pubkey-cert-pem',
      options.key.certificatePath,
      '--enabled-key-data',
      options.key.keyType === 'ec' ? 'ecdsa' : 'rsa',
      ...ID_ATTRS,
      '--node-xpath',
      options.signatureXPath,
    ],
    xml,
  );
  return { ok: run.status === 0 && /^OK$/m.test(run.output), output: run.output };
}
