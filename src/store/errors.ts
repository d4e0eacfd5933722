import { UNIQUE_INDEXES } from './migrations.js';

const SQLITE_UNIQUE_CODES: ReadonlySet<string> = new Set([
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);
const PG_UNIQUE_VIOLATION = '23505';
const SQLITE_UNIQUE_MESSAGE = 'UNIQUE constraint failed: ';

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  cause?: unknown;
}

// Callers may wrap driver errors; look a few causes deep, no further.
function findUniqueViolation(err: unknown): DriverError | null {
  let current = err;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const candidate = current as DriverError;
    const code = candidate.code;
    if (code === PG_UNIQUE_VIOLATION || (typeof code === 'string' && SQLITE_UNIQUE_CODES.has(code))) {
      return candidate;
    }
    current = candidate.cause;
  }
  return null;
}

/**
 * True when `err` (or its cause) is a unique-constraint violation from either driver: the
 * signal to retry a lost race (two first logins of one user at once) or report a duplicate.
 * In PostgreSQL the surrounding transaction is aborted: retry the whole transaction.
 * @example
 * try { await tx.users.insert(draft) } catch (e) { if (isUniqueViolation(e)) return retry(); throw e }
 */
export function isUniqueViolation(err: unknown): boolean {
  return findUniqueViolation(err) !== null;
}

/**
 * Which `table.column` a unique violation hit (e.g. `users.community_nickname`), the same
 * on both drivers; null when `err` is no unique violation or the column is unknown.
 * @example if (uniqueViolationColumn(e) === 'users.community_nickname') nickname = next()
 */
export function uniqueViolationColumn(err: unknown): string | null {
  const found = findUniqueViolation(err);
  if (found === null) return null;
  if (typeof found.constraint === 'string') return UNIQUE_INDEXES[found.constraint] ?? null;
  if (typeof found.message === 'string') {
    const at = found.message.indexOf(SQLITE_UNIQUE_MESSAGE);
    if (at >= 0) {
      const column = found.message
        .slice(at + SQLITE_UNIQUE_MESSAGE.length)
        .split(',')[0]
        ?.trim();
      return column || null;
    }
  }
  return null;
}
