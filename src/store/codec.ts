/** Which SQL engine a store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/**
 * Converts API values to and from what each driver stores. Kept tiny and branch-free per
 * call: it runs for every column of every row on the hot path.
 */
export interface Codec {
  /** `Date` → column value (ISO text in SQLite, `Date` for pg's timestamptz). */
  ts(date: Date): Date | string;
  /** Column value → `Date`. */
  date(value: Date | string): Date;
  bool(value: boolean): boolean | number;
  fromBool(value: boolean | number): boolean;
}

function checkedIso(date: Date): string {
  // toISOString throws RangeError on an invalid Date, which is what we want.
  return date.toISOString();
}

const sqliteCodec: Codec = {
  ts: checkedIso,
  date: (value) => (value instanceof Date ? value : new Date(value)),
  bool: (value) => (value ? 1 : 0),
  fromBool: (value) => value === 1 || value === true,
};

const postgresCodec: Codec = {
  ts: (date) => {
    if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value');
    return date;
  },
  date: (value) => (value instanceof Date ? value : new Date(value)),
  bool: (value) => value,
  fromBool: (value) => value === true || value === 1,
};

/** The codec for a dialect. */
export function codecFor(dialect: StoreDialect): Codec {
  return dialect === 'sqlite' ? sqliteCodec : postgresCodec;
}

/** Parses a JSON text column, falling back when the column is empty. */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}
