import { after, before, describe } from 'node:test';
import type { Store } from '../../../src/store/index.js';
import type { StoreTarget, SuiteContext, TargetFactory } from './context.js';
import { lifecycleTests } from './lifecycle.js';
import { loginTests } from './logins.js';
import { recordTests } from './records.js';
import { securityTests } from './security.js';

export type { StoreTarget, TargetFactory } from './context.js';

/**
 * The storage conformance suite: every repository method, uniqueness, concurrency,
 * transactions and migrations, run identically against any dialect.
 * @param createTarget makes a fresh, empty database each call
 * @param shared whether stores opened on one target see the same data
 */
export function storeConformance(name: string, createTarget: TargetFactory, shared: boolean): void {
  describe(`store conformance: ${name}`, () => {
    let target: StoreTarget | undefined;
    let store: Store | undefined;

    before(async () => {
      target = await createTarget();
      store = await target.open({ guardTransactions: true });
    });

    after(async () => {
      await store?.close();
      await target?.cleanup();
    });

    const ctx: SuiteContext = {
      name,
      shared,
      store: () => {
        if (!store) throw new Error('store not opened (see the before hook failure)');
        return store;
      },
      target: () => {
        if (!target) throw new Error('target not created (see the before hook failure)');
        return target;
      },
      freshTarget: createTarget,
    };

    recordTests(ctx);
    loginTests(ctx);
    securityTests(ctx);
    lifecycleTests(ctx);
  });
}
