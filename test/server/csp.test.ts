import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { withBrowser } from '../support/browser.js';
import { SETTING_API_NAME, startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string> {
  assert.ok(header, 'a Content-Security-Policy header is sent');
  return new Map(
    header.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
}

/** A stand-in IdP that records the form posts it receives. */
async function recordingIdp(): Promise<{ url: string; posts: URLSearchParams[]; server: Server }> {
  const posts: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') posts.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p id="idp">IdP reached</p>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/sso`, posts, server };
}

describe('Content-Security-Policy', () => {
  let h: Harness;
  let idp: Awaited<ReturnType<typeof recordingIdp>>;
  before(async () => {
    idp = await recordingIdp();
    h = await startHarness({
      setting: { requestBinding: 'HTTP-POST', idpLoginUrl: idp.url },
      now: tickingClock(FIXED_NOW),
    });
  });
  after(async () => {
    await h.close();
    await new Promise((resolve) => idp.server.close(resolve));
  });

  it("allows no script on ordinary pages: script-src 'none', never 'unsafe-inline'", async () => {
    for (const path of ['/', '/nosuch', `/sp/saml/metadata/${SETTING_API_NAME}`, '/setup/login-history']) {
      const res = await fetch(`${h.url}${path}`);
      await res.arrayBuffer();
      const csp = directives(res.headers.get('content-security-policy'));
      assert.equal(csp.get('script-src'), "'none'", path);
      assert.equal(csp.get('default-src'), "'none'", path);
      assert.doesNotMatch(res.headers.get('content-security-policy')!, /script-src[^;]*unsafe-inline/, path);
    }
  });

  it('gives the POST-binding page a fresh nonce that its one script carries', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${h.url}/sp/saml/login/${SETTING_API_NAME}`);
      assert.equal(res.status, 200);
      const html = await res.text();
      const script = directives(res.headers.get('content-security-policy')).get('script-src') ?? '';
      const nonce = /^'nonce-([A-Za-z0-9+/]{22}==)'$/.exec(script)?.[1];
      assert.ok(nonce, `script-src is a single 16-byte nonce, got ${script}`);
      assert.equal(Buffer.from(nonce, 'base64').length, 16);
      assert.equal((html.match(/<script\b/g) ?? []).length, 1);
      assert.ok(html.includes(`<script nonce="${nonce}">`));
      nonces.add(nonce);
    }
    assert.equal(nonces.size, 2, 'a new nonce per response');
  });

  it('the POST-binding page still auto-submits the AuthnRequest in Chromium', async () => {
    const before = idp.posts.length;
    await withBrowser(async (page) => {
      await page.goto(`${h.url}/sp/saml/login/${SETTING_API_NAME}?RelayState=%2Fafter`);
      await page.waitForURL(idp.url);
      assert.equal(await page.locator('#idp').textContent(), 'IdP reached');
    });
    assert.equal(idp.posts.length, before + 1);
    const form = idp.posts.at(-1)!;
    const xml = Buffer.from(form.get('SAMLRequest') ?? '', 'base64').toString('utf8');
    assert.match(xml, /<samlp:AuthnRequest /);
    assert.equal(form.get('RelayState'), '/after');
  });
});
