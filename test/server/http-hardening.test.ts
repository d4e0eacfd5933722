import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { parseXml } from '../../src/saml/xml/parser.js';
import { attr } from '../../src/saml/xml/tree.js';
import {
  ALICE,
  SETTING_API_NAME,
  signedResponse,
  startHarness,
  tickingClock,
  type Harness,
  uniqueAssertionId,
  latestHistory,
} from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';

const alice = { users: [ALICE] };

/** The raw session token a successful ACS answer sets. */
function sessionToken(res: Response): string {
  const token = /^fd_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(token, 'a session cookie was set');
  return decodeURIComponent(token);
}

describe('custom error URL given as a path', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      config: alice,
      setting: { customErrorUrl: '/login-failed?from=sso' },
      now: tickingClock(FIXED_NOW),
    });
  });
  after(() => h.close());

  it('sends a failed login to that path on baseUrl, with the reference', async () => {
    const res = await h.postAcs(
      signedResponse({ assertionId: uniqueAssertionId('e'), nameId: 'fed-nobody' }),
    );
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(location.origin, 'https://sp.example.test');
    assert.equal(location.pathname, '/login-failed');
    assert.equal(location.searchParams.get('from'), 'sso');
    const entry = await latestHistory(h);
    assert.equal(location.searchParams.get('reference'), entry.reference);
    assert.equal(entry.errorCode, 'USER_NOT_FOUND');
  });
});

describe('custom error URL given as an absolute URL', () => {
  it('is followed as it is, with the reference', async () => {
    const h = await startHarness({
      setting: { customErrorUrl: 'https://help.example.test/sso-failed' },
      now: tickingClock(FIXED_NOW),
    });
    try {
      const res = await h.postAcs(
        signedResponse({ assertionId: uniqueAssertionId('e'), nameId: 'fed-nobody' }),
      );
      assert.equal(res.status, 302);
      const location = new URL(res.headers.get('location')!);
      assert.equal(`${location.origin}${location.pathname}`, 'https://help.example.test/sso-failed');
      assert.equal(location.searchParams.get('reference'), (await latestHistory(h)).reference);
    } finally {
      await h.close();
    }
  });
});

describe('RelayState with characters outside Latin-1', () => {
  const relay = '/café/東京?q=ü#frag';
  const encoded = '/caf%C3%A9/%E6%9D%B1%E4%BA%AC?q=%C3%BC#frag';
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: alice, now: tickingClock(FIXED_NOW) });
  });
  after(() => h.close());

  it('IdP-initiated: redirects to the percent-encoded path with a session, not a 500', async () => {
    const res = await h.postAcs(
      signedResponse({ assertionId: uniqueAssertionId('r'), nameId: 'fed-alice' }),
      relay,
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), encoded);
    const token = sessionToken(res);
    assert.ok(await h.app.store.sessions.findValid(token, FIXED_NOW));
    assert.equal((await latestHistory(h)).status, 'Success');
  });

  it('SP-initiated: the stored RelayState comes back percent-encoded', async () => {
    const start = await fetch(
      `${h.url}/sp/saml/login/${SETTING_API_NAME}?RelayState=${encodeURIComponent(relay)}`,
      { redirect: 'manual' },
    );
    assert.equal(start.status, 302);
    const location = new URL(start.headers.get('location')!);
    assert.equal(location.searchParams.get('RelayState'), relay);
    const xml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString(
      'utf8',
    );
    const requestId = attr(parseXml(xml), 'ID')!;
    const res = await h.postAcs(
      signedResponse({ assertionId: uniqueAssertionId('r'), inResponseTo: requestId, nameId: 'fed-alice' }),
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), encoded);
    sessionToken(res);
  });

  it('still refuses anything that leaves the origin, including paths normalized into //host', async () => {
    for (const bad of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/ok\u0000',
      '/..//evil.example/x',
      '/.//evil.example',
      '/a/../..//evil.example',
    ]) {
      const res = await h.postAcs(
        signedResponse({ assertionId: uniqueAssertionId('r'), nameId: 'fed-alice' }),
        bad,
      );
      assert.equal(res.status, 302, JSON.stringify(bad));
      assert.equal(res.headers.get('location'), '/', JSON.stringify(bad));
    }
  });
});

describe('a malformed session cookie', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: alice, now: tickingClock(FIXED_NOW) });
  });
  after(() => h.close());

  it('is treated as no session: the start page answers 200, admin pages 401', async () => {
    const cookie = 'fd_session=%E0%A4%A';
    const home = await fetch(`${h.url}/`, { headers: { cookie } });
    assert.equal(home.status, 200);
    assert.match(await home.text(), /You are not signed in/);
    const setup = await fetch(`${h.url}/setup/login-history`, { headers: { cookie } });
    assert.equal(setup.status, 401);
    await setup.arrayBuffer();
  });
});

describe('X-Forwarded-For behind a trusted proxy', () => {
  it('records the right-most entry (the one our proxy appended), not the client-supplied left-most', async () => {
    const h = await startHarness({
      config: { ...alice, server: { port: 0, trustProxy: true } },
      now: tickingClock(FIXED_NOW),
    });
    try {
      const post = (forwardedFor: string) =>
        fetch(`${h.url}/sp/saml/acs/${SETTING_API_NAME}`, {
          method: 'POST',
          body: new URLSearchParams({
            SAMLResponse: signedResponse({ assertionId: uniqueAssertionId('x'), nameId: 'fed-alice' }),
          }),
          redirect: 'manual',
          headers: { 'x-forwarded-for': forwardedFor },
        });
      assert.equal((await post('6.6.6.6, 203.0.113.7')).status, 302);
      assert.equal((await latestHistory(h)).sourceIp, '203.0.113.7');
      assert.equal((await post('198.51.100.2')).status, 302);
      assert.equal((await latestHistory(h)).sourceIp, '198.51.100.2');
    } finally {
      await h.close();
    }
  });

  it('is ignored without trustProxy', async () => {
    const h = await startHarness({ config: alice, now: tickingClock(FIXED_NOW) });
    try {
      const res = await fetch(`${h.url}/sp/saml/acs/${SETTING_API_NAME}`, {
        method: 'POST',
        body: new URLSearchParams({
          SAMLResponse: signedResponse({ assertionId: uniqueAssertionId('x'), nameId: 'fed-alice' }),
        }),
        redirect: 'manual',
        headers: { 'x-forwarded-for': '6.6.6.6' },
      });
      assert.equal(res.status, 302);
      assert.equal((await latestHistory(h)).sourceIp, '127.0.0.1');
    } finally {
      await h.close();
    }
  });
});

describe('the start page and a deactivated user', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: alice, now: tickingClock(FIXED_NOW) });
  });
  after(() => h.close());

  it('treats a valid session of a deactivated user as signed out', async () => {
    const res = await h.postAcs(signedResponse({ assertionId: uniqueAssertionId('d'), nameId: 'fed-alice' }));
    assert.equal(res.status, 302);
    const cookie = `fd_session=${encodeURIComponent(sessionToken(res))}`;
    const before = await (await fetch(`${h.url}/`, { headers: { cookie } })).text();
    assert.match(before, /id="username">alice@example\.com</);
    const user = await h.app.store.users.findByFederationId('fed-alice');
    await h.app.store.users.update(user!.id, { isActive: false });
    try {
      const html = await (await fetch(`${h.url}/`, { headers: { cookie } })).text();
      assert.doesNotMatch(html, /alice@example\.com/);
      assert.match(html, /You are not signed in/);
    } finally {
      await h.app.store.users.update(user!.id, { isActive: true });
    }
  });
});
