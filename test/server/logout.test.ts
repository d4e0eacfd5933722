import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseXml } from '../../src/saml/xml/parser.js';
import { withBrowser } from '../support/browser.js';
import {
  ALICE,
  BASE_URL,
  SETTING_API_NAME,
  signedResponse,
  startHarness,
  tickingClock,
  type Harness,
  uniqueAssertionId,
} from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';

const IDP_LOGOUT_URL = 'https://idp.example.test/slo';

describe('logout is a same-origin POST', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      setting: { idpLogoutUrl: IDP_LOGOUT_URL },
      config: { users: [ALICE] },
      now: tickingClock(FIXED_NOW),
    });
  });
  after(() => h.close());

  async function signIn(): Promise<string> {
    const res = await h.postAcs(signedResponse({ assertionId: uniqueAssertionId('l'), nameId: 'fed-alice' }));
    assert.equal(res.status, 302);
    return decodeURIComponent(/^fd_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!);
  }

  const alive = async (token: string) => (await h.app.store.sessions.findValid(token, FIXED_NOW)) !== null;

  it('refuses GET on both logout endpoints (405) and keeps the session', async () => {
    const token = await signIn();
    for (const path of [`/sp/saml/logout/${SETTING_API_NAME}`, '/logout']) {
      const res = await fetch(`${h.url}${path}`, {
        headers: { cookie: `fd_session=${token}` },
        redirect: 'manual',
      });
      assert.equal(res.status, 405, path);
      assert.equal(res.headers.get('set-cookie'), null, path);
      await res.arrayBuffer();
    }
    assert.ok(await alive(token));
  });

  it('refuses a cross-site POST (foreign Origin, or Sec-Fetch-Site cross-site/same-site) with 403', async () => {
    const token = await signIn();
    const attempts: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://sp.example.test' },
      { 'sec-fetch-site': 'cross-site', origin: BASE_URL },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const path of [`/sp/saml/logout/${SETTING_API_NAME}`, '/logout']) {
      for (const headers of attempts) {
        const res = await fetch(`${h.url}${path}`, {
          method: 'POST',
          headers: { cookie: `fd_session=${token}`, ...headers },
          redirect: 'manual',
        });
        assert.equal(res.status, 403, `${path} ${JSON.stringify(headers)}`);
        assert.equal(res.headers.get('set-cookie'), null);
        await res.arrayBuffer();
      }
    }
    assert.ok(await alive(token), 'the session survived every cross-site attempt');
  });

  it('accepts a POST from our own origin and sends the browser to the IdP logout URL', async () => {
    const token = await signIn();
    const res = await fetch(`${h.url}/sp/saml/logout/${SETTING_API_NAME}`, {
      method: 'POST',
      headers: { cookie: `fd_session=${token}`, origin: BASE_URL },
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), IDP_LOGOUT_URL);
    assert.match(res.headers.get('set-cookie') ?? '', /^fd_session=; .*Max-Age=0/);
    assert.equal(await alive(token), false);
  });

  it('accepts Sec-Fetch-Site same-origin and none, whatever the Origin', async () => {
    for (const site of ['same-origin', 'none']) {
      const token = await signIn();
      const res = await fetch(`${h.url}/logout`, {
        method: 'POST',
        headers: { cookie: `fd_session=${token}`, 'sec-fetch-site': site, origin: h.url },
        redirect: 'manual',
      });
      assert.equal(res.status, 302, site);
      assert.equal(res.headers.get('location'), '/');
      assert.equal(await alive(token), false, site);
    }
  });

  it("the start page's Sign out button works in Chromium", async () => {
    const token = await signIn();
    await withBrowser(async (page, context) => {
      await context.addCookies([{ name: 'fd_session', value: token, url: h.url }]);
      await page.goto(`${h.url}/`);
      assert.equal(await page.locator('#username').textContent(), 'alice@example.com');
      await Promise.all([
        page.waitForResponse((r) => r.url() === `${h.url}/logout` && r.status() === 302),
        page.getByRole('button', { name: 'Sign out' }).click(),
      ]);
      await page.waitForURL(`${h.url}/`);
      assert.match(await page.content(), /You are not signed in/);
    });
    assert.equal(await alive(token), false);
  });

  it('SP metadata advertises no SingleLogoutService', async () => {
    const xml = await (await fetch(`${h.url}/sp/saml/metadata/${SETTING_API_NAME}`)).text();
    assert.doesNotMatch(xml, /SingleLogoutService/);
    const descriptor = parseXml(xml).children.find((c) => c.type === 'element');
    assert.ok(descriptor && descriptor.type === 'element');
    assert.deepEqual(
      descriptor.children.flatMap((c) => (c.type === 'element' ? [c.local] : [])),
      ['NameIDFormat', 'AssertionConsumerService'],
    );
  });
});
