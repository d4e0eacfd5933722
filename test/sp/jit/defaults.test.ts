import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultAlias } from '../../../src/sp/jit/defaults.js';

describe('JIT defaults', () => {
  it('builds the Alias from the first initial and the last name, at most 8 characters', () => {
    assert.equal(defaultAlias('Alice', 'Jones'), 'AJones');
    assert.equal(defaultAlias('Alice', 'Jones-Smithson'), 'AJones-S');
    assert.equal(defaultAlias(null, 'Li'), 'Li');
    assert.equal(defaultAlias('  Éva', 'de la Cruz'), 'ÉdelaCru');
    assert.equal(defaultAlias('🚀x', 'Ångström Ångström'), '🚀Ångströ');
    assert.equal(defaultAlias(null, '   '), 'user');
  });
});
