/**
 * Allowed values for a user's time zone, locale, language and email encoding. The org defaults
 * in the configuration are checked against these, and so are the values JIT receives in an
 * assertion, so one list decides for both.
 */

/**
 * Locale keys (`language_COUNTRY`) that decide date, number and name formats.
 *
 * @example
 * isLocaleSidKey('en_GB'); // true
 */
export const LOCALE_SID_KEYS = [
  'ar_AE',
  'ar_EG',
  'ar_SA',
  'bg_BG',
  'ca_ES',
  'cs_CZ',
  'da_DK',
  'de_AT',
  'de_BE',
  'de_CH',
  'de_DE',
  'de_LU',
  'el_GR',
  'en_AU',
  'en_CA',
  'en_GB',
  'en_HK',
  'en_IE',
  'en_IN',
  'en_MY',
  'en_NG',
  'en_NZ',
  'en_PH',
  'en_SG',
  'en_US',
  'en_ZA',
  'es_AR',
  'es_CL',
  'es_CO',
  'es_ES',
  'es_MX',
  'es_PE',
  'es_US',
  'et_EE',
  'fi_FI',
  'fr_BE',
  'fr_CA',
  'fr_CH',
  'fr_FR',
  'fr_LU',
  'he_IL',
  'hi_IN',
  'hr_HR',
  'hu_HU',
  'id_ID',
  'is_IS',
  'it_CH',
  'it_IT',
  'ja_JP',
  'ko_KR',
  'lt_LT',
  'lv_LV',
  'ms_MY',
  'nl_BE',
  'nl_NL',
  'no_NO',
  'pl_PL',
  'pt_BR',
  'pt_PT',
  'ro_RO',
  'ru_RU',
  'sk_SK',
  'sl_SI',
  'sr_RS',
  'sv_SE',
  'th_TH',
  'tr_TR',
  'uk_UA',
  'vi_VN',
  'zh_CN',
  'zh_HK',
  'zh_SG',
  'zh_TW',
] as const;

/** A locale key from {@link LOCALE_SID_KEYS}. */
export type LocaleSidKey = (typeof LOCALE_SID_KEYS)[number];

/**
 * Language keys: the language of the user interface. A bare language (`de`) where one variant
 * serves every country, `language_COUNTRY` where variants differ.
 *
 * @example
 * isLanguageLocaleKey('pt_BR'); // true
 */
export const LANGUAGE_LOCALE_KEYS = [
  'ar',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en_AU',
  'en_CA',
  'en_GB',
  'en_US',
  'es',
  'es_MX',
  'fi',
  'fr',
  'fr_CA',
  'he',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'nl_NL',
  'no',
  'pl',
  'pt_BR',
  'pt_PT',
  'ro',
  'ru',
  'sk',
  'sv',
  'th',
  'tr',
  'uk',
  'vi',
  'zh_CN',
  'zh_TW',
] as const;

/** A language key from {@link LANGUAGE_LOCALE_KEYS}. */
export type LanguageLocaleKey = (typeof LANGUAGE_LOCALE_KEYS)[number];

/**
 * Character encodings for outgoing email.
 *
 * @example
 * isEmailEncodingKey('UTF-8'); // true
 */
export const EMAIL_ENCODING_KEYS = [
  'UTF-8',
  'ISO-8859-1',
  'Shift_JIS',
  'ISO-2022-JP',
  'EUC-JP',
  'Big5',
  'GB2312',
  'ks_c_5601-1987',
] as const;

/** An email encoding from {@link EMAIL_ENCODING_KEYS}. */
export type EmailEncodingKey = (typeof EMAIL_ENCODING_KEYS)[number];

/**
 * Canonical IANA time zone ids known to this Node build, plus `UTC`. The list comes from ICU,
 * so it may differ slightly between Node versions; prefer {@link isTimeZoneSidKey}, which also
 * accepts aliases such as `Asia/Kolkata` that ICU files under another canonical name.
 */
export const TIME_ZONE_SID_KEYS: readonly string[] = Object.freeze(
  [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort(),
);

const timeZoneSet = new Set(TIME_ZONE_SID_KEYS);
const localeSet = new Set<string>(LOCALE_SID_KEYS);
const languageSet = new Set<string>(LANGUAGE_LOCALE_KEYS);
const encodingSet = new Set<string>(EMAIL_ENCODING_KEYS);

/**
 * The canonical id ICU uses for `value`, or `null` when ICU does not know the zone.
 *
 * @example
 * canonicalTimeZone('Asia/Kolkata'); // 'Asia/Calcutta' on ICU builds that keep the old name
 */
export function canonicalTimeZone(value: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * Whether `value` is an IANA time zone id (exact case) this runtime knows, or `UTC`.
 *
 * @example
 * isTimeZoneSidKey('Europe/Paris'); // true
 * isTimeZoneSidKey('europe/paris'); // false: ids are case-sensitive
 */
export function isTimeZoneSidKey(value: string): boolean {
  if (timeZoneSet.has(value)) return true;
  const canonical = canonicalTimeZone(value);
  if (canonical === null || !timeZoneSet.has(canonical)) return false;
  // ICU resolves ids case-insensitively; a mere case variant is a typo, not an alias.
  return canonical.toLowerCase() !== value.toLowerCase();
}

/**
 * Whether `value` is one of {@link LOCALE_SID_KEYS}.
 *
 * @example
 * isLocaleSidKey('en-US'); // false: the separator is an underscore
 */
export function isLocaleSidKey(value: string): value is LocaleSidKey {
  return localeSet.has(value);
}

/**
 * Whether `value` is one of {@link LANGUAGE_LOCALE_KEYS}.
 *
 * @example
 * isLanguageLocaleKey('de'); // true
 */
export function isLanguageLocaleKey(value: string): value is LanguageLocaleKey {
  return languageSet.has(value);
}

/**
 * Whether `value` is one of {@link EMAIL_ENCODING_KEYS} (exact case).
 *
 * @example
 * isEmailEncodingKey('utf-8'); // false
 */
export function isEmailEncodingKey(value: string): value is EmailEncodingKey {
  return encodingSet.has(value);
}
