import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../../src/config/index.js';
import {
  checkHandlerModule,
  JitHandlerLoadError,
  loadJitHandler,
  loadJitHandlers,
} from '../../../../src/sp/jit/index.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const methods = { createUser: async () => ({ userId: 'x' }), updateUser: async () => {} };

describe('checkHandlerModule', () => {
  it('takes the default export, else the export named handler', () => {
    assert.equal(checkHandlerModule({ default: methods }, 'm'), methods);
    assert.equal(checkHandlerModule({ handler: methods }, 'm'), methods);
    assert.equal(checkHandlerModule({ default: 'not one', handler: methods }, 'm'), methods);
  });

  it('accepts a class instance whose methods live on its prototype', () => {
    class Handler {
      async createUser() {
        return { userId: 'x' };
      }
      async updateUser() {}
    }
    const instance = new Handler();
    assert.equal(checkHandlerModule({ default: instance }, 'm'), instance);
  });

  it('says what is missing', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /has neither a default export nor an export named "handler"/],
      [{ other: methods }, /has neither a default export/],
      [{ default: { createUser: methods.createUser } }, /its default export it has no updateUser method/],
      [{ default: {} }, /no createUser or updateUser method/],
      [{ default: 42 }, /it is a number, not an object with createUser and updateUser methods/],
      [{ default: null, handler: { updateUser: methods.updateUser } }, /its default export it is null/],
      [
        { handler: { createUser: 'nope', updateUser: methods.updateUser } },
        /its export "handler" it has no createUser/,
      ],
    ];
    for (const [namespace, message] of cases) {
      assert.throws(
        () => checkHandlerModule(namespace, '/srv/h.js'),
        (error: unknown) => error instanceof JitHandlerLoadError && message.test(error.message),
        String(message),
      );
    }
  });
});

describe('loadJitHandler / loadJitHandlers', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-load-handler-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('imports an ESM module by absolute path, and a CommonJS one', async () => {
    const esm = file('esm.mjs', 'export default { async createUser() {}, async updateUser() {} };');
    assert.equal(typeof (await loadJitHandler(esm)).createUser, 'function');
    const cjs = file('cjs.cjs', 'module.exports = { async createUser() {}, async updateUser() {} };');
    assert.equal(typeof (await loadJitHandler(cjs)).updateUser, 'function');
    const named = file(
      'named.mjs',
      'export const handler = { async createUser() {}, async updateUser() {} };',
    );
    assert.equal(typeof (await loadJitHandler(named)).createUser, 'function');
  });

  it('imports a package by name', async () => {
    // Any resolvable package: it is then checked, and zod is not a handler.
    await assert.rejects(loadJitHandler('zod'), /handler module zod does not implement SamlJitHandler/);
    await assert.rejects(
      loadJitHandler('no-such-package-frontdesk'),
      /cannot load handler module no-such-package-frontdesk: /,
    );
  });

  it('reports a module that does not load, with the reason on one line', async () => {
    const broken = file('broken.mjs', 'export default {');
    await assert.rejects(loadJitHandler(broken), (error: unknown) => {
      assert.ok(error instanceof JitHandlerLoadError);
      assert.match(error.message, /^cannot load handler module .*broken\.mjs: /);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
    const throwing = file('throwing.mjs', 'throw new Error("boom at import");');
    await assert.rejects(loadJitHandler(throwing), /boom at import/);
    await assert.rejects(loadJitHandler(join(dir, 'missing.js')), /cannot load handler module/);
  });

  it('hints at compiling a TypeScript handler', async () => {
    const ts = file('handler.ts', 'export default {};');
    await assert.rejects(loadJitHandler(ts), /compile the handler to JavaScript/);
  });

  it('loads the example configuration handler, which implements the contract', async () => {
    const config = await loadConfig(join(REPO_ROOT, 'examples/frontdesk.config.json'), { env: {} });
    const handlers = await loadJitHandlers(config);
    assert.deepEqual([...handlers.keys()], [join(REPO_ROOT, 'examples/handlers/partner-jit-handler.js')]);
  });

  it('fails with a ConfigError naming each setting whose handler is bad; disabled settings are not loaded', async () => {
    const good = file('good.mjs', 'export default { async createUser() {}, async updateUser() {} };');
    const bad = file('bad.mjs', 'export default { async createUser() {} };');
    const setting = (handler: string, enabled = true) =>
      ({ jit: { enabled, type: 'custom', handler, executeHandlerAs: 'x' } }) as never;
    const handlers = await loadJitHandlers({ ssoSettings: [setting(good), setting(bad, false)] });
    assert.deepEqual([...handlers.keys()], [good]);
    await assert.rejects(
      loadJitHandlers({ ssoSettings: [setting(good), setting(bad)] }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.issues.length, 1);
        assert.equal(error.issues[0]?.path, 'ssoSettings[1].jit.handler');
        assert.match(
          error.issues[0]?.message ?? '',
          /does not implement SamlJitHandler: its default export it has no updateUser method/,
        );
        return true;
      },
    );
  });
});
