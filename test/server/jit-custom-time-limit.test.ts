import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { defaultProvisioner, loadJitHandler, JIT_HANDLER_TIME_LIMIT_MS } from '../../src/sp/jit/index.js';
import { startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';
import { counts, expectRefused, expectSignedIn } from '../sp/jit/jit-fixtures.js';
import {
  CUSTOM_ORG,
  customSetting,
  draftFor,
  setHandler,
  sleep,
  writeHookHandler,
} from '../sp/jit/custom/custom-fixtures.js';

const LIMIT_MS = 200;

describe('custom JIT handler time limit over the real ACS', () => {
  let h: Harness;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-jit-time-'));
    const handler = writeHookHandler(dir);
    // The org part of the configuration is all the provisioner reads; the limit is shortened for the test.
    const org = parseConfig({ ...CUSTOM_ORG, ssoSettings: [] });
    const provisioner = defaultProvisioner(org, new Map([[handler, await loadJitHandler(handler)]]), {
      timeLimitMs: LIMIT_MS,
    });
    h = await startHarness({
      config: CUSTOM_ORG,
      setting: customSetting(handler),
      provisioner,
      now: tickingClock(FIXED_NOW),
    });
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('defaults to a 5 second limit', () => {
    assert.equal(JIT_HANDLER_TIME_LIMIT_MS, 5_000);
  });

  it('refuses a createUser that never settles with JIT_HANDLER_ERROR, writing nothing', async () => {
    setHandler({
      async createUser(_input, org) {
        await org.accounts.create({ Name: 'Before the hang' });
        return new Promise(() => {});
      },
    });
    const started = Date.now();
    const entry = await expectRefused(h, 'fed-hang', {}, 'JIT_HANDLER_ERROR');
    assert.ok(Date.now() - started >= LIMIT_MS);
    assert.equal(
      entry.status,
      `Failed: JIT provisioning error: createUser did not finish within ${LIMIT_MS} ms`,
    );
  });

  it('refuses an updateUser that runs too long, rolling back what it wrote', async () => {
    setHandler({ createUser: () => draftFor('slow') });
    await expectSignedIn(h, 'fed-slow', {}, 'created');
    setHandler({
      createUser: () => draftFor('never'),
      async updateUser(input, org) {
        await org.users.update(input.userId, { Title: 'Too late' });
        await sleep(LIMIT_MS * 3);
      },
    });
    const entry = await expectRefused(h, 'fed-slow', {}, 'JIT_HANDLER_ERROR');
    assert.match(entry.status, /updateUser did not finish within/);
    assert.equal((await h.app.store.users.findByFederationId('fed-slow'))?.title, null);
  });

  it('cuts a timed-out handler off from the store: its late writes fail and land nowhere', async () => {
    let lateError: unknown = null;
    let lateDone!: () => void;
    const late = new Promise<void>((resolve) => (lateDone = resolve));
    setHandler({
      async createUser(_input, org) {
        await sleep(LIMIT_MS * 2);
        try {
          await org.accounts.create({ Name: 'Written after the timeout' });
        } catch (error) {
          lateError = error;
        }
        lateDone();
        return draftFor('late');
      },
    });
    await expectRefused(h, 'fed-late', {}, 'JIT_HANDLER_ERROR');
    // Another login runs while the first handler is still awake; then the handler tries to write.
    setHandler({ createUser: () => draftFor('meanwhile') });
    await expectSignedIn(h, 'fed-meanwhile', {}, 'created');
    const before = await counts(h.app.store);
    await late;
    assert.match(String(lateError), /has ended/);
    assert.deepEqual(await counts(h.app.store), before);
    assert.equal(await h.app.store.users.findByFederationId('fed-late'), null);
  });
});
