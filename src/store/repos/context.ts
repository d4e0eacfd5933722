import type { Kysely } from 'kysely';
import type { Codec, StoreDialect } from '../codec.js';
import type { RecordKind } from '../ids.js';
import type { Database } from '../schema.js';

/** What every repository needs: a query runner (the store or a transaction) and the injected clock and ids. */
export interface RepoContext {
  /** The whole store, or one transaction: repositories work the same on both. */
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  readonly codec: Codec;
  readonly newId: (kind: RecordKind) => string;
  readonly now: () => Date;
}

/** Bounds a caller-supplied page size. */
export function clampLimit(limit: number | undefined, fallback = 50, max = 1000): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(Math.max(Math.trunc(limit), 1), max);
}

/** Bounds a caller-supplied offset. */
export function clampOffset(offset: number | undefined): number {
  if (offset === undefined || !Number.isFinite(offset)) return 0;
  return Math.max(Math.trunc(offset), 0);
}

/** COUNT(*) is a number in SQLite and a bigint string in PostgreSQL. */
export function toCount(value: string | number | bigint | undefined): number {
  return value === undefined ? 0 : Number(value);
}

/**
 * Copies the fields of `patch` that are present (not undefined) onto `target`, renamed
 * through `columns` (camelCase field → snake_case column).
 */
export function copyDefined<F extends string>(
  patch: Partial<Record<NoInfer<F>, unknown>>,
  columns: Readonly<Record<F, string>>,
  target: Record<string, unknown>,
): void {
  for (const field in columns) {
    const value = patch[field];
    if (value !== undefined) target[columns[field]] = value;
  }
}
