import { randomFillSync } from 'node:crypto';

/**
 * Three-character key prefixes, Salesforce style, so an id alone tells what it names.
 * Case matters: `00e` (Profile) and `00E` (Role) differ only by case.
 */
export const KEY_PREFIX = {
  user: '005',
  profile: '00e',
  role: '00E',
  contact: '003',
  account: '001',
  loginHistory: '0Ya',
  auditEvent: '0Au',
} as const;

export type RecordKind = keyof typeof KEY_PREFIX;

/** Produces the 15-character random body of an id; the store prepends the key prefix. */
export type IdGenerator = () => string;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CROCKFORD32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// One getrandom call per few hundred ids instead of one per id.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/**
 * 15 uniformly random base62 characters (about 89 bits).
 * @example randomIdBody() // 'q3ZrT0aB9xk2LmN'
 */
export function randomIdBody(): string {
  let out = '';
  while (out.length < 15) {
    const b = randomByte();
    // 248 = 4 × 62: rejecting the top 8 values keeps the distribution uniform.
    if (b < 248) out += BASE62[b % 62];
  }
  return out;
}

/** Base62 digits of the millisecond clock at the front of an id: 62^8 ms is about 6,900 years. */
const TIME_DIGITS = 8;

/**
 * 8 base62 digits of the millisecond clock, then 7 random base62 characters (about 42 bits):
 * ids made later sort later. Rows inserted together then land in the same B-tree pages of
 * each primary key and id index instead of one random page each, which roughly halves the
 * pages a SQLite commit writes per login. Ids are not secrets (sessions and the references
 * shown to browsers are separate random values); they do reveal when a record was created,
 * as its `created_at` does.
 * @example timeOrderedIdBody(Date.UTC(2026, 10, 26)) // '0Vc25RJ2' + 7 random characters
 */
export function timeOrderedIdBody(nowMs: number = Date.now()): string {
  let time = '';
  let t = Math.max(0, Math.floor(nowMs));
  for (let i = 0; i < TIME_DIGITS; i++) {
    time = BASE62[t % 62]! + time;
    t = Math.floor(t / 62);
  }
  return time + randomIdBody().slice(0, 15 - TIME_DIGITS);
}

/**
 * A short reference shown to the browser after a failed sign-in: 10 Crockford base32
 * characters (50 bits), unambiguous when read aloud or retyped.
 * @example randomReference() // 'K7Q2M9XD4T'
 */
export function randomReference(): string {
  let out = '';
  for (let i = 0; i < 10; i++) out += CROCKFORD32[randomByte() & 31];
  return out;
}

/**
 * Builds the id factory used by the repositories (time-ordered bodies unless told otherwise).
 * @example createIdFactory()('user') // '0050Vc25RJ2q3ZrT0a'
 */
export function createIdFactory(
  generator: IdGenerator = () => timeOrderedIdBody(),
): (kind: RecordKind) => string {
  return (kind) => KEY_PREFIX[kind] + generator();
}
