import type { Compilable, CompiledQuery, Kysely, QueryResult, Selectable } from 'kysely';
import type { RepoContext } from './repos/context.js';
import type { Database } from './schema.js';

/**
 * Query templates: a Kysely query is built and compiled once per shape, then run with new
 * parameters. Building and compiling costs tens of microseconds for a wide insert, and a
 * login runs a dozen queries; the compiled SQL is also what the SQLite driver's statement
 * cache is keyed on. Everything stays a typed Kysely builder in the repositories.
 */

/** Marks where a named parameter goes; found again in the compiled parameter list. */
class Slot {
  constructor(readonly name: string) {}
}

type Binding = { slot: string } | { constant: unknown };

interface Template {
  compiled: CompiledQuery;
  bindings: Binding[];
}

/** Gives the placeholder for parameter `name`; typed `never` so it fits any column. */
export type SlotFn = (name: string) => never;

// Keys are code-chosen shapes (plus column lists for inserts and updates), so the map stays
// small; the cap only guards against a caller inventing shapes without bound.
const MAX_TEMPLATES = 2000;
const templates = new Map<string, Template>();

function compileTemplate(compiled: CompiledQuery): Template {
  const bindings = compiled.parameters.map((p): Binding =>
    p instanceof Slot ? { slot: p.name } : { constant: p },
  );
  return { compiled, bindings };
}

/**
 * Runs the query `build` describes, compiled once per `key` and dialect.
 * `build` must describe the same SQL every time for a given key; values go through `$`.
 * @example
 * await runTemplate(ctx, 'users.byId', (db, $) => db.selectFrom('users').selectAll().where('id', '=', $('id')), { id })
 */
export function runTemplate<R>(
  ctx: RepoContext,
  key: string,
  build: (db: Kysely<Database>, $: SlotFn) => Compilable<R>,
  values: Readonly<Record<string, unknown>>,
): Promise<QueryResult<R>> {
  const cacheKey = `${ctx.dialect}\u0000${key}`;
  let template = templates.get(cacheKey);
  if (template === undefined) {
    template = compileTemplate(build(ctx.db, (name) => new Slot(name) as never).compile());
    if (templates.size >= MAX_TEMPLATES) templates.delete(templates.keys().next().value!);
    templates.set(cacheKey, template);
  }
  const parameters = template.bindings.map((b) => {
    if ('constant' in b) return b.constant;
    const value = values[b.slot];
    if (value === undefined) throw new TypeError(`query ${key}: no value for parameter ${b.slot}`);
    return value;
  });
  return ctx.db.executeQuery<R>({ ...template.compiled, parameters } as CompiledQuery<R>);
}

type TableName = keyof Database & string;
// Column lists are only known at run time here; the repositories keep the typed view.
type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

function slotsFor(columns: readonly string[], $: SlotFn): Record<string, never> {
  const row: Record<string, never> = {};
  for (const column of columns) row[column] = $(column);
  return row;
}

/** Inserts one row; `row` maps every column to insert to its value (null, never undefined). */
export async function insertRow<T extends TableName>(
  ctx: RepoContext,
  table: T,
  row: Readonly<Record<string, unknown>>,
): Promise<void> {
  const columns = Object.keys(row);
  await runTemplate(
    ctx,
    `${table}.insert(${columns.join(',')})`,
    (db, $) => (db as unknown as LooseDb).insertInto(table as string).values(slotsFor(columns, $)),
    row,
  );
}

/**
 * Sets `values` on the row with this id and returns the row as it now is (undefined when
 * there is none). One template per set of columns.
 */
export async function updateById<T extends TableName>(
  ctx: RepoContext,
  table: T,
  id: string,
  values: Readonly<Record<string, unknown>>,
): Promise<Selectable<Database[T]> | undefined> {
  const columns = Object.keys(values).filter((c) => values[c] !== undefined);
  const bound: Record<string, unknown> = { ...values, '\u0000id': id };
  const { rows } = await runTemplate<Selectable<Database[T]>>(
    ctx,
    `${table}.updateById(${columns.join(',')})`,
    (db, $) =>
      (db as unknown as LooseDb)
        .updateTable(table as string)
        .set(slotsFor(columns, $))
        .where('id', '=', $('\u0000id'))
        .returningAll() as unknown as Compilable<Selectable<Database[T]>>,
    bound,
  );
  return rows[0];
}
