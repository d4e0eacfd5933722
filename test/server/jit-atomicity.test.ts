import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStandardProvisioner } from '../../src/sp/jit/index.js';
import type { Provisioner } from '../../src/sp/provisioner.js';
import type { StoreTx } from '../../src/store/index.js';
import { startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';
import {
  counts,
  expectRefused,
  expectSignedIn,
  JIT_ORG,
  JIT_SETTING,
  personAt,
} from '../sp/jit/jit-fixtures.js';

type Crash = 'after-contact-insert' | 'before-user-insert' | null;

/**
 * The real transaction with one repository method sabotaged: the fault lands exactly between
 * inserting the Contact and inserting the User, as a crashed process or a lost connection would.
 */
function sabotage(tx: StoreTx, crash: Crash): StoreTx {
  const wrapRepo = <R extends object>(
    repo: R,
    method: string,
    run: (original: (...args: unknown[]) => Promise<unknown>, args: unknown[]) => Promise<unknown>,
  ): R =>
    new Proxy(repo, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (prop !== method || typeof value !== 'function')
          return typeof value === 'function' ? value.bind(target) : value;
        const original = (value as (...args: unknown[]) => Promise<unknown>).bind(target);
        return (...args: unknown[]) => run(original, args);
      },
    });
  return new Proxy(tx, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (crash === 'after-contact-insert' && prop === 'contacts') {
        return wrapRepo(value as object, 'insert', async (original, args) => {
          await original(...args);
          throw new Error('simulated crash after inserting the Contact');
        });
      }
      if (crash === 'before-user-insert' && prop === 'users') {
        return wrapRepo(value as object, 'insert', async () => {
          throw new Error('simulated crash before inserting the User');
        });
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as StoreTx;
}

describe('JIT atomicity: a failure at any step leaves no partial Account, Contact or User', () => {
  let h: Harness;
  let crash: Crash = null;
  let standard: Provisioner | null = null;
  const provisioner: Provisioner = (tx, input) => standard!(sabotage(tx, crash), input);

  before(async () => {
    h = await startHarness({
      config: JIT_ORG,
      setting: JIT_SETTING,
      now: tickingClock(FIXED_NOW),
      provisioner,
    });
    standard = createStandardProvisioner(h.app.config);
  });
  after(() => h.close());

  for (const point of ['after-contact-insert', 'before-user-insert'] as const) {
    it(`a crash ${point.replaceAll('-', ' ')} rolls back the Account and the Contact`, async () => {
      const attributes = personAt(`crash-${point}`, `CRASH-${point}`);
      crash = point;
      try {
        await expectRefused(h, `fed-crash-${point}`, attributes, 'INTERNAL_ERROR');
      } finally {
        crash = null;
      }
      assert.deepEqual(await h.app.store.accounts.findByAccountNumber(`CRASH-${point}`), []);
      assert.deepEqual(await h.app.store.contacts.findByEmail(`crash-${point}@contact.acme.test`), []);
      assert.equal(await h.app.store.users.findByFederationId(`fed-crash-${point}`), null);

      const before = await counts(h.app.store);
      await expectSignedIn(h, `fed-crash-${point}`, attributes, 'created');
      const after = await counts(h.app.store);
      assert.deepEqual(
        [after.users - before.users, after.contacts - before.contacts, after.accounts - before.accounts],
        [1, 1, 1],
      );
    });
  }

  it('a crash after a step-2 Contact update rolls the update back', async () => {
    const contact = await h.app.store.contacts.insert({
      lastName: 'Kept',
      email: 'kept@contact.acme.test',
      title: 'Kept',
    });
    crash = 'before-user-insert';
    try {
      await expectRefused(
        h,
        'fed-kept',
        personAt('kept', 'KEPT-1', { 'Contact.Email': 'kept@contact.acme.test', 'Contact.Title': 'Changed' }),
        'INTERNAL_ERROR',
      );
    } finally {
      crash = null;
    }
    assert.deepEqual(await h.app.store.contacts.findById(contact.id), contact);
  });

  it('a refusal after provisioning (a new user sent as inactive) leaves nothing either', async () => {
    await expectRefused(
      h,
      'fed-inactive',
      personAt('inactive', 'INACTIVE-1', { 'User.IsActive': 'false' }),
      'USER_INACTIVE',
    );
    assert.deepEqual(await h.app.store.accounts.findByAccountNumber('INACTIVE-1'), []);
  });
});
