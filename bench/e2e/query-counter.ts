/**
 * Counts the SQL statements a server process sends (BEGIN, SAVEPOINT, RELEASE and COMMIT
 * included; on SQLite one COMMIT serves a whole group of logins), so the bench
 * can report statements per login. It wraps the drivers' own entry points in this process only
 * (better-sqlite3's Statement methods, pg's Client#query): the store under test is unchanged,
 * and the cost is one increment per statement.
 */
export async function installQueryCounter(): Promise<() => number> {
  let statements = 0;
  // Named, because in a CPU profile the native driver's time is billed to this frame.
  const count = <F extends (...args: never[]) => unknown>(fn: F): F =>
    function driverCall(this: unknown, ...args: Parameters<F>) {
      statements++;
      return fn.apply(this, args);
    } as F;

  const { default: Database } = await import('better-sqlite3');
  const probe = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<
    'run' | 'get' | 'all' | 'iterate',
    (...args: never[]) => unknown
  >;
  const databaseProto = Object.getPrototypeOf(probe) as Record<'exec', (...args: never[]) => unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    statementProto[method] = count(statementProto[method]);
  }
  // BEGIN, SAVEPOINT, RELEASE and COMMIT go through Database#exec (one statement each).
  databaseProto.exec = count(databaseProto.exec);

  const { default: pg } = await import('pg');
  const clientProto = pg.Client.prototype as unknown as { query: (...args: never[]) => unknown };
  clientProto.query = count(clientProto.query);

  return () => statements;
}
