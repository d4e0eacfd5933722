import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  KEY_PREFIX,
  createIdFactory,
  randomIdBody,
  randomReference,
  timeOrderedIdBody,
} from '../../src/store/index.js';

describe('ids', () => {
  it('are 18 characters: key prefix + 15 base62', () => {
    const newId = createIdFactory();
    const expected = {
      user: '005',
      profile: '00e',
      role: '00E',
      contact: '003',
      account: '001',
      loginHistory: '0Ya',
      auditEvent: '0Au',
    };
    assert.deepEqual(KEY_PREFIX, expected);
    for (const [kind, prefix] of Object.entries(expected)) {
      const id = newId(kind as keyof typeof KEY_PREFIX);
      assert.equal(id.length, 18);
      assert.ok(id.startsWith(prefix));
      assert.match(id.slice(3), /^[0-9A-Za-z]{15}$/);
    }
  });

  it('take their body from an injected generator', () => {
    const newId = createIdFactory(() => 'AAAAAAAAAAAAAAA');
    assert.equal(newId('role'), '00EAAAAAAAAAAAAAAA');
  });

  it('do not repeat and use the whole alphabet', () => {
    const seen = new Set<string>();
    const chars = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const body = randomIdBody();
      seen.add(body);
      for (const c of body) chars.add(c);
    }
    assert.equal(seen.size, 20_000);
    assert.equal(chars.size, 62);
  });

  it('sort by creation time, and never repeat within one millisecond', () => {
    const t = Date.UTC(2026, 10, 26, 12, 0, 0);
    const times = [0, 1, 61, 62, t - 1, t, t + 1, t + 3600_000, Date.UTC(2500, 0, 1)];
    const bodies = times.map((ms) => timeOrderedIdBody(ms));
    for (const body of bodies) assert.match(body, /^[0-9A-Za-z]{15}$/);
    assert.deepEqual([...bodies].sort(), bodies, 'string order is time order');
    const same = new Set(Array.from({ length: 20_000 }, () => timeOrderedIdBody(t)));
    assert.equal(same.size, 20_000);
    assert.ok([...same].every((b) => b.startsWith(bodies[5]!.slice(0, 8))));
  });

  it('the default factory makes time-ordered ids', () => {
    const newId = createIdFactory();
    const first = newId('user');
    const later = Array.from({ length: 100 }, () => newId('user'));
    assert.ok(later.every((id) => id.slice(3, 11) >= first.slice(3, 11)));
  });

  it('references are 10 unambiguous characters', () => {
    for (let i = 0; i < 1000; i++) assert.match(randomReference(), /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{10}$/);
  });
});
