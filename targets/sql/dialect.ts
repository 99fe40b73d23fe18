/**
 * What differs between the SQL dialects `--target sql` writes: how a DOUBLE threshold is spelt
 * (exactly), how a boolean feature is tested, how a condition becomes 0/1, and the names of
 * GREATEST and MOD. Everything else (quoting, CASE, AND/OR/NOT, COALESCE, TRIM, BETWEEN, IN)
 * is plain SQL all four share. See docs/sql.md.
 */

export const SQL_DIALECTS = ['sqlite', 'postgres', 'duckdb', 'ansi'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export interface Dialect {
  readonly name: SqlDialect;
  /** The column types the expression expects, for the header and docs. */
  readonly columnTypes: { readonly numeric: string; readonly categorical: string; readonly boolean: string };
  /** A finite double as a literal of exactly that DOUBLE value. */
  double(x: number): string;
  /** `column is true` / `column is false` for a boolean feature (never NULL here: NULLs are handled before). */
  isTrue(column: string): string;
  isFalse(column: string): string;
  /** A value of a boolean column that is neither true nor false, or null when the type rules that out. */
  invalidBoolean(column: string): string | null;
  /** A condition as the integer 0 or 1. */
  toInt(condition: string): string;
  greatest(args: readonly string[]): string;
  mod(value: string, n: number): string;
  /** The select list's "every column of the table". */
  star(table: string): string;
}

/** A double-quoted identifier (embedded quotes doubled). */
export function quoteIdentifier(name: string): string {
  checkText(name, 'identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted string literal (embedded quotes doubled). */
export function quoteString(value: string): string {
  checkText(value, 'string');
  return `'${value.replaceAll("'", "''")}'`;
}

function checkText(text: string, what: string): void {
  // No engine accepts NUL in SQL text; failing here beats a confusing engine error.
  if (text.includes('\0')) throw new Error(`SQL target: the ${what} ${JSON.stringify(text)} contains a NUL character`);
  if (what === 'identifier' && text.length === 0) throw new Error('SQL target: empty identifier');
}

/** JavaScript's shortest round-trip spelling (`4.95`, `1e+21`, `5e-324`); -0 prints as 0. */
function shortest(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`SQL target: threshold ${x} is not a finite number`);
  return Object.is(x, -0) ? '0' : String(x);
}

/**
 * Approximate-numeric (scientific) notation `4.95E0`: a DOUBLE in ANSI SQL and DuckDB (which
 * types `4.95` as DECIMAL(3,2) and converts DECIMALs with long mantissas inexactly).
 */
function scientific(x: number): string {
  const s = shortest(x);
  return s.includes('e') ? s.replace('e+', 'E').replace('e', 'E') : `${s}E0`;
}

const groupedOr = (condition: string): string => (condition.startsWith('(') ? condition : `(${condition})`);

const common = {
  greatest: (args: readonly string[]) => `GREATEST(${args.join(', ')})`,
  mod: (value: string, n: number) => `MOD(${value}, ${n})`,
  star: () => '*',
  isTrue: (column: string) => column,
  isFalse: (column: string) => `NOT ${column}`,
  invalidBoolean: () => null,
};

export const DIALECTS: Readonly<Record<SqlDialect, Dialect>> = {
  sqlite: {
    ...common,
    name: 'sqlite',
    columnTypes: { numeric: 'REAL or INTEGER', categorical: 'TEXT', boolean: 'INTEGER 0/1 (SQLite has no boolean type; TRUE and FALSE are 1 and 0)' },
    // SQLite reads any literal with a point or an exponent as REAL (correctly rounded: checked by the tests).
    double: shortest,
    isTrue: (column) => `${column} = 1`,
    isFalse: (column) => `${column} = 0`,
    invalidBoolean: (column) => `${column} NOT IN (0, 1)`,
    // Comparisons and AND/OR/NOT already are the integers 0 and 1 in SQLite.
    toInt: groupedOr,
    // The multi-argument scalar max(); NULLs never reach it (see the guards).
    greatest: (args) => `MAX(${args.join(', ')})`,
    mod: (value, n) => `${value} % ${n}`,
  },
  postgres: {
    ...common,
    name: 'postgres',
    columnTypes: { numeric: 'DOUBLE PRECISION, REAL, NUMERIC or an integer type', categorical: 'TEXT or VARCHAR', boolean: 'BOOLEAN' },
    // PostgreSQL types 4.95 and 4.95E0 as NUMERIC; the cast (correctly rounded) makes every
    // comparison a DOUBLE one, as `dbnc predict` parses every cell to a double (a NUMERIC
    // column is converted too).
    double: (x) => `${shortest(x)}::float8`,
    toInt: (condition) => `CAST(${condition} AS INTEGER)`,
  },
  duckdb: {
    ...common,
    name: 'duckdb',
    columnTypes: { numeric: 'DOUBLE, FLOAT, DECIMAL or an integer type', categorical: 'VARCHAR', boolean: 'BOOLEAN' },
    double: scientific,
    toInt: (condition) => `CAST(${condition} AS INTEGER)`,
  },
  ansi: {
    ...common,
    name: 'ansi',
    columnTypes: { numeric: 'DOUBLE PRECISION (or any numeric type)', categorical: 'VARCHAR', boolean: 'BOOLEAN' },
    double: scientific,
    toInt: (condition) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`,
    // `SELECT *, x` is not Standard SQL; a qualified asterisk is.
    star: (table) => `${table}.*`,
  },
};
