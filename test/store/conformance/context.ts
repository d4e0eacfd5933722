import { randomBytes } from 'node:crypto';
import type { NewUser, OpenStoreOptions, Store } from '../../../src/store/index.js';

/** One database the suite can open stores on (a file, a PG schema, or fresh memory). */
export interface StoreTarget {
  /** Opens a store on this target; extra options (clock, ids) are merged in. */
  open(options?: Partial<OpenStoreOptions>): Promise<Store>;
  /** Whether two `open()` calls see the same data (false for `:memory:`). */
  readonly shared: boolean;
  /** Options for a child process to open the same target (null when impossible). */
  readonly processArgs: { url: string; schema?: string } | null;
  /** Removes whatever the target created. */
  cleanup(): Promise<void>;
}

/** Makes a brand-new, empty target. */
export type TargetFactory = () => Promise<StoreTarget>;

export interface SuiteContext {
  readonly name: string;
  /** Whether stores opened on one target share data (files and PG schemas do, `:memory:` does not). */
  readonly shared: boolean;
  /** The store shared by most tests; tests use unique values so they never collide. */
  store(): Store;
  /** The target behind `store()`. */
  target(): StoreTarget;
  freshTarget: TargetFactory;
}

/** A short random suffix, unique enough to keep tests apart on a shared database. */
export function uniq(): string {
  return randomBytes(6).toString('hex');
}

/** A valid new-user draft with unique username, nickname and federation id. */
export function userDraft(profileId: string, overrides: Partial<NewUser> = {}): NewUser {
  const u = uniq();
  return {
    username: `user.${u}@example.com`,
    email: `user.${u}@example.com`,
    lastName: 'Doe',
    firstName: 'Jane',
    alias: 'jdoe',
    communityNickname: `jdoe.${u}`,
    federationIdentifier: `fed-${u}`,
    profileId,
    timeZoneSidKey: 'Europe/Paris',
    localeSidKey: 'fr_FR',
    languageLocaleKey: 'fr',
    emailEncodingKey: 'UTF-8',
    ...overrides,
  };
}

/** A profile to hang users on. */
export async function someProfile(store: Store): Promise<string> {
  const profile = await store.profiles.upsert({ name: `Profile ${uniq()}`, permissions: ['ApiEnabled'] });
  return profile.id;
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2030-01-01T00:00:00.000Z')): {
  now: () => Date;
  set(date: Date): void;
  advance(ms: number): void;
} {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = date.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Asserts a promise rejects with an error `predicate` accepts; returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
