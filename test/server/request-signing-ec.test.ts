import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { parseXml } from '../../src/saml/xml/parser.js';
import { SETTING_API_NAME, startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { getTestKeys } from '../support/keys.js';
import { FIXED_NOW } from '../support/response-builder.js';

const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';

/** Runs `xmlsec1 --verify` on an AuthnRequest with the given certificate; returns its exit status. */
function xmlsecVerify(xml: string, certificatePem: string): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-ec-authn-'));
  try {
    writeFileSync(join(dir, 'request.xml'), xml);
    writeFileSync(join(dir, 'sp.crt'), certificatePem);
    const run = spawnSync(
      'xmlsec1',
      [
        '--verify',
        '--pubkey-cert-pem',
        join(dir, 'sp.crt'),
        '--enabled-key-data',
        'ecdsa',
        '--id-attr:ID',
        'urn:oasis:names:tc:SAML:2.0:protocol:AuthnRequest',
        join(dir, 'request.xml'),
      ],
      { encoding: 'utf8' },
    );
    return { status: run.status, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The EC P-256 key and certificate are made with the openssl CLI at test time (test/support/keys.ts).
describe('SP-initiated login signed with an EC key', () => {
  const ec = getTestKeys().ec;
  let redirect: Harness;
  let post: Harness;
  before(async () => {
    const signing = {
      signRequests: true,
      requestSigningKey: ec.privateKeyPem,
      requestSigningCertificate: ec.certificatePem,
    };
    redirect = await startHarness({ setting: signing, now: tickingClock(FIXED_NOW) });
    post = await startHarness({
      setting: { ...signing, requestBinding: 'HTTP-POST' },
      now: tickingClock(FIXED_NOW),
    });
  });
  after(async () => {
    await redirect.close();
    await post.close();
  });

  it('POST binding: declares ecdsa-sha256 and xmlsec1 verifies the enveloped signature', async () => {
    const res = await fetch(`${post.url}/sp/saml/login/${SETTING_API_NAME}?RelayState=%2Fec`);
    assert.equal(res.status, 200);
    const samlRequest = /name="SAMLRequest" value="([^"]+)"/.exec(await res.text())![1]!;
    const xml = Buffer.from(samlRequest, 'base64').toString('utf8');
    assert.ok(xml.includes(`<ds:SignatureMethod Algorithm="${ECDSA_SHA256}">`));
    const value = /<ds:SignatureValue>([^<]+)</.exec(xml)![1]!;
    assert.equal(Buffer.from(value, 'base64').length, 64, 'P-256 r||s is 64 bytes, not DER');
    const ok = xmlsecVerify(xml, ec.certificatePem);
    assert.equal(ok.status, 0, ok.stderr);
    const tampered = xmlsecVerify(
      xml.replace('https://sp.example.test<', 'https://evil.example.test<'),
      ec.certificatePem,
    );
    assert.notEqual(tampered.status, 0);
  });

  it('Redirect binding: SigAlg is ecdsa-sha256 and the query signature verifies as IEEE P1363', async () => {
    const res = await fetch(`${redirect.url}/sp/saml/login/${SETTING_API_NAME}?RelayState=%2Fec`, {
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    const location = res.headers.get('location')!;
    const query = location.slice(location.indexOf('?') + 1);
    const signedPart = query.slice(0, query.indexOf('&Signature='));
    const params = new URL(location).searchParams;
    assert.equal(params.get('SigAlg'), ECDSA_SHA256);
    const signature = Buffer.from(params.get('Signature')!, 'base64');
    assert.equal(signature.length, 64);
    const key = { key: createPublicKey(ec.certificatePem), dsaEncoding: 'ieee-p1363' as const };
    assert.ok(verify('sha256', Buffer.from(signedPart), key, signature));
    assert.ok(!verify('sha256', Buffer.from(signedPart.replace('%2Fec', '%2Fev')), key, signature));
    const xml = inflateRawSync(Buffer.from(params.get('SAMLRequest')!, 'base64')).toString('utf8');
    const request = parseXml(xml);
    assert.equal(request.local, 'AuthnRequest');
    assert.doesNotMatch(xml, /Signature/, 'the Redirect binding signs the query, not the XML');
  });

  it('metadata publishes the EC signing certificate', async () => {
    const xml = await (await fetch(`${post.url}/sp/saml/metadata/${SETTING_API_NAME}`)).text();
    assert.ok(xml.includes(ec.certificateBase64));
    assert.match(xml, /AuthnRequestsSigned="true"/);
  });
});
