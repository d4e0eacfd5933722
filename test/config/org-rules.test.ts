import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { assertIssue, configErrorOf } from './helpers.js';

describe('shape', () => {
  it('refuses a document that is not an object', () => {
    assertIssue([], '', 'must be an object');
    assertIssue(null, '', 'must be an object');
  });

  it('refuses unknown keys at every level, suggesting the intended key', () => {
    assertIssue({ servr: {} }, 'servr', 'did you mean "server"?');
    assertIssue({ server: { prot: 1 } }, 'server.prot', 'unknown key "prot"');
    assertIssue(
      { org: { defaults: { timezone: 'UTC' } } },
      'org.defaults.timezone',
      'did you mean "timeZoneSidKey"?',
    );
    assertIssue({ customFields: { Lead: [] } }, 'customFields.Lead', 'unknown key');
    assertIssue({ 'weird key': 1 }, '["weird key"]', 'unknown key');
  });

  it('reports a missing required key as required', () => {
    assertIssue(
      { users: [{ username: 'a', email: 'a@example.com', profile: 'Standard User' }] },
      'users[0].lastName',
      'is required',
    );
  });

  it('lists every problem, one per line, in the message', () => {
    const error = configErrorOf(() => parseConfig({ server: { port: 'x', trustProxy: 'yes' }, extra: 1 }));
    assert.ok(error instanceof ConfigError);
    assert.equal(error.name, 'ConfigError');
    assert.equal(error.issues.length, 3);
    const lines = error.message.split('\n');
    assert.equal(lines[0], 'Invalid configuration (3 problems):');
    assert.deepEqual(
      lines.slice(1).map((line) => line.trim().split(':')[0]),
      ['server.port', 'server.trustProxy', 'extra'],
    );
  });
});

describe('server and database', () => {
  it('bounds the port and the body size', () => {
    assertIssue({ server: { port: 65536 } }, 'server.port', 'between 0 and 65535');
    assertIssue({ server: { port: 30.5 } }, 'server.port', 'integer');
    assertIssue({ server: { maxBodyBytes: 10 } }, 'server.maxBodyBytes', 'at least 1024');
    assertIssue({ server: { trustProxy: 'yes' } }, 'server.trustProxy', 'true or false');
  });

  it('accepts sqlite and postgres URLs only', () => {
    assert.equal(
      parseConfig({ database: { url: 'postgresql://u@h/db' } }).database.url,
      'postgresql://u@h/db',
    );
    assertIssue({ database: { url: 'mysql://u@h/db' } }, 'database.url', '"sqlite:"');
  });
});

describe('org defaults', () => {
  it('validates the time zone against the runtime list, accepting aliases and UTC', () => {
    for (const zone of ['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Kolkata']) {
      assert.equal(
        parseConfig({ org: { defaults: { timeZoneSidKey: zone } } }).org.defaults.timeZoneSidKey,
        zone,
      );
    }
    assertIssue(
      { org: { defaults: { timeZoneSidKey: 'Mars/Olympus' } } },
      'org.defaults.timeZoneSidKey',
      'unknown time zone',
    );
    assertIssue(
      { org: { defaults: { timeZoneSidKey: 'europe/paris' } } },
      'org.defaults.timeZoneSidKey',
      'did you mean "Europe/Paris"?',
    );
  });

  it('validates locale, language and email encoding against the shipped lists', () => {
    assertIssue(
      { org: { defaults: { localeSidKey: 'en-US' } } },
      'org.defaults.localeSidKey',
      'did you mean "en_US"?',
    );
    assertIssue(
      { org: { defaults: { languageLocaleKey: 'klingon' } } },
      'org.defaults.languageLocaleKey',
      'allowed',
    );
    assertIssue(
      { org: { defaults: { emailEncodingKey: 'utf-8' } } },
      'org.defaults.emailEncodingKey',
      '"UTF-8"',
    );
    const config = parseConfig({
      org: { name: 'Acme', defaults: { localeSidKey: 'ja_JP', languageLocaleKey: 'ja' } },
    });
    assert.deepEqual(config.org, {
      name: 'Acme',
      defaults: {
        timeZoneSidKey: 'UTC',
        localeSidKey: 'ja_JP',
        languageLocaleKey: 'ja',
        emailEncodingKey: 'UTF-8',
      },
    });
  });

  it('refuses a blank org name', () => {
    assertIssue({ org: { name: '' } }, 'org.name', 'must not be empty');
    assertIssue({ org: { name: 'Acme ' } }, 'org.name', 'whitespace');
  });
});

