import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { withBrowser } from '../support/browser.js';
import { signedResponse, startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';

const SCREENSHOTS = join(process.cwd(), '.tmp', 'screenshots');

describe('login history for admins, in Chromium', () => {
  let h: Harness;
  let failedReference: string;
  const sessions: Record<string, string> = {};

  async function signIn(nameId: string, assertionId: string): Promise<string> {
    const res = await h.postAcs(signedResponse({ assertionId, nameId }));
    assert.equal(res.status, 302);
    return /^fd_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  }

  before(async () => {
    h = await startHarness({
      now: tickingClock(FIXED_NOW),
      config: {
        profiles: [
          {
            name: 'System Administrator',
            permissions: ['ViewSetup', 'CustomizeApplication', 'ModifyAllData', 'ManageUsers'],
          },
          { name: 'Auditor', permissions: ['MonitorLoginHistory'] },
          { name: 'Standard User', permissions: [] },
        ],
        users: [
          {
            username: 'admin@example.com',
            email: 'admin@example.com',
            lastName: 'Admin',
            profile: 'System Administrator',
            federationIdentifier: 'fed-admin',
          },
          {
            username: 'audit@example.com',
            email: 'audit@example.com',
            lastName: 'Audit',
            profile: 'Auditor',
            federationIdentifier: 'fed-audit',
          },
          {
            username: 'std@example.com',
            email: 'std@example.com',
            lastName: 'Std',
            profile: 'Standard User',
            federationIdentifier: 'fed-std',
          },
        ],
      },
    });
    sessions['admin'] = await signIn('fed-admin', '_lh-admin');
    sessions['audit'] = await signIn('fed-audit', '_lh-audit');
    sessions['std'] = await signIn('fed-std', '_lh-std');
    const failed = await h.postAcs(signedResponse({ assertionId: '_lh-fail', nameId: 'fed-stranger' }));
    failedReference = /id="reference">([^<]+)</.exec(await failed.text())![1]!;
  });
  after(() => h.close());

  it('refuses anonymous visitors (401) and users without the permission (403)', async () => {
    assert.equal((await fetch(`${h.url}/setup/login-history`)).status, 401);
    const std = await fetch(`${h.url}/setup/login-history`, {
      headers: { cookie: `fd_session=${sessions['std']}` },
    });
    assert.equal(std.status, 403);
    const entry = await fetch(`${h.url}/setup/login-history/${failedReference}`, {
      headers: { cookie: `fd_session=${sessions['std']}` },
    });
    assert.equal(entry.status, 403);
    assert.doesNotMatch(await entry.text(), /USER_NOT_FOUND/);
  });

  it('lets Manage Users and Monitor Login History open it', async () => {
    for (const who of ['admin', 'audit']) {
      const res = await fetch(`${h.url}/setup/login-history?status=Failed`, {
        headers: { cookie: `fd_session=${sessions[who]}` },
      });
      assert.equal(res.status, 200, who);
      const html = await res.text();
      assert.match(html, new RegExp(`data-reference="${failedReference}"`));
      assert.doesNotMatch(html, /Success<\/td>/, 'the Failed filter shows failures only');
    }
  });

  it('an admin follows the reference from the list to the precise cause', async () => {
    await withBrowser(async (page, context) => {
      await context.addCookies([{ name: 'fd_session', value: sessions['admin']!, url: h.url }]);
      await page.goto(`${h.url}/setup/login-history`);
      const row = page.locator(`tr[data-reference="${failedReference}"]`);
      assert.equal(await row.locator('.code').textContent(), 'USER_NOT_FOUND');
      await row.locator('a').click();
      await page.waitForURL(`${h.url}/setup/login-history/${failedReference}`);
      assert.equal(await page.locator('td[data-field="Error code"]').textContent(), 'USER_NOT_FOUND');
      assert.equal(await page.locator('td[data-field="Received"]').textContent(), 'fed-stranger');
      assert.match((await page.locator('td[data-field="Status"]').textContent()) ?? '', /^Failed: /);
      assert.ok(
        (await page.locator('textarea').inputValue()).length > 100,
        'the received SAMLResponse is shown to admins',
      );
      // The validator re-ran every check at the attempt's time: the protocol was fine, the user was unknown.
      assert.equal(await page.locator('tr[data-check="signature"] .verdict').textContent(), 'PASS');
      assert.equal(await page.locator('tr[data-check="audience"] .verdict').textContent(), 'PASS');
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'login-history-entry.png'), fullPage: true });
    });
  });

  it('answers 404 for an unknown reference', async () => {
    const res = await fetch(`${h.url}/setup/login-history/NOSUCHREF`, {
      headers: { cookie: `fd_session=${sessions['admin']}` },
    });
    assert.equal(res.status, 404);
  });
});
