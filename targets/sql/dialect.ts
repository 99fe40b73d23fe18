/**
 * What differs between the SQL dialects `--target sql` writes: how a DOUBLE threshold is spelt
 * (exactly), how a numeric column is read as a double and a category trimmed, how a boolean
 * feature is tested, how a condition becomes 0/1, and the names of GREATEST and MOD. Everything
 * else (quoting, CASE, AND/OR/NOT, COALESCE, BETWEEN, IN) is plain SQL all four share. See
 * docs/sql.md.
 */

import { hasInvisible } from '../../src/util/visible_text';

export const SQL_DIALECTS = ['sqlite', 'postgres', 'duckdb', 'ansi'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export interface Dialect {
  readonly name: SqlDialect;
  /** The column types the expression expects, for the header and docs. */
  readonly columnTypes: { readonly numeric: string; readonly categorical: string; readonly boolean: string };
  /** A finite double as a literal of exactly that DOUBLE value. */
  double(x: number): string;
  /**
   * A numeric column as the DOUBLE `dbnc predict` parses its cell to, for comparing with a
   * threshold: an integer or NUMERIC value beyond 2^53 or with more than 17 digits is rounded
   * first, as parsing the cell rounds it, instead of being compared exactly.
   */
  number(column: string): string;
  /** A categorical column's value, trimmed as `dbnc predict` trims a cell (see TRIMMED_CODE_POINTS). */
  trim(column: string): string;
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
  /**
   * A string literal of exactly `value`, with any invisible, space-like or text-reordering
   * character (src/util/visible_text.ts) spelt by its code point where the dialect can, so a
   * reader sees every character of a category or label and none reorders the query's text.
   */
  string(value: string): string;
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

/**
 * `value` as visible runs and single invisible characters, joined by `||` (parenthesized when
 * more than one piece): `('ok' || chr(8203))`. `spell` writes one character by its code point.
 */
function concatenated(value: string, spell: (codePoint: number) => string): string {
  if (!hasInvisible(value)) return quoteString(value);
  checkText(value, 'string');
  const pieces: string[] = [];
  let run = '';
  for (const ch of value) {
    if (hasInvisible(ch)) {
      if (run !== '') pieces.push(quoteString(run));
      run = '';
      pieces.push(spell(ch.codePointAt(0) as number));
    } else run += ch;
  }
  if (run !== '') pieces.push(quoteString(run));
  return pieces.length === 1 ? pieces[0] : `(${pieces.join(' || ')})`;
}

/** PostgreSQL's Unicode escape literal U&'…': `\XXXX` or `\+XXXXXX` for invisible characters, `\\` for a backslash. */
function unicodeLiteral(value: string): string {
  if (!hasInvisible(value)) return quoteString(value);
  checkText(value, 'string');
  let body = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') body += '\\\\';
    else if (ch === "'") body += "''";
    else if (hasInvisible(ch)) body += code > 0xffff ? `\\+${code.toString(16).toUpperCase().padStart(6, '0')}` : `\\${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else body += ch;
  }
  return `U&'${body}'`;
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

/**
 * The characters JavaScript's `String.prototype.trim` removes, which `dbnc predict` and the
 * TypeScript target trim from a category: ECMAScript's WhiteSpace and LineTerminator — tab,
 * line feed, vertical tab, form feed, carriage return, the space separators (Unicode Zs: space,
 * no-break space, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000), the line and paragraph
 * separators and the byte-order mark. SQL's one-argument TRIM removes spaces only, so a value
 * padded with a tab or a no-break space (common in spreadsheet exports) would be an unseen
 * category there.
 */
export const TRIMMED_CODE_POINTS: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
  0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
];

/** PostgreSQL's Unicode escape string of the trimmed characters: U&'\0009\000A…'. */
const unicodeEscapes = (codes: readonly number[]): string =>
  `U&'${codes.map((c) => `\\${c.toString(16).toUpperCase().padStart(4, '0')}`).join('')}'`;

const groupedOr = (condition: string): string => (condition.startsWith('(') ? condition : `(${condition})`);

const common = {
  greatest: (args: readonly string[]) => `GREATEST(${args.join(', ')})`,
  mod: (value: string, n: number) => `MOD(${value}, ${n})`,
  star: () => '*',
  isTrue: (column: string) => column,
  isFalse: (column: string) => `NOT ${column}`,
  invalidBoolean: () => null,
  number: (column: string) => column,
  // Standard SQL spells characters by code point only in U&'…' (feature F393), which DuckDB
  // does not read: the ansi dialect writes every character as is.
  string: quoteString,
};

export const DIALECTS: Readonly<Record<SqlDialect, Dialect>> = {
  sqlite: {
    ...common,
    name: 'sqlite',
    columnTypes: { numeric: 'REAL or INTEGER', categorical: 'TEXT', boolean: 'INTEGER 0/1 (SQLite has no boolean type; TRUE and FALSE are 1 and 0)' },
    // SQLite reads any literal with a point or an exponent as REAL (correctly rounded: checked by the tests).
    double: shortest,
    // INTEGER values compare exactly with REAL literals in SQLite; predict rounds them to doubles.
    number: (column) => `CAST(${column} AS REAL)`,
    trim: (column) => `TRIM(${column}, char(${TRIMMED_CODE_POINTS.join(', ')}))`,
    isTrue: (column) => `${column} = 1`,
    isFalse: (column) => `${column} = 0`,
    invalidBoolean: (column) => `${column} NOT IN (0, 1)`,
    // Comparisons and AND/OR/NOT already are the integers 0 and 1 in SQLite.
    toInt: groupedOr,
    // The multi-argument scalar max(); NULLs never reach it (see the guards).
    greatest: (args) => `MAX(${args.join(', ')})`,
    mod: (value, n) => `${value} % ${n}`,
    string: (value) => concatenated(value, (c) => `char(${c})`),
  },
  postgres: {
    ...common,
    name: 'postgres',
    columnTypes: { numeric: 'DOUBLE PRECISION, REAL, NUMERIC or an integer type', categorical: 'TEXT or VARCHAR', boolean: 'BOOLEAN' },
    // PostgreSQL types 4.95 and 4.95E0 as NUMERIC; the cast (correctly rounded) makes every
    // comparison a DOUBLE one, as `dbnc predict` parses every cell to a double (a NUMERIC
    // column is converted too).
    double: (x) => `${shortest(x)}::float8`,
    trim: (column) => `BTRIM(${column}, ${unicodeEscapes(TRIMMED_CODE_POINTS)})`,
    string: unicodeLiteral,
    toInt: (condition) => `CAST(${condition} AS INTEGER)`,
  },
  duckdb: {
    ...common,
    name: 'duckdb',
    columnTypes: { numeric: 'DOUBLE, FLOAT, DECIMAL or an integer type', categorical: 'VARCHAR', boolean: 'BOOLEAN' },
    double: scientific,
    // DuckDB parses no Unicode escapes in literals; chr() spells each character.
    trim: (column) => `TRIM(${column}, ${TRIMMED_CODE_POINTS.map((c) => `chr(${c})`).join(' || ')})`,
    string: (value) => concatenated(value, (c) => `chr(${c})`),
    toInt: (condition) => `CAST(${condition} AS INTEGER)`,
  },
  ansi: {
    ...common,
    name: 'ansi',
    columnTypes: { numeric: 'DOUBLE PRECISION (or any numeric type)', categorical: 'VARCHAR', boolean: 'BOOLEAN' },
    double: scientific,
    // The literal is a NUMERIC in PostgreSQL: without the cast an integer or NUMERIC column is
    // compared exactly, not as the double predict parses.
    number: (column) => `CAST(${column} AS DOUBLE PRECISION)`,
    // Standard SQL has no portable spelling of the other whitespace characters (U&'…' is not
    // read by DuckDB, NCHAR/UNISTR are engine-specific): ansi trims spaces, and a value padded
    // with other whitespace is an unseen category (NULL). The dedicated dialects trim them all.
    trim: (column) => `TRIM(${column})`,
    toInt: (condition) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`,
    // `SELECT *, x` is not Standard SQL; a qualified asterisk is.
    star: (table) => `${table}.*`,
  },
};
