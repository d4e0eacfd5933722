import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { FIXTURES, REPO_ROOT, assertErrorHasIssue, ssoSetting } from './helpers.js';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-config-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function loadError(path: string | undefined, env: NodeJS.ProcessEnv = {}): Promise<ConfigError> {
  try {
    await loadConfig(path, { env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected loadConfig to throw');
}

describe('loadConfig: JSON text', () => {
  it('reports a syntax error with its line and column', async () => {
    const file = write('trailing-comma.json', '{\n  "server": {\n    "port": 3000,\n  }\n}\n');
    const error = await loadError(file);
    assert.equal(error.file, file);
    assert.equal(error.issues.length, 1);
    const [issue] = error.issues;
    assert.equal(issue?.line, 3);
    assert.equal(issue?.column, 17);
    assert.match(issue?.message ?? '', /JSON syntax error: trailing comma/);
    assert.match(error.message, new RegExp(`in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(error.message, /\(line 3, column 17\)/);
  });

  it('locates other common mistakes', async () => {
    const cases: Array<[string, number, number, string]> = [
      ['{\n  "port": }', 2, 11, 'expected a value'],
      ['{\n  // note\n  "a": 1\n}', 2, 3, 'comment'],
      ["{ 'a': 1 }", 1, 3, 'double quotes'],
      ['{ "a": 1 } x', 1, 12, 'after the end'],
      ['{ "a": 01 }', 1, 9, 'invalid number'],
      ['', 1, 1, 'empty'],
      ['{ "a": "b', 1, 8, 'unterminated string'],
    ];
    for (const [text, line, column, fragment] of cases) {
      const error = await loadError(write('case.json', text));
      const issue = error.issues[0];
      assert.deepEqual(
        [issue?.line, issue?.column],
        [line, column],
        `${JSON.stringify(text)}: ${error.message}`,
      );
      assert.match(issue?.message ?? '', new RegExp(fragment), text);
    }
  });

  it('refuses duplicate keys instead of keeping the last one', async () => {
    const file = write('duplicate.json', '{\n  "server": { "port": 3000, "port": 4000 },\n  "server": {}\n}');
    const error = await loadError(file);
    assertErrorHasIssue(error, 'server.port', 'duplicate key "port"');
    assertErrorHasIssue(error, 'server', 'duplicate key "server"');
    assert.deepEqual(
      error.issues.map((issue) => [issue.line, issue.column]),
      [
        [2, 29],
        [3, 3],
      ],
    );
  });

  it('accepts a byte order mark', async () => {
    const config = await loadConfig(write('bom.json', '\uFEFF{ "server": { "port": 4100 } }'), { env: {} });
    assert.equal(config.server.port, 4100);
  });
});

describe('loadConfig: finding the file', () => {
  it('reports an explicit file that does not exist', async () => {
    const error = await loadError(join(dir, 'missing.json'));
    assertErrorHasIssue(error, '', 'file not found');
  });

  it('uses FRONTDESK_CONFIG when no path is given', async () => {
    const file = write('from-env.json', '{ "org": { "name": "From env" } }');
    const config = await loadConfig(undefined, { env: { FRONTDESK_CONFIG: file } });
    assert.equal(config.org.name, 'From env');
    const error = await loadError(undefined, { FRONTDESK_CONFIG: join(dir, 'nope.json') });
    assertErrorHasIssue(error, '', 'named by FRONTDESK_CONFIG');
  });

  it('uses ./frontdesk.config.json if present, else the built-in defaults', async () => {
    const cwd = process.cwd();
    const work = mkdtempSync(join(dir, 'cwd-'));
    process.chdir(work);
    try {
      const defaults = await loadConfig(undefined, { env: {} });
      assert.equal(defaults.org.name, 'Frontdesk');
      writeFileSync(join(work, 'frontdesk.config.json'), '{ "org": { "name": "Local" } }');
      assert.equal((await loadConfig(undefined, { env: {} })).org.name, 'Local');
    } finally {
      process.chdir(cwd);
    }
  });

  it('applies environment overrides and makes them visible', async () => {
    const file = write('env.json', '{ "server": { "port": 4000 }, "database": { "url": "sqlite:one.db" } }');
    const config = await loadConfig(file, {
      env: { PORT: '5000', HOST: '::', FRONTDESK_DATABASE_URL: 'sqlite:two.db' },
    });
    assert.deepEqual(
      [config.server.port, config.server.host, config.database.url],
      [5000, '::', 'sqlite:two.db'],
    );
    const error = await loadError(file, { PORT: 'eighty' });
    assertErrorHasIssue(error, 'env.PORT', 'must be an integer');
  });

  it('resolves file: certificates against the configuration file directory', async () => {
    const nested = join(dir, 'nested');
    mkdirSync(join(nested, 'certs'), { recursive: true });
    copyFileSync(join(FIXTURES, 'ec-idp.crt'), join(nested, 'certs', 'idp.crt'));
    const raw = { ssoSettings: [ssoSetting({ idpCertificates: ['file:certs/idp.crt'] })] };
    writeFileSync(join(nested, 'frontdesk.config.json'), JSON.stringify(raw));
    const config = await loadConfig(join(nested, 'frontdesk.config.json'), { env: {} });
    assert.match(config.ssoSettings[0]?.idpCertificates[0] ?? '', /BEGIN CERTIFICATE/);

    writeFileSync(
      join(nested, 'bad.json'),
      JSON.stringify({ ssoSettings: [ssoSetting({ idpCertificates: ['file:x.crt'] })] }),
    );
    const error = await loadError(join(nested, 'bad.json'));
    assertErrorHasIssue(error, 'ssoSettings[0].idpCertificates[0]', join(nested, 'x.crt'));
    assert.equal(error.file, join(nested, 'bad.json'));
  });
});

describe('the example configuration', () => {
  it('parses, with a standard and a custom JIT setting', async () => {
    const config = await loadConfig(join(REPO_ROOT, 'examples/frontdesk.config.json'), { env: {} });
    const [standard, custom] = config.ssoSettings;
    assert.equal(standard?.jit.type, 'standard');
    assert.equal(standard?.jit.enabled, true);
    assert.equal(custom?.jit.type, 'custom');
    if (custom?.jit.type === 'custom') {
      assert.equal(custom.jit.handler, join(REPO_ROOT, 'examples/handlers/partner-jit-handler.js'));
    }
    assert.equal(standard?.endpoints.acsUrl, 'http://127.0.0.1:3000/sp/saml/acs/AcmeDirectory');
    assert.ok(config.customFields.User.length >= 2);
    assert.ok(config.roles.some((role) => role.parentRole !== undefined));
  });
});
