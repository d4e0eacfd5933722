import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EMAIL_ENCODING_KEYS,
  TIME_ZONE_SID_KEYS,
  isEmailEncodingKey,
  isLanguageLocaleKey,
  isLocaleSidKey,
  isTimeZoneSidKey,
} from '../../src/config/locales.js';

describe('allowed value lists', () => {
  it('time zones: the runtime list plus UTC, aliases accepted, case variants refused', () => {
    assert.ok(TIME_ZONE_SID_KEYS.includes('UTC'));
    assert.ok(TIME_ZONE_SID_KEYS.includes('Europe/Paris'));
    assert.ok(isTimeZoneSidKey('UTC'));
    assert.ok(isTimeZoneSidKey('Asia/Kolkata'));
    assert.ok(isTimeZoneSidKey('Asia/Calcutta'));
    assert.ok(!isTimeZoneSidKey('utc'));
    assert.ok(!isTimeZoneSidKey('Europe/Pariss'));
    assert.ok(!isTimeZoneSidKey(''));
  });

  it('locales, languages and encodings use exact keys', () => {
    assert.ok(isLocaleSidKey('en_US') && isLocaleSidKey('pt_BR'));
    assert.ok(!isLocaleSidKey('en-US') && !isLocaleSidKey('en_us'));
    assert.ok(isLanguageLocaleKey('de') && isLanguageLocaleKey('zh_TW'));
    assert.ok(!isLanguageLocaleKey('de_DE'));
    assert.deepEqual(
      [...EMAIL_ENCODING_KEYS],
      ['UTF-8', 'ISO-8859-1', 'Shift_JIS', 'ISO-2022-JP', 'EUC-JP', 'Big5', 'GB2312', 'ks_c_5601-1987'],
    );
    assert.ok(!isEmailEncodingKey('utf8'));
  });
});
