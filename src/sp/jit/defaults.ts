import type { OrgDefaults } from '../../config/types.js';
import { randomIdBody, type StoreTx } from '../../store/index.js';

const ALIAS_MAX = 8;
const NICKNAME_MAX = 40;
/** Numbered candidates tried before a random suffix: `jdoe`, `jdoe1` … `jdoe9`. */
const NUMBERED_NICKNAMES = 9;
const RANDOM_NICKNAMES = 5;

function take(value: string, length: number): string {
  return Array.from(value).slice(0, length).join('');
}

/**
 * The default Alias: first initial and last name, without spaces, at most 8 characters.
 * @example defaultAlias('Alice', 'Jones-Smith') // 'AJones-S'
 */
export function defaultAlias(firstName: string | null, lastName: string): string {
  const initial = firstName === null ? '' : (Array.from(firstName.replace(/\s+/g, ''))[0] ?? '');
  const alias = take(`${initial}${lastName}`.replace(/\s+/g, ''), ALIAS_MAX);
  return alias === '' ? 'user' : alias;
}

/**
 * The default CommunityNickname: the username's part before `@`, made unique among users by
 * a number, then by a random suffix. A concurrent login may still take the same one first;
 * the unique index then fails the transaction and the login pipeline retries it.
 * @example await defaultCommunityNickname(tx, 'jdoe@example.com') // 'jdoe', or 'jdoe1' when taken
 */
export async function defaultCommunityNickname(tx: StoreTx, username: string): Promise<string> {
  const stem = username.split('@')[0] || username;
  const candidates = [take(stem, NICKNAME_MAX)];
  for (let n = 1; n <= NUMBERED_NICKNAMES; n++)
    candidates.push(take(stem, NICKNAME_MAX - String(n).length) + n);
  for (const candidate of candidates) {
    if (!(await tx.users.communityNicknameExists(candidate))) return candidate;
  }
  for (let i = 0; i < RANDOM_NICKNAMES; i++) {
    const suffix = randomIdBody().slice(0, 6).toLowerCase();
    const candidate = `${take(stem, NICKNAME_MAX - suffix.length - 1)}.${suffix}`;
    if (!(await tx.users.communityNicknameExists(candidate))) return candidate;
  }
  // Practically unreachable; the unique index is the final word either way.
  return `${take(stem, NICKNAME_MAX - 16)}.${randomIdBody()}`;
}

/** Time zone, locale, language and email encoding a new user gets unless the assertion says otherwise. */
export function localeDefaults(defaults: OrgDefaults): {
  timeZoneSidKey: string;
  localeSidKey: string;
  languageLocaleKey: string;
  emailEncodingKey: string;
} {
  return {
    timeZoneSidKey: defaults.timeZoneSidKey,
    localeSidKey: defaults.localeSidKey,
    languageLocaleKey: defaults.languageLocaleKey,
    emailEncodingKey: defaults.emailEncodingKey,
  };
}
