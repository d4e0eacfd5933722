import type { StoreTx } from '../../../store/index.js';

/** The repositories a handler's context reaches, through the standard JIT functions it reuses. */
const REPOSITORIES = new Set<PropertyKey>(['users', 'contacts', 'accounts', 'profiles', 'roles']);

/**
 * The time a handler call may use the login transaction. Once closed (the call returned,
 * threw or ran out of time) every store call made on its behalf is refused: a handler that
 * keeps running after a timeout must not write through a transaction that has been rolled
 * back, nor, on SQLite, through the one connection the next login's transaction now holds.
 */
export class HandlerWindow {
  #open = true;

  constructor(private readonly what: string) {}

  close(): void {
    this.#open = false;
  }

  /** Throws once the window is closed. */
  check(): void {
    if (!this.#open) {
      throw new Error(`${this.what} has ended: the JIT context can no longer be used`);
    }
  }

  /**
   * `tx` narrowed to the five repositories JIT uses (and `serializeOn`), each call checked
   * against this window. The raw query builder (`db`) and every other repository are refused.
   */
  guard(tx: StoreTx): StoreTx {
    const repos = new Map<PropertyKey, object>();
    const checkedMethods = <R extends object>(repo: R): R =>
      new Proxy(repo, {
        get: (target, prop) => {
          const value: unknown = Reflect.get(target, prop, target);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            this.check();
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    return new Proxy(tx, {
      get: (target, prop) => {
        this.check();
        if (prop === 'serializeOn') {
          return (keys: readonly string[]) => {
            this.check();
            return target.serializeOn(keys);
          };
        }
        if (!REPOSITORIES.has(prop)) {
          throw new Error(`the JIT context does not reach tx.${String(prop)}`);
        }
        let repo = repos.get(prop);
        if (repo === undefined) {
          repo = checkedMethods(Reflect.get(target, prop, target) as object);
          repos.set(prop, repo);
        }
        return repo;
      },
    });
  }
}