describe('profiles', () => {
  it('accepts only known permissions', () => {
    assertIssue(
      { profiles: [{ name: 'P', permissions: ['ManageEverything'] }] },
      'profiles[0].permissions[0]',
      'ManageUsers',
    );
  });

  it('refuses duplicate names, ignoring case, and duplicate permissions', () => {
    const profiles = [
      { name: 'Sales', permissions: [] },
      { name: 'sales', permissions: [] },
    ];
    assertIssue(
      { profiles },
      'profiles[1].name',
      'duplicate profile name "sales" (already used at profiles[0].name)',
    );
    assertIssue(
      { profiles: [{ name: 'P', permissions: ['ApiEnabled', 'ApiEnabled'] }] },
      'profiles[0].permissions[1]',
      'duplicate',
    );
  });
});

describe('roles', () => {
  it('requires parentRole to name a declared role', () => {
    assertIssue(
      { roles: [{ name: 'CEO' }, { name: 'VP', parentRole: 'Ceo ' }] },
      'roles[1].parentRole',
      'whitespace',
    );
    assertIssue(
      { roles: [{ name: 'CEO' }, { name: 'VP', parentRole: 'CE0' }] },
      'roles[1].parentRole',
      'did you mean "CEO"?',
    );
  });

  it('does not suggest a role as its own parent', () => {
    const error = configErrorOf(() => parseConfig({ roles: [{ name: 'X', parentRole: 'Y' }] }));
    assert.deepEqual(error.issues, [{ path: 'roles[0].parentRole', message: 'unknown parent role "Y"' }]);
  });

  it('refuses cycles, including a role that is its own parent', () => {
    const roles = [
      { name: 'A', parentRole: 'C' },
      { name: 'B', parentRole: 'A' },
      { name: 'C', parentRole: 'B' },
      { name: 'D', parentRole: 'A' },
    ];
    const error = configErrorOf(() => parseConfig({ roles }));
    assert.equal(error.issues.length, 1, error.message);
    assert.equal(error.issues[0]?.path, 'roles[0].parentRole');
    assert.match(error.issues[0]?.message ?? '', /cycle: A → C → B → A/);
    assertIssue({ roles: [{ name: 'Solo', parentRole: 'Solo' }] }, 'roles[0].parentRole', 'cycle');
  });

  it('refuses duplicate names and accepts a hierarchy', () => {
    assertIssue({ roles: [{ name: 'CEO' }, { name: 'ceo' }] }, 'roles[1].name', 'duplicate role name');
    const roles = [{ name: 'CEO' }, { name: 'VP', parentRole: 'CEO' }, { name: 'Rep', parentRole: 'VP' }];
    assert.deepEqual(parseConfig({ roles }).roles, roles);
  });
});

describe('custom fields', () => {
  it('requires API names ending in __c', () => {
    for (const name of ['Badge', '1Badge__c', 'Badge-Id__c', '_Badge__c', 'Badge__C']) {
      assertIssue({ customFields: { User: [{ name }] } }, 'customFields.User[0].name', '"__c"');
    }
  });

  it('refuses duplicates per object, ignoring case, but allows the same name on two objects', () => {
    assertIssue(
      { customFields: { Contact: [{ name: 'Region__c' }, { name: 'REGION__c' }] } },
      'customFields.Contact[1].name',
      'duplicate Contact custom field',
    );
    const config = parseConfig({
      customFields: { Contact: [{ name: 'Region__c' }], Account: [{ name: 'Region__c' }] },
    });
    assert.equal(config.customFields.Account[0]?.name, 'Region__c');
  });

  it('bounds maxLength to 1..255', () => {
    assertIssue(
      { customFields: { User: [{ name: 'A__c', maxLength: 0 }] } },
      'customFields.User[0].maxLength',
      '1 and 255',
    );
    assertIssue(
      { customFields: { User: [{ name: 'A__c', maxLength: 256 }] } },
      'customFields.User[0].maxLength',
      '1 and 255',
    );
  });
});

describe('seed users', () => {
  const user = {
    username: 'ada@example.com',
    email: 'ada@example.com',
    lastName: 'Lovelace',
    profile: 'Standard User',
  };

  it('must reference declared profiles and roles', () => {
    assertIssue(
      { users: [{ ...user, profile: 'Standard user' }] },
      'users[0].profile',
      'did you mean "Standard User"?',
    );
    assertIssue({ users: [{ ...user, role: 'CEO' }] }, 'users[0].role', 'unknown role "CEO"');
  });

  it('refuses duplicate usernames (ignoring case) and duplicate federation identifiers', () => {
    assertIssue(
      { users: [user, { ...user, username: 'ADA@example.com' }] },
      'users[1].username',
      'duplicate username',
    );
    assertIssue(
      {
        users: [
          { ...user, federationIdentifier: 'f1' },
          { ...user, username: 'b@example.com', federationIdentifier: 'f1' },
        ],
      },
      'users[1].federationIdentifier',
      'duplicate federation identifier',
    );
  });

  it('validates email and username', () => {
    assertIssue({ users: [{ ...user, email: 'not-an-email' }] }, 'users[0].email', 'email address');
    assertIssue({ users: [{ ...user, username: 'ada lovelace' }] }, 'users[0].username', 'whitespace');
  });
});
