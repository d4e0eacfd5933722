import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/parse-config.js';
import { assertIssue, configErrorOf, parse, ssoSetting } from './helpers.js';

describe('defaults', () => {
  it('fills in every key of an empty configuration', () => {
    assert.deepEqual(parseConfig({}), {
      baseUrl: 'http://127.0.0.1:3000',
      server: {
        host: '127.0.0.1',
        port: 3000,
        trustProxy: false,
        maxBodyBytes: 262144,
        verifierThreads: 'auto',
      },
      database: { url: 'sqlite:./data/frontdesk.db' },
      org: {
        name: 'Frontdesk',
        defaults: {
          timeZoneSidKey: 'UTC',
          localeSidKey: 'en_US',
          languageLocaleKey: 'en_US',
          emailEncodingKey: 'UTF-8',
        },
      },
      profiles: [
        {
          name: 'System Administrator',
          permissions: [
            'ViewSetup',
            'CustomizeApplication',
            'ModifyAllData',
            'MonitorLoginHistory',
            'ManageUsers',
            'ApiEnabled',
          ],
        },
        { name: 'Standard User', permissions: [] },
      ],
      roles: [],
      customFields: { User: [], Contact: [], Account: [] },
      users: [],
      ssoSettings: [],
    });
  });

  it('fills in the defaults of an SSO setting and its JIT section', () => {
    const [setting] = parse({ ssoSettings: [ssoSetting()] }).ssoSettings;
    assert.ok(setting);
    assert.equal(setting.requestBinding, 'HTTP-Redirect');
    assert.equal(setting.signRequests, false);
    assert.equal(setting.allowUnsolicited, true);
    assert.equal(setting.allowSha1, false);
    assert.equal(setting.clockSkewSeconds, 60);
    assert.equal(setting.signatureRequirement, 'either');
    assert.equal(setting.sessionHours, 8);
    assert.deepEqual(setting.identityLocation, { kind: 'nameid' });
    assert.deepEqual(setting.jit, {
      type: 'standard',
      enabled: false,
      allowedProfiles: ['Standard User'],
      allowedRoles: [],
    });
    assert.equal('requestSigningKey' in setting, false);
  });

  it('derives a custom field label from its name and defaults maxLength to 255', () => {
    const config = parseConfig({ customFields: { Account: [{ name: 'Sales_Region__c' }] } });
    assert.deepEqual(config.customFields.Account, [
      { name: 'Sales_Region__c', label: 'Sales Region', maxLength: 255 },
    ]);
  });

  it('keeps declared profiles instead of the defaults, and refuses an empty list', () => {
    const config = parseConfig({ profiles: [{ name: 'Only', permissions: ['ViewSetup'] }] });
    assert.deepEqual(
      config.profiles.map((p) => p.name),
      ['Only'],
    );
    assertIssue({ profiles: [] }, 'profiles', 'at least one profile');
  });

  it('returns a deeply frozen value', () => {
    const config = parse({ ssoSettings: [ssoSetting()] });
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.server));
    assert.ok(Object.isFrozen(config.profiles[0]?.permissions));
    assert.ok(Object.isFrozen(config.ssoSettings[0]?.jit));
    assert.ok(Object.isFrozen(config.ssoSettings[0]?.endpoints));
  });

  it('accepts a $schema key for editors', () => {
    assert.equal(parseConfig({ $schema: './docs/config.schema.json' }).server.port, 3000);
  });
});

