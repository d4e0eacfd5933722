import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { parseXml } from '../../src/saml/xml/parser.js';
import { attr } from '../../src/saml/xml/tree.js';
import {
  startHarness,
  signedResponse,
  tickingClock,
  type Harness,
  uniqueAssertionId,
  latestHistory,
} from '../support/frontdesk-harness.js';
import { FIXED_NOW, plusSeconds } from '../support/response-builder.js';

const seedUsers = {
  users: [
    {
      username: 'alice@example.com',
      email: 'alice@example.com',
      lastName: 'Liddell',
      firstName: 'Alice',
      profile: 'Standard User',
      federationIdentifier: 'fed-alice-0001',
    },
    {
      username: 'bob@example.com',
      email: 'bob@example.com',
      lastName: 'Builder',
      profile: 'Standard User',
      federationIdentifier: 'fed-bob',
    },
  ],
};

describe('ACS over real HTTP', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: seedUsers, now: tickingClock(FIXED_NOW) });
  });
  after(() => h.close());

  it('signs in an existing user, sets a hardened session cookie and honours a local RelayState', async () => {
    const res = await h.postAcs(
      signedResponse({ assertionId: uniqueAssertionId('a'), nameId: 'fed-alice-0001' }),
      '/after-login',
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/after-login');
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^fd_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=\d+/);
    const home = await fetch(`${h.url}/`, { headers: { cookie: cookie.split(';')[0]! } });
    const html = await home.text();
    assert.match(html, /id="username">alice@example\.com</);
    const entry = await latestHistory(h);
    assert.equal(entry.status, 'Success');
    assert.equal(entry.subject, 'fed-alice-0001');
    assert.equal(entry.userAgent, 'frontdesk-test');
    assert.equal(entry.errorCode, null);
  });

  it('accepts response-signed and both-signed responses', async () => {
    for (const sign of [
      { assertion: false, response: true },
      { assertion: true, response: true },
    ]) {
      const res = await h.postAcs(
        signedResponse(
          { assertionId: uniqueAssertionId('a'), responseId: uniqueAssertionId('r'), nameId: 'fed-bob' },
          sign,
        ),
      );
      assert.equal(res.status, 302, JSON.stringify(sign));
    }
  });

  it('refuses an unknown user with USER_NOT_FOUND, a reference on the page, and no session', async () => {
    const res = await h.postAcs(
      signedResponse({ assertionId: uniqueAssertionId('a'), nameId: 'fed-nobody' }),
    );
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('set-cookie'), null);
    const html = await res.text();
    const reference = /id="reference">([^<]+)</.exec(html)?.[1];
    assert.ok(reference);
    assert.doesNotMatch(html, /USER_NOT_FOUND|fed-nobody/, 'the browser sees no precise cause');
    const entry = await h.app.store.loginHistory.findByReference(reference);
    assert.equal(entry?.errorCode, 'USER_NOT_FOUND');
    assert.match(entry?.status ?? '', /^Failed: /);
    assert.ok(entry?.assertion, 'the failed assertion is kept for the validator');
  });

  it('detects replay of the same assertion', async () => {
    const response = signedResponse({ assertionId: uniqueAssertionId('replay'), nameId: 'fed-alice-0001' });
    assert.equal((await h.postAcs(response)).status, 302);
    const second = await h.postAcs(response);
    assert.equal(second.status, 403);
    assert.equal((await latestHistory(h)).errorCode, 'REPLAY_DETECTED');
  });

  it('records tampering, malformed, missing and oversized posts and changes nothing else', async () => {
    const usersBefore = await h.app.store.users.count();
    const valid = Buffer.from(
      signedResponse({ assertionId: uniqueAssertionId('t'), nameId: 'fed-alice-0001' }),
      'base64',
    ).toString('utf8');
    const tampered = Buffer.from(valid.replace('fed-alice-0001', 'fed-bob'), 'utf8').toString('base64');
    const cases: Array<[string, string]> = [
      [tampered, 'DIGEST_MISMATCH'],
      ['not base64 at all!', 'RESPONSE_ENCODING_INVALID'],
      ['', 'RESPONSE_MISSING'],
      [Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><x/>').toString('base64'), 'XML_DTD_FORBIDDEN'],
      ['A'.repeat(2 * 1024 * 1024), 'RESPONSE_TOO_LARGE'],
    ];
    for (const [body, code] of cases) {
      const res = await h.postAcs(body);
      assert.equal(res.status, 403, code);
      await res.arrayBuffer();
      assert.equal((await latestHistory(h)).errorCode, code);
    }
    assert.equal(await h.app.store.users.count(), usersBefore);
  });

  it('keeps a failed response for admins only once it parsed, and caps what a stranger can store', async () => {
    const garbage = await h.postAcs('A'.repeat(200_000) + '!', '/'.padEnd(10_000, 'x'));
    assert.equal(garbage.status, 403);
    const dropped = await latestHistory(h);
    assert.equal(dropped.errorCode, 'RESPONSE_ENCODING_INVALID');
    assert.equal(dropped.assertion, null, 'undecodable input is not kept');
    assert.equal(dropped.relayState?.length, 1024, 'RelayState is capped');
    const valid = Buffer.from(
      signedResponse({ assertionId: uniqueAssertionId('k'), nameId: 'fed-alice-0001' }),
      'base64',
    ).toString();
    const tampered = Buffer.from(valid.replace('fed-alice-0001', 'fed-mallory'), 'utf8').toString('base64');
    await (await h.postAcs(tampered)).arrayBuffer();
    const kept = await latestHistory(h);
    assert.equal(kept.errorCode, 'DIGEST_MISMATCH');
    assert.equal(kept.assertion, tampered, 'a parsed response is kept for the validator');
  });

  it('refuses a deactivated user', async () => {
    const bob = await h.app.store.users.findByFederationId('fed-bob');
    await h.app.store.users.update(bob!.id, { isActive: false });
    const res = await h.postAcs(signedResponse({ assertionId: uniqueAssertionId('a'), nameId: 'fed-bob' }));
    assert.equal(res.status, 403);
    assert.equal((await latestHistory(h)).errorCode, 'USER_INACTIVE');
    await h.app.store.users.update(bob!.id, { isActive: true });
  });

  it('records an unknown setting', async () => {
    const res = await h.postAcs(signedResponse({ assertionId: uniqueAssertionId('a') }), undefined, 'nosuch');
    assert.equal(res.status, 403);
    const entry = await latestHistory(h);
    assert.equal(entry.errorCode, 'SSO_SETTING_NOT_FOUND');
    assert.equal(entry.ssoSetting, null);
  });

  it('never follows a RelayState that leaves the origin', async () => {
    for (const relay of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const res = await h.postAcs(
        signedResponse({ assertionId: uniqueAssertionId('a'), nameId: 'fed-alice-0001' }),
        relay,
      );
      assert.equal(res.headers.get('location'), '/', relay);
    }
  });

  it('serves SP metadata naming the entity id and the ACS', async () => {
    const res = await fetch(`${h.url}/sp/saml/metadata/example`);
    assert.equal(res.status, 200);
    const root = parseXml(await res.text());
    assert.equal(attr(root, 'entityID'), 'https://sp.example.test');
    const sp = root.children.find((c) => c.type === 'element')!;
    assert.equal(sp.type === 'element' && sp.local, 'SPSSODescriptor');
    assert.equal((await fetch(`${h.url}/sp/saml/metadata/nosuch`)).status, 404);
  });
});

