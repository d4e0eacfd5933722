import { createHash, verify, X509Certificate } from 'node:crypto';
import { canonicalize, parseXml } from '../../src/saml/index.js';
import type { XmlElement } from '../../src/saml/xml/tree.js';
import type { BenchCase, BenchFixtures, SignedResponse } from './fixtures.js';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

interface FloorInput {
  signatures: Array<{ signedInfo: Buffer; value: Buffer }>;
  /** What a verifier must hash at the very least: the response bytes, and the Assertion again when both are signed. */
  digested: Buffer[];
}

/** The floor as a timed operation; `run(i)` works on the i-th response, cycling. */
export interface CryptoFloor {
  name: 'crypto floor';
  run(index: number): void;
  size: number;
}

/**
 * The "crypto floor": the work no XML signature verifier can skip, with everything else done
 * ahead of time. Per signature one RSA-SHA256 verify of the canonical SignedInfo with a pre-parsed
 * KeyObject; plus SHA-256 over the response bytes (and over the Assertion's bytes when the
 * Response is signed too, since that case carries two digests).
 */
export function createCryptoFloor(fixtures: BenchFixtures, benchCase: BenchCase): CryptoFloor {
  const key = new X509Certificate(fixtures.idpCertPem).publicKey;
  const inputs = benchCase.valid.map((r) => floorInput(r, benchCase.signResponse));
  // The floor is only meaningful if it verifies the real signatures, and refuses a foreign key's.
  for (const input of inputs) {
    for (const s of input.signatures) {
      if (!verify('sha256', s.signedInfo, key, s.value)) {
        throw new Error(`crypto floor (${benchCase.name}): the canonical SignedInfo does not verify`);
      }
    }
  }
  const foreign = floorInput(benchCase.untrusted, benchCase.signResponse).signatures[0]!;
  if (verify('sha256', foreign.signedInfo, key, foreign.value)) {
    throw new Error(`crypto floor (${benchCase.name}): a foreign signature verified`);
  }
  return {
    name: 'crypto floor',
    size: inputs.length,
    run(index) {
      const input = inputs[index % inputs.length]!;
      for (const s of input.signatures) {
        if (!verify('sha256', s.signedInfo, key, s.value))
          throw new Error('crypto floor: signature did not verify');
      }
      for (const bytes of input.digested) createHash('sha256').update(bytes).digest();
    },
  };
}

function floorInput(response: SignedResponse, signResponse: boolean): FloorInput {
  const root = parseXml(response.xml);
  const assertion = elementChild(root, 'urn:oasis:names:tc:SAML:2.0:assertion', 'Assertion');
  const signed = signResponse ? [root, assertion] : [assertion];
  const signatures = signed.map((element) => {
    const signature = elementChild(element, DSIG, 'Signature');
    const signedInfo = elementChild(signature, DSIG, 'SignedInfo');
    const value = text(elementChild(signature, DSIG, 'SignatureValue')).replace(/\s+/g, '');
    return {
      signedInfo: Buffer.from(canonicalize(signedInfo), 'utf8'),
      value: Buffer.from(value, 'base64'),
    };
  });
  const digested = [Buffer.from(response.xml, 'utf8')];
  if (signResponse) {
    const start = response.xml.indexOf('<saml:Assertion ');
    const endTag = '</saml:Assertion>';
    const end = response.xml.indexOf(endTag);
    digested.push(Buffer.from(response.xml.slice(start, end + endTag.length), 'utf8'));
  }
  return { signatures, digested };
}

function elementChild(parent: XmlElement, ns: string, local: string): XmlElement {
  for (const child of parent.children) {
    if (child.type === 'element' && child.ns === ns && child.local === local) return child;
  }
  throw new Error(`crypto floor: ${parent.local} has no ${local}`);
}

function text(element: XmlElement): string {
  return element.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
}
