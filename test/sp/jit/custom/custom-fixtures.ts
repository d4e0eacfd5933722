/**
 * Shared fixtures for the custom JIT handler tests: an org with an execution user holding
 * ManageUsers, a handler module file whose behaviour each test sets, and a custom setting.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JitContext, JitInput, UserDraft, UserRef } from '../../../../src/sp/jit/index.js';
import { JIT_ORG } from '../jit-fixtures.js';

export const RUNNER = 'jit.runner@acme.test';
export const LEGACY = 'legacy@acme.test';

/** JIT_ORG plus a Provisioning Integration profile (ManageUsers), its user, and a user without a Federation ID. */
export const CUSTOM_ORG = {
  ...JIT_ORG,
  profiles: [
    ...JIT_ORG.profiles,
    { name: 'Provisioning Integration', permissions: ['ManageUsers', 'ApiEnabled'] },
  ],
  users: [
    ...JIT_ORG.users,
    { username: RUNNER, email: 'it-ops@acme.test', lastName: 'Runner', profile: 'Provisioning Integration' },
    { username: LEGACY, email: 'legacy@acme.test', lastName: 'Legacy', profile: 'Standard User' },
  ],
};

/** A custom-JIT setting running `handler` as RUNNER, with JIT_SETTING's guardrail. */
export function customSetting(handler: string, jit: Record<string, unknown> = {}) {
  return {
    jit: {
      enabled: true,
      type: 'custom',
      handler,
      executeHandlerAs: RUNNER,
      allowedProfiles: ['Standard User', 'Sales User'],
      allowedRoles: ['Sales Rep', 'Support Agent'],
      ...jit,
    },
  };
}

/** What a test makes the handler do; an absent updateUser does nothing. */
export interface TestHandler {
  createUser(input: JitInput, org: JitContext): Promise<UserDraft | UserRef> | UserDraft | UserRef;
  updateUser?(input: JitInput & { userId: string }, org: JitContext): Promise<void> | void;
}

const HOOK = 'frontdesk.test.jitHandler';

/** Sets the behaviour of the handler module written by `writeHookHandler` (one per process). */
export function setHandler(handler: TestHandler): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for(HOOK)] = handler;
}

/**
 * Writes a real handler module that delegates to whatever `setHandler` installed, so every
 * test goes through module loading, the interface check and the real ACS.
 */
export function writeHookHandler(dir: string): string {
  const file = join(dir, 'hook-handler.js');
  writeFileSync(
    file,
    `const hook = () => {
  const handler = globalThis[Symbol.for(${JSON.stringify(HOOK)})];
  if (!handler) throw new Error('no test handler set');
  return handler;
};
export default {
  createUser(input, org) {
    return hook().createUser(input, org);
  },
  async updateUser(input, org) {
    const handler = hook();
    if (handler.updateUser) await handler.updateUser(input, org);
  },
};
`,
  );
  return file;
}

/** A UserDraft for a person named by `key`, with the four required fields. */
export function draftFor(key: string, extra: Partial<UserDraft> & Record<string, unknown> = {}): UserDraft {
  return {
    Username: `${key}@sp.acme.test`,
    Email: `${key}@mail.acme.test`,
    LastName: `Last-${key}`,
    ProfileId: 'Standard User',
    ...extra,
  } as UserDraft;
}

/** A promise that settles after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { PG_DISABLED, PG_URL, postgresSchema } from '../../../support/postgres.js';