describe('baseUrl', () => {
  it('drops trailing slashes and keeps a path prefix', () => {
    assert.equal(parseConfig({ baseUrl: 'https://sso.example.com/' }).baseUrl, 'https://sso.example.com');
    assert.equal(
      parseConfig({ baseUrl: 'https://example.com/frontdesk//' }).baseUrl,
      'https://example.com/frontdesk',
    );
  });

  it('follows server.host and server.port when absent', () => {
    assert.equal(parseConfig({ server: { port: 8443 } }).baseUrl, 'http://127.0.0.1:8443');
    assert.equal(parseConfig({ server: { host: 'localhost' } }).baseUrl, 'http://localhost:3000');
    assert.equal(parseConfig({ server: { host: '0.0.0.0' } }).baseUrl, 'http://127.0.0.1:3000');
    assert.equal(parseConfig({ server: { host: '::1' } }).baseUrl, 'http://[::1]:3000');
  });

  it('must be an absolute http(s) URL without query, fragment or credentials', () => {
    assertIssue({ baseUrl: 'ftp://example.com' }, 'baseUrl', 'http:// or https://');
    assertIssue({ baseUrl: '/relative' }, 'baseUrl', 'absolute');
    assertIssue({ baseUrl: 'https://example.com/?a=1' }, 'baseUrl', 'query');
    assertIssue({ baseUrl: 'https://example.com/#x' }, 'baseUrl', 'fragment');
    assertIssue({ baseUrl: 'https://user:pw@example.com' }, 'baseUrl', 'credentials');
    assertIssue({ baseUrl: ' https://example.com' }, 'baseUrl', 'whitespace');
  });

  it('prefixes every generated endpoint', () => {
    const config = parse({
      baseUrl: 'https://sp.example.com/fd/',
      ssoSettings: [ssoSetting({ apiName: 'Okta' })],
    });
    assert.deepEqual(config.ssoSettings[0]?.endpoints, {
      acsUrl: 'https://sp.example.com/fd/sp/saml/acs/Okta',
      loginUrl: 'https://sp.example.com/fd/sp/saml/login/Okta',
      logoutUrl: 'https://sp.example.com/fd/sp/saml/logout/Okta',
      metadataUrl: 'https://sp.example.com/fd/sp/saml/metadata/Okta',
      tokenUrl: 'https://sp.example.com/fd/sp/oauth2/token/Okta',
    });
  });
});

describe('environment overrides', () => {
  const env = {
    PORT: '8080',
    HOST: '0.0.0.0',
    FRONTDESK_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  };

  it('override server.port, server.host and database.url and show in the result', () => {
    const config = parseConfig(
      { server: { port: 4000, host: '10.0.0.1' }, database: { url: 'sqlite:x.db' } },
      { env },
    );
    assert.equal(config.server.port, 8080);
    assert.equal(config.server.host, '0.0.0.0');
    assert.equal(config.database.url, 'postgres://postgres@127.0.0.1:5432/test');
    assert.equal(config.baseUrl, 'http://127.0.0.1:8080');
  });

  it('do not move an explicit baseUrl', () => {
    assert.equal(
      parseConfig({ baseUrl: 'https://sso.example.com' }, { env }).baseUrl,
      'https://sso.example.com',
    );
  });

  it('are not read from process.env unless an env is passed', () => {
    const saved = process.env.PORT;
    process.env.PORT = '9999';
    try {
      assert.equal(parseConfig({}).server.port, 3000);
      assert.equal(parseConfig({}, { env: process.env }).server.port, 9999);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it('treat an empty variable as unset', () => {
    assert.equal(parseConfig({}, { env: { PORT: '', HOST: '' } }).server.port, 3000);
  });

  it('are validated, with env.<NAME> paths, alongside problems in the file', () => {
    const error = configErrorOf(() =>
      parseConfig(
        { server: { port: -1 } },
        { env: { PORT: '80a', FRONTDESK_DATABASE_URL: 'mysql://db', HOST: 'a b' } },
      ),
    );
    assert.deepEqual(
      error.issues.map((issue) => issue.path),
      ['server.port', 'env.HOST', 'env.PORT', 'env.FRONTDESK_DATABASE_URL'],
    );
    assert.match(error.issues[2]?.message ?? '', /PORT must be an integer/);
    assertIssue({}, 'env.PORT', 'between 0 and 65535', { env: { PORT: '70000' } });
  });
});
