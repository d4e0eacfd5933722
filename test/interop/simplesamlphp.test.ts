import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createFrontdesk, type Frontdesk } from '../../src/app.js';
import { parseConfig } from '../../src/config/index.js';
import { withBrowser } from '../support/browser.js';
import { startSimpleSamlPhp, type SimpleSamlPhpIdp } from '../support/simplesamlphp.js';

const SP_ENTITY_ID = 'https://sp.example.test';
const SCREENSHOTS = join(process.cwd(), '.tmp', 'screenshots');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * End to end with an IdP we did not write: SimpleSAMLphp signs real assertions, real headless
 * Chromium carries them, and Frontdesk provisions the user just in time.
 */
describe('interop: SimpleSAMLphp IdP → Frontdesk, in Chromium', () => {
  let idp: SimpleSamlPhpIdp;
  let app: Frontdesk;
  let spUrl: string;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-interop-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    const spPort = await freePort();
    const idpPort = await freePort();
    spUrl = `http://127.0.0.1:${spPort}`;
    const acsUrl = `${spUrl}/sp/saml/acs/simplesamlphp`;
    idp = startSimpleSamlPhp({ spEntityId: SP_ENTITY_ID, acsUrl, port: idpPort, stateDir: join(dir, 'idp') });
    const config = parseConfig({
      baseUrl: spUrl,
      server: { port: spPort },
      database: { url: `sqlite:${join(dir, 'frontdesk.db')}` },
      profiles: [
        {
          name: 'System Administrator',
          permissions: [
            'ViewSetup',
            'CustomizeApplication',
            'ModifyAllData',
            'ManageUsers',
            'MonitorLoginHistory',
          ],
        },
        { name: 'Standard User', permissions: [] },
        { name: 'Read Only', permissions: [] },
      ],
      ssoSettings: [
        {
          name: 'SimpleSAMLphp',
          apiName: 'simplesamlphp',
          idpIssuer: idp.entityId,
          idpCertificates: [idp.certificatePem],
          spEntityId: SP_ENTITY_ID,
          identityType: 'FederationId',
          identityLocation: { kind: 'nameid' },
          idpLoginUrl: idp.ssoUrl,
          jit: { enabled: true, type: 'standard' },
        },
      ],
    });
    app = await createFrontdesk({ config, log: () => {} });
    await app.listen(spPort, '127.0.0.1');
  });

  after(async () => {
    await app?.close();
    idp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function signInAtIdp(page: Page, user: string, password: string): Promise<void> {
    await page.locator('#username').fill(user);
    await page.locator('#password').fill(password);
    await page.locator('#submit_button').click();
  }

  it('IdP-initiated: the first login of alice creates her User, Contact and Account', async () => {
    await withBrowser(async (page) => {
      await page.goto(
        `${idp.ssoUrl}?spentityid=${encodeURIComponent(SP_ENTITY_ID)}&RelayState=${encodeURIComponent('/')}`,
      );
      await signInAtIdp(page, 'alice', 'alice-pass');
      await page.waitForURL(`${spUrl}/`);
      assert.equal(await page.locator('#username').textContent(), 'alice.jones@sp.example.test');
      await page.screenshot({ path: join(SCREENSHOTS, 'interop-alice-signed-in.png') });
    });
    const alice = await app.store.users.findByFederationId('fed-alice-0001');
    assert.ok(alice, 'alice was provisioned');
    assert.equal(alice.email, 'alice.jones@example.test');
    assert.equal(alice.department, 'Engineering');
    assert.ok(alice.contactId, 'alice is linked to a contact');
    const [account] = await app.store.accounts.findByAccountNumber('ACME-0001');
    assert.equal(account?.name, 'Acme Corporation');
    const [entry] = await app.store.loginHistory.list({ limit: 1 });
    assert.equal(entry?.status, 'Success');
    assert.equal(entry?.jitAction, 'created');
  });

  it('SP-initiated, with the Response signed too: zoe joins the existing account', async () => {
    idp.reconfigure({ SSP_SIGN_RESPONSE: '1' });
    try {
      await withBrowser(async (page) => {
        await page.goto(`${spUrl}/sp/saml/login/simplesamlphp?RelayState=${encodeURIComponent('/')}`);
        await page.waitForSelector('#username');
        await signInAtIdp(page, 'zoe', 'zoe-pass');
        await page.waitForURL(`${spUrl}/`);
        assert.equal(await page.locator('#username').textContent(), 'zoe.obrien@sp.example.test');
      });
    } finally {
      idp.reconfigure({ SSP_SIGN_RESPONSE: '0' });
    }
    const zoe = await app.store.users.findByFederationId('fed-zoe-0003');
    assert.equal(zoe?.lastName, "Ångström-O'Brien");
    assert.equal(
      (await app.store.accounts.findByAccountNumber('ACME-0001')).length,
      1,
      'the account was matched, not duplicated',
    );
  });

  it('a second login of alice updates rather than duplicates', async () => {
    await withBrowser(async (page) => {
      await page.goto(`${spUrl}/sp/saml/login/simplesamlphp`);
      await signInAtIdp(page, 'alice', 'alice-pass');
      await page.waitForURL(`${spUrl}/`);
    });
    const [entry] = await app.store.loginHistory.list({ limit: 1 });
    assert.equal(entry?.status, 'Success');
    assert.notEqual(entry?.jitAction, 'created');
    assert.equal(await app.store.users.count(), 2);
  });

  it('the guardrail refuses an assertion that would make bob a System Administrator', async () => {
    await withBrowser(async (page) => {
      await page.goto(`${idp.ssoUrl}?spentityid=${encodeURIComponent(SP_ENTITY_ID)}`);
      await signInAtIdp(page, 'bob', 'bob-pass');
      await page.waitForSelector('#reference');
      assert.match((await page.locator('h1').textContent()) ?? '', /Sign-in failed/);
      const reference = (await page.locator('#reference').textContent())!;
      const entry = await app.store.loginHistory.findByReference(reference);
      assert.equal(entry?.errorCode, 'JIT_GUARDRAIL_REFUSED');
      await page.screenshot({ path: join(SCREENSHOTS, 'interop-bob-refused.png') });
    });
    assert.equal(await app.store.users.findByFederationId('fed-bob-0002'), null);
  });
});
