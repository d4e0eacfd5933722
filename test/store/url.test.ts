import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStoreUrl } from '../../src/store/index.js';

describe('parseStoreUrl', () => {
  it('reads SQLite forms', () => {
    assert.deepEqual(parseStoreUrl('sqlite:./data/frontdesk.db'), {
      dialect: 'sqlite',
      path: './data/frontdesk.db',
    });
    assert.deepEqual(parseStoreUrl('sqlite:///var/lib/fd.db'), { dialect: 'sqlite', path: '/var/lib/fd.db' });
    assert.deepEqual(parseStoreUrl('sqlite::memory:'), { dialect: 'sqlite', path: null });
    assert.deepEqual(parseStoreUrl(':memory:'), { dialect: 'sqlite', path: null });
    assert.deepEqual(parseStoreUrl('./data/frontdesk.db'), {
      dialect: 'sqlite',
      path: './data/frontdesk.db',
    });
    assert.deepEqual(parseStoreUrl('/abs/fd.db'), { dialect: 'sqlite', path: '/abs/fd.db' });
    assert.deepEqual(parseStoreUrl('C:\\data\\fd.db'), { dialect: 'sqlite', path: 'C:\\data\\fd.db' });
  });

  it('reads PostgreSQL forms', () => {
    for (const url of ['postgres://u:p@h:5432/db', 'postgresql://h/db?sslmode=require', 'POSTGRES://h/db']) {
      assert.deepEqual(parseStoreUrl(url), { dialect: 'postgres', url });
    }
  });

  it('refuses what it does not know', () => {
    assert.throws(() => parseStoreUrl('mysql://h/db'), TypeError);
    assert.throws(() => parseStoreUrl('file:./fd.db'), TypeError);
    assert.throws(() => parseStoreUrl(''), TypeError);
    assert.throws(() => parseStoreUrl('sqlite:'), TypeError);
  });
});
