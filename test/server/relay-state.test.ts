import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCookie, SESSION_COOKIE } from '../../src/server/cookies.js';
import { relayRedirectTarget } from '../../src/server/relay-state.js';

const BASE = 'https://sp.example.test';

describe('relayRedirectTarget', () => {
  it('keeps local paths and percent-encodes what is not ASCII', () => {
    assert.equal(relayRedirectTarget('/after-login', BASE), '/after-login');
    assert.equal(relayRedirectTarget('/a?b=c#d', BASE), '/a?b=c#d');
    assert.equal(relayRedirectTarget('/café/東京', BASE), '/caf%C3%A9/%E6%9D%B1%E4%BA%AC');
    assert.equal(relayRedirectTarget('/x', 'https://sp.example.test/prefix'), '/x');
  });

  it('refuses anything that leaves the origin, even after normalization', () => {
    for (const bad of [
      null,
      '',
      'relative',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      '/a\tb',
      '/..//evil.example',
      '/.//evil.example',
      '/a/b/../../..//evil.example',
      '/x'.repeat(600),
    ]) {
      assert.equal(relayRedirectTarget(bad, BASE), null, JSON.stringify(bad));
    }
  });

  it('every answer is ASCII', () => {
    for (const value of ['/ü', '/𝒳?𝒴#𝒵', '/x y', '/"<>`']) {
      assert.match(relayRedirectTarget(value, BASE) ?? '', /^\/[\x21-\x7e]*$/, value);
    }
  });
});

describe('readCookie', () => {
  it('reads and decodes a cookie', () => {
    assert.equal(readCookie('a=1; fd_session=x%2By', SESSION_COOKIE), 'x+y');
    assert.equal(readCookie('a=1', SESSION_COOKIE), null);
    assert.equal(readCookie(undefined, SESSION_COOKIE), null);
  });

  it('answers null for a value that is not valid percent-encoding', () => {
    assert.equal(readCookie('fd_session=%E0%A4%A', SESSION_COOKIE), null);
    assert.equal(readCookie('fd_session=%', SESSION_COOKIE), null);
  });
});
