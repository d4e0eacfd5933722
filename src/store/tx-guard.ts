import { AsyncLocalStorage } from 'node:async_hooks';

const MISUSE =
  'store used directly inside store.transaction(): use the repositories of the `tx` argument instead';

/**
 * Catches a store call made from inside one of the store's own transactions without going
 * through the transaction (`store.x` instead of `tx.x`). On SQLite that call waits forever
 * for the one connection the transaction holds; on PostgreSQL it runs outside the
 * transaction and can wait on the transaction's own row locks. Either way it is a bug.
 *
 * Off by default: it needs AsyncLocalStorage, which on Node 20 puts a hook on every promise
 * of the process (measured: about a fifth of the store's CPU per login). Tests turn it on.
 */
export class TransactionGuard {
  readonly #current: AsyncLocalStorage<{ active: boolean }> | null;

  constructor(enabled: boolean) {
    this.#current = enabled ? new AsyncLocalStorage() : null;
  }

  /** Runs a transaction body; calls checked by `assertOutside` inside it are refused. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#current === null) return fn();
    const marker = { active: true };
    try {
      return await this.#current.run(marker, fn);
    } finally {
      // Work the body started and left running may outlive it; it is no longer "inside".
      marker.active = false;
    }
  }

  /** Throws when called from inside a running transaction body. */
  assertOutside(): void {
    if (this.#current?.getStore()?.active) throw new Error(MISUSE);
  }
}