describe('SP-initiated login and InResponseTo', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      config: seedUsers,
      setting: { allowUnsolicited: false },
      now: tickingClock(FIXED_NOW),
    });
  });
  after(() => h.close());

  async function startLogin(relayState: string): Promise<string> {
    const res = await fetch(`${h.url}/sp/saml/login/example?RelayState=${encodeURIComponent(relayState)}`, {
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(location.origin + location.pathname, 'https://idp.example.test/sso');
    assert.equal(location.searchParams.get('RelayState'), relayState);
    const xml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString(
      'utf8',
    );
    const request = parseXml(xml);
    assert.equal(request.local, 'AuthnRequest');
    assert.equal(attr(request, 'AssertionConsumerServiceURL'), 'https://sp.example.test/sp/saml/acs/example');
    return attr(request, 'ID')!;
  }

  it('accepts the answer to an outstanding request exactly once', async () => {
    const requestId = await startLogin('/from-request');
    const answer = (assertionId: string) =>
      signedResponse({
        assertionId,
        inResponseTo: requestId,
        nameId: 'fed-alice-0001',
        now: plusSeconds(FIXED_NOW, 0),
      });
    const res = await h.postAcs(answer(uniqueAssertionId('sp')));
    assert.equal(res.status, 302);
    assert.equal(
      res.headers.get('location'),
      '/from-request',
      'RelayState comes back from the stored request',
    );
    const again = await h.postAcs(answer(uniqueAssertionId('sp')));
    assert.equal(again.status, 403);
    assert.equal((await latestHistory(h)).errorCode, 'IN_RESPONSE_TO_MISMATCH');
  });

  it('a refused answer still uses up the request it answered', async () => {
    const requestId = await startLogin('/once');
    const answer = (nameId: string) =>
      signedResponse({ assertionId: uniqueAssertionId('used'), inResponseTo: requestId, nameId });
    const refused = await h.postAcs(answer('fed-nobody-9999'));
    assert.equal(refused.status, 403);
    assert.equal((await latestHistory(h)).errorCode, 'USER_NOT_FOUND');
    const late = await h.postAcs(answer('fed-alice-0001'));
    assert.equal(late.status, 403);
    assert.equal((await latestHistory(h)).errorCode, 'IN_RESPONSE_TO_MISMATCH');
  });

  it('refuses an answer to a request we never sent', async () => {
    const res = await h.postAcs(
      signedResponse({
        assertionId: uniqueAssertionId('a'),
        inResponseTo: '_never-sent',
        nameId: 'fed-alice-0001',
      }),
    );
    assert.equal(res.status, 403);
    assert.equal((await latestHistory(h)).errorCode, 'IN_RESPONSE_TO_MISMATCH');
  });

  it('acts only on the InResponseTo the signature covers: stripping it from the unsigned Response changes nothing', async () => {
    // The signed assertion answers a request we never sent; the unsigned Response no longer says so.
    const stripped = signedResponse({
      assertionId: uniqueAssertionId('strip'),
      inResponseTo: null,
      subjectConfirmationInResponseTo: '_never-sent-either',
      nameId: 'fed-alice-0001',
    });
    const res = await h.postAcs(stripped);
    assert.equal(res.status, 403);
    assert.equal((await latestHistory(h)).errorCode, 'IN_RESPONSE_TO_MISMATCH');
  });

  it('refuses an unsigned Response that adds a request id to an unsolicited assertion', async () => {
    const requestId = await startLogin('/x');
    const injected = signedResponse({
      assertionId: uniqueAssertionId('inject'),
      inResponseTo: requestId,
      subjectConfirmationInResponseTo: null,
      nameId: 'fed-alice-0001',
    });
    const res = await h.postAcs(injected);
    assert.equal(res.status, 403);
    assert.equal((await latestHistory(h)).errorCode, 'IN_RESPONSE_TO_MISMATCH');
  });

  it('trusts the InResponseTo of a signed Response', async () => {
    const requestId = await startLogin('/signed-response');
    const res = await h.postAcs(
      signedResponse(
        {
          assertionId: uniqueAssertionId('signed'),
          inResponseTo: requestId,
          subjectConfirmationInResponseTo: null,
          nameId: 'fed-alice-0001',
        },
        { assertion: false, response: true },
      ),
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/signed-response');
  });

  it('burns a verified assertion even when a later step refuses it', async () => {
    const response = signedResponse({
      assertionId: uniqueAssertionId('burn'),
      inResponseTo: '_unknown-request',
      nameId: 'fed-alice-0001',
    });
    await (await h.postAcs(response)).arrayBuffer();
    assert.equal((await latestHistory(h)).errorCode, 'IN_RESPONSE_TO_MISMATCH');
    await (await h.postAcs(response)).arrayBuffer();
    assert.equal((await latestHistory(h)).errorCode, 'REPLAY_DETECTED');
  });

  it('refuses unsolicited responses when the setting forbids them', async () => {
    const res = await h.postAcs(
      signedResponse({ assertionId: uniqueAssertionId('a'), inResponseTo: null, nameId: 'fed-alice-0001' }),
    );
    assert.equal(res.status, 403);
    assert.equal((await latestHistory(h)).errorCode, 'UNSOLICITED_RESPONSE_NOT_ALLOWED');
  });
});
