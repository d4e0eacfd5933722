import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFrontdesk } from '../../src/app.js';
import { main } from '../../src/cli/main.js';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { BASE_URL, SETTING_API_NAME } from '../support/frontdesk-harness.js';
import { getTestKeys } from '../support/keys.js';
import { IDP_ISSUER, SP_ENTITY_ID } from '../support/response-builder.js';
import { CUSTOM_ORG, customSetting } from '../sp/jit/custom/custom-fixtures.js';

describe('a bad custom JIT handler module fails the start, not the first login', () => {
  let dir: string;
  let badHandler: string;
  let database: string;

  function rawConfig(handler: string) {
    return {
      baseUrl: BASE_URL,
      server: { port: 0 },
      database: { url: `sqlite:${database}` },
      ...CUSTOM_ORG,
      ssoSettings: [
        {
          name: 'Example IdP',
          apiName: SETTING_API_NAME,
          idpIssuer: IDP_ISSUER,
          idpCertificates: [getTestKeys().idp.certificatePem],
          spEntityId: SP_ENTITY_ID,
          identityType: 'FederationId',
          ...customSetting(handler),
        },
      ],
    };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-jit-startup-'));
    database = join(dir, 'frontdesk.db');
    badHandler = join(dir, 'bad-handler.js');
    writeFileSync(badHandler, 'export default { async createUser() { return {}; } };\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('createFrontdesk rejects with a ConfigError at ssoSettings[0].jit.handler, before opening the database', async () => {
    const config = parseConfig(rawConfig(badHandler));
    await assert.rejects(createFrontdesk({ config, log: () => {} }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.issues[0]?.path, 'ssoSettings[0].jit.handler');
      assert.match(
        error.message,
        /bad-handler\.js does not implement SamlJitHandler: its default export it has no updateUser method/,
      );
      return true;
    });
    assert.equal(existsSync(database), false, 'nothing was opened or created');
  });

  it('frontdesk serve exits 2 with the reason', async () => {
    const configPath = join(dir, 'frontdesk.config.json');
    writeFileSync(configPath, JSON.stringify(rawConfig(badHandler)));
    let err = '';
    const code = await main(['serve', '--config', configPath, '--port', '0'], {
      out: () => {},
      err: (text) => (err += text),
    });
    assert.equal(code, 2);
    assert.match(err, /invalid configuration/);
    assert.match(
      err,
      /ssoSettings\[0\]\.jit\.handler: handler module .*bad-handler\.js does not implement SamlJitHandler/,
    );
  });

  it('an unresolvable package name fails the start', async () => {
    await assert.rejects(
      createFrontdesk({ config: parseConfig(rawConfig('frontdesk-test-handler')), log: () => {} }),
      /ssoSettings\[0\]\.jit\.handler: cannot load handler module frontdesk-test-handler: /,
    );
  });

  it('a module that throws while loading fails the start the same way', async () => {
    const throwing = join(dir, 'throwing-handler.js');
    writeFileSync(throwing, 'throw new Error("missing PARTNER_API_KEY");\n');
    await assert.rejects(
      createFrontdesk({ config: parseConfig(rawConfig(throwing)), log: () => {} }),
      /cannot load handler module .*throwing-handler\.js: missing PARTNER_API_KEY/,
    );
  });
});
