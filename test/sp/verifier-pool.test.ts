/**
 * Verification on worker threads must give exactly the answer the core gives on the calling
 * thread, for every fixture of the attack matrix, and must fail safe when a thread dies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SamlVerifierSetting } from '../../src/saml/index.js';
import { validateSamlResponse } from '../../src/saml/index.js';
import { verifierThreadCount } from '../../src/sp/verifier.js';
import { VerifierPool } from '../../src/sp/verifier-pool.js';
import { buildSamlFixtures, type Fixture } from '../support/attack-matrix.js';

const fixtures = await buildSamlFixtures();

// One name per distinct setting object: the fixtures share settings, and so do the threads.
function nameSettings(list: readonly Fixture[]): {
  names: Map<Fixture, string>;
  byName: Record<string, SamlVerifierSetting>;
} {
  const ids = new Map<SamlVerifierSetting, string>();
  const byName: Record<string, SamlVerifierSetting> = {};
  const names = new Map<Fixture, string>();
  for (const f of list) {
    let name = ids.get(f.setting);
    if (name === undefined) {
      name = `setting-${ids.size}`;
      ids.set(f.setting, name);
      byName[name] = f.setting;
    }
    names.set(f, name);
  }
  return { names, byName };
}

describe('verifier thread count', () => {
  it('auto keeps one CPU for the event loop and uses at most four threads', () => {
    assert.equal(verifierThreadCount('auto', 1), 0);
    assert.equal(verifierThreadCount('auto', 2), 1);
    assert.equal(verifierThreadCount('auto', 4), 3);
    assert.equal(verifierThreadCount('auto', 64), 4);
  });
  it('an explicit count is used as given', () => {
    assert.equal(verifierThreadCount(0, 8), 0);
    assert.equal(verifierThreadCount(6, 2), 6);
  });
});

describe('verifier pool', () => {
  const { names, byName } = nameSettings(fixtures);
  let pool: VerifierPool;

  before(async () => {
    pool = await VerifierPool.startNamed(byName, 2);
  });
  after(() => pool.close());

  it(`answers every attack-matrix fixture exactly as the core does on this thread (${fixtures.length} fixtures)`, async () => {
    const answers = await Promise.all(fixtures.map((f) => pool.verifyNamed(names.get(f)!, f.base64, f.now)));
    let valid = 0;
    fixtures.forEach((f, i) => {
      const here = validateSamlResponse(f.base64, f.setting, { now: f.now });
      assert.deepEqual(answers[i], here, f.name);
      if (here.valid) valid++;
    });
    // Not a vacuous comparison: both outcomes occur.
    assert.ok(valid > 20 && valid < fixtures.length - 20, `valid ${valid} of ${fixtures.length}`);
  });

  it('refuses a setting name it was not started with', async () => {
    await assert.rejects(pool.verifyNamed('no-such-setting', 'PHg+', new Date()), /no setting named/);
    await assert.rejects(pool.verifyNamed('__proto__', 'PHg+', new Date()), /no setting named/);
  });

  it('fails the jobs of a thread that dies, replaces it, and keeps verifying', async () => {
    const f = fixtures.find((x) => x.class === 'valid')!;
    const name = names.get(f)!;
    // Enough jobs that both threads hold some when one of them dies.
    const inFlight = Array.from({ length: 40 }, () => pool.verifyNamed(name, f.base64, f.now));
    await pool.crashThreadForTest(0);
    const settled = await Promise.allSettled(inFlight);
    const failed = settled.filter((s) => s.status === 'rejected');
    const passed = settled.filter((s) => s.status === 'fulfilled' && s.value.valid);
    assert.equal(
      failed.length + passed.length,
      40,
      'every job is answered: verified, or failed with an error',
    );
    for (const s of failed) assert.match(String((s as PromiseRejectedResult).reason), /exited|terminated/);
    assert.equal(pool.threadCount, 2);
    const later = await Promise.all(Array.from({ length: 8 }, () => pool.verifyNamed(name, f.base64, f.now)));
    assert.ok(later.every((r) => r.valid));
  });

  it('after close, still verifies, on the calling thread', async () => {
    const own = await VerifierPool.startNamed(byName, 1);
    await own.close();
    const f = fixtures.find((x) => x.class === 'invalid')!;
    const result = await own.verifyNamed(names.get(f)!, f.base64, f.now);
    assert.deepEqual(result, validateSamlResponse(f.base64, f.setting, { now: f.now }));
  });
});
