import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { parseXml } from '../../src/saml/xml/parser.js';
import { attr } from '../../src/saml/xml/tree.js';
import { startHarness, signedResponse, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';

const fixtures = join(process.cwd(), 'test', 'config', 'fixtures');
const signingKey = readFileSync(join(fixtures, 'test-only-sp-signing.key'), 'utf8');
const signingCert = readFileSync(join(fixtures, 'test-only-sp-signing.crt'), 'utf8');

describe('SP-initiated login, bindings and request signing', () => {
  let redirectSigned: Harness;
  let postSigned: Harness;
  before(async () => {
    const signing = {
      signRequests: true,
      requestSigningKey: signingKey,
      requestSigningCertificate: signingCert,
    };
    redirectSigned = await startHarness({ setting: signing, now: tickingClock(FIXED_NOW) });
    postSigned = await startHarness({
      setting: { ...signing, requestBinding: 'HTTP-POST' },
      now: tickingClock(FIXED_NOW),
    });
  });
  after(async () => {
    await redirectSigned.close();
    await postSigned.close();
  });

  it('signs the Redirect binding query string so the IdP can verify it with our published certificate', async () => {
    const res = await fetch(`${redirectSigned.url}/sp/saml/login/example?RelayState=%2Fhome`, {
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    const location = res.headers.get('location')!;
    const query = location.slice(location.indexOf('?') + 1);
    const signedPart = query.slice(0, query.indexOf('&Signature='));
    const signature = new URL(location).searchParams.get('Signature')!;
    assert.equal(
      new URL(location).searchParams.get('SigAlg'),
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    );
    assert.ok(
      verify(
        'sha256',
        Buffer.from(signedPart),
        createPublicKey(signingCert),
        Buffer.from(signature, 'base64'),
      ),
    );
    const tampered = signedPart.replace('RelayState=%2Fhome', 'RelayState=%2Fevil');
    assert.ok(
      !verify(
        'sha256',
        Buffer.from(tampered),
        createPublicKey(signingCert),
        Buffer.from(signature, 'base64'),
      ),
    );
    const xml = inflateRawSync(
      Buffer.from(new URL(location).searchParams.get('SAMLRequest')!, 'base64'),
    ).toString('utf8');
    assert.equal(parseXml(xml).local, 'AuthnRequest');
  });

  it('posts an enveloped-signed AuthnRequest that xmlsec1 verifies, and the answer is accepted once', async () => {
    const res = await fetch(`${postSigned.url}/sp/saml/login/example?RelayState=%2Fpost`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<form id="saml" method="post" action="https:\/\/idp\.example\.test\/sso">/);
    const samlRequest = /name="SAMLRequest" value="([^"]+)"/.exec(html)![1]!;
    assert.match(html, /name="RelayState" value="\/post"/);
    const xml = Buffer.from(samlRequest, 'base64').toString('utf8');
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-authn-'));
    try {
      writeFileSync(join(dir, 'request.xml'), xml);
      writeFileSync(join(dir, 'sp.crt'), signingCert);
      const check = spawnSync(
        'xmlsec1',
        [
          '--verify',
          '--pubkey-cert-pem',
          join(dir, 'sp.crt'),
          '--enabled-key-data',
          'rsa',
          '--id-attr:ID',
          'urn:oasis:names:tc:SAML:2.0:protocol:AuthnRequest',
          join(dir, 'request.xml'),
        ],
        { encoding: 'utf8' },
      );
      assert.equal(check.status, 0, check.stderr);
      writeFileSync(
        join(dir, 'tampered.xml'),
        xml.replace('https://sp.example.test<', 'https://evil.example.test<'),
      );
      const bad = spawnSync(
        'xmlsec1',
        [
          '--verify',
          '--pubkey-cert-pem',
          join(dir, 'sp.crt'),
          '--enabled-key-data',
          'rsa',
          '--id-attr:ID',
          'urn:oasis:names:tc:SAML:2.0:protocol:AuthnRequest',
          join(dir, 'tampered.xml'),
        ],
        { encoding: 'utf8' },
      );
      assert.notEqual(bad.status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const requestId = attr(parseXml(xml), 'ID')!;
    await postSigned.app.store.users.insert({
      username: 'carol@example.com',
      email: 'carol@example.com',
      lastName: 'C',
      alias: 'c',
      communityNickname: 'carol',
      profileId: (await postSigned.app.store.profiles.findByName('Standard User'))!.id,
      federationIdentifier: 'fed-carol',
      timeZoneSidKey: 'UTC',
      localeSidKey: 'en_US',
      languageLocaleKey: 'en_US',
      emailEncodingKey: 'UTF-8',
    });
    const answer = await postSigned.postAcs(
      signedResponse({ assertionId: '_post-1', inResponseTo: requestId, nameId: 'fed-carol' }),
    );
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.get('location'), '/post');
  });

  it('publishes the request-signing certificate in metadata', async () => {
    const xml = await (await fetch(`${postSigned.url}/sp/saml/metadata/example`)).text();
    const root = parseXml(xml);
    const descriptor = root.children.find((c) => c.type === 'element');
    assert.ok(descriptor && descriptor.type === 'element');
    assert.equal(attr(descriptor, 'AuthnRequestsSigned'), 'true');
    const der = signingCert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
    assert.ok(xml.includes(der));
  });
});

describe('identity type and location decide which user an assertion names', () => {
  it('Username read from an attribute', async () => {
    const h = await startHarness({
      setting: { identityType: 'Username', identityLocation: { kind: 'attribute', name: 'login' } },
      config: {
        users: [
          {
            username: 'dave@example.com',
            email: 'dave@example.com',
            lastName: 'D',
            profile: 'Standard User',
          },
        ],
      },
      now: tickingClock(FIXED_NOW),
    });
    try {
      const ok = await h.postAcs(
        signedResponse({
          assertionId: '_u1',
          nameId: 'ignored',
          attributes: [{ name: 'login', values: ['DAVE@example.com'] }],
        }),
      );
      assert.equal(ok.status, 302, 'usernames match case-insensitively');
      const missing = await h.postAcs(signedResponse({ assertionId: '_u2', attributes: [] }));
      assert.equal(missing.status, 403);
      const [entry] = await h.app.store.loginHistory.list({ limit: 1 });
      assert.equal(entry?.errorCode, 'SUBJECT_MISSING');
      const two = await h.postAcs(
        signedResponse({ assertionId: '_u3', attributes: [{ name: 'login', values: ['a', 'b'] }] }),
      );
      assert.equal(two.status, 403, 'an ambiguous identity attribute is refused');
    } finally {
      await h.close();
    }
  });

  it('User ID in the NameID', async () => {
    const h = await startHarness({
      setting: { identityType: 'UserId' },
      config: {
        users: [
          {
            username: 'erin@example.com',
            email: 'erin@example.com',
            lastName: 'E',
            profile: 'Standard User',
          },
        ],
      },
      now: tickingClock(FIXED_NOW),
    });
    try {
      const erin = await h.app.store.users.findByUsername('erin@example.com');
      assert.equal((await h.postAcs(signedResponse({ assertionId: '_i1', nameId: erin!.id }))).status, 302);
      assert.equal(
        (await h.postAcs(signedResponse({ assertionId: '_i2', nameId: 'erin@example.com' }))).status,
        403,
      );
    } finally {
      await h.close();
    }
  });
});
