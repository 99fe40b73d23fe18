/**
 * `--target sql`: the classifier as one SQL query, `SELECT *, CASE … END AS "prediction" FROM
 * "<table>"` returning every column of the table plus the class label, in the sqlite,
 * postgres, duckdb or ansi dialect (default ansi); with `expressionOnly`, just the CASE … END
 * expression to paste into a query of one's own.
 *
 * Shared logic and sums (the plan's named definitions) are inlined for SQLite and in
 * expression-only output; PostgreSQL, DuckDB and ANSI queries compute each once per row as a
 * column of a `CROSS JOIN LATERAL` subquery, so an mnist-size net stays a ~1 MB query that
 * plans in seconds (DuckDB needs `LATERAL (VALUES …)` there: it optimizes a large SELECT list
 * for minutes).
 *
 * NULL semantics (docs/sql.md): a NULL in a feature with an "is missing" bit takes that bit,
 * as `dbnc predict` does; a NULL in any other feature the expression reads, and a value `dbnc
 * predict` would reject (an unseen category, NaN or ±Infinity, a non-boolean in SQLite), give
 * the prediction NULL — never a silently wrong class.
 */
import { PREDICTION_COLUMN } from '../src/data/schema';
import type { FeatureEncoder } from '../src/data/spec';
import { planProgram, type Definition, type Expr, type Plan } from './core/plan';
import { DIALECTS, quoteIdentifier, SQL_DIALECTS, type Dialect, type SqlDialect } from './sql/dialect';
import { sqlRenderer, ungroup } from './sql/expression';
import { headerLines, type EmitInput, type Target } from './types';
import { isOneOf } from '../src/util/one_of';
import { escapeInvisible } from '../src/util/visible_text';

export { SQL_DIALECTS, type SqlDialect } from './sql/dialect';

export const DEFAULT_TABLE = 'data';

export const sqlTarget: Target = {
  name: 'sql',
  description: 'one SQL query (or a CASE expression) for SQLite, PostgreSQL, DuckDB or ANSI SQL',
  extension: 'sql',
  emit: emitSql,
};

export function emitSql(input: EmitInput): string {
  const options = input.options ?? {};
  const name: SqlDialect = options.dialect ?? 'ansi';
  if (!isOneOf(SQL_DIALECTS, name)) throw new Error(`SQL target: unknown dialect ${JSON.stringify(name)} (expected ${SQL_DIALECTS.join(', ')})`);
  const dialect = DIALECTS[name];
  const table = quoteIdentifier(options.table ?? DEFAULT_TABLE);
  const expressionOnly = options.expressionOnly ?? false;
  const plan = planProgram(input.program);
  const features = input.model.encoders.features;
  checkColumnNames(features.map((f) => f.column), name);
  const types = dialect.columnTypes;
  const header = [
    ...headerLines(input, 'SQL'),
    `dialect: ${name}${expressionOnly ? ' (the CASE expression only)' : `; table: ${table}`}`,
    `column types expected: numeric ${types.numeric}; categorical ${types.categorical}; boolean ${types.boolean}`,
    'NULL: a NULL in a feature with an "is missing" bit takes that branch (as dbnc predict does);',
    '  a NULL in any other feature read, an unseen category, NaN/Infinity or a non-boolean value gives',
    '  the prediction NULL (dbnc predict would reject the row); missing cells must be loaded as NULL.',
  ].map(comment);
  const prediction = quoteIdentifier(PREDICTION_COLUMN);
  const trimmed = TRIMMED_ONCE.includes(name) ? categoriesRead(plan, features) : [];
  let body: string[];
  if (expressionOnly) {
    body = sqlRenderer(plan, features, dialect).caseLines(false);
  } else if ((plan.definitions.length === 0 && trimmed.length === 0) || name === 'sqlite') {
    // Nothing to name once (or SQLite, which has no LATERAL): `SELECT *, CASE … END`.
    const expr = sqlRenderer(plan, features, dialect).caseLines(true);
    body = ['SELECT', `  ${dialect.star(table)},`, ...indent(expr.slice(0, -1)), `  ${expr.at(-1)} AS ${prediction}`, `FROM ${table};`];
  } else {
    body = lateralQuery(plan, features, trimmed, dialect, table, prediction);
  }
  return `${[...header, ...body].join('\n')}\n`;
}

/**
 * Dialects whose trim of a category is long (it names 25 whitespace characters) and that have
 * LATERAL: their full queries trim each categorical column once per row, in a subquery, instead
 * of at every comparison (DuckDB's spelling alone is ~270 characters).
 */
const TRIMMED_ONCE: readonly SqlDialect[] = ['postgres', 'duckdb'];
const TRIMMED_ALIAS = quoteIdentifier('trimmed');

/** The categorical features the plan reads (their guard and comparisons trim them), in encoder order. */
function categoriesRead(plan: Plan, features: readonly FeatureEncoder[]): FeatureEncoder[] {
  const read = new Set(plan.usedInputs.map((bit) => plan.predicates[bit].feature));
  return features.filter((f) => f.kind === 'categorical' && f.categories.length > 0 && read.has(f.column));
}

/** Most definitions per LATERAL subquery (PostgreSQL allows 1,664 columns). */
const LATERAL_WIDTH = 500;
const TABLE_ALIAS = quoteIdentifier('t');

/**
 * Shared logic named once: each definition becomes a column of a LATERAL subquery evaluated per
 * row (`CROSS JOIN LATERAL (SELECT … AS "c1", …) AS "d1"`); a definition starts a new subquery
 * when it reads one of the current subquery's columns. The `trimmed` categorical columns come
 * first, in a subquery of their own (`"trimmed"."color"`). The select list is the table's
 * columns (`"t".*`) and the CASE expression over `"dK"."cN"`.
 */
function lateralQuery(plan: Plan, features: readonly FeatureEncoder[], trimmed: readonly FeatureEncoder[], dialect: Dialect, table: string, prediction: string): string[] {
  const groupOf = new Map<string, number>();
  const groups: Definition[][] = [];
  for (const d of plan.definitions) {
    const current = groups.at(-1);
    const reads = references(d.expr);
    if (current === undefined || current.length >= LATERAL_WIDTH || reads.some((r) => groupOf.get(r) === groups.length - 1)) groups.push([d]);
    else current.push(d);
    groupOf.set(d.name, groups.length - 1);
  }
  const alias = (g: number): string => quoteIdentifier(`d${g + 1}`);
  const renderer = sqlRenderer(plan, features, dialect, {
    qualifier: TABLE_ALIAS,
    reference: (name) => `${alias(groupOf.get(name) as number)}.${quoteIdentifier(name)}`,
    ...(trimmed.length > 0 ? { trimmed: (feature: string) => `${TRIMMED_ALIAS}.${quoteIdentifier(feature)}` } : {}),
  });
  const expr = renderer.caseLines(true);
  const lines = ['SELECT', `  ${TABLE_ALIAS}.*,`, ...indent(expr.slice(0, -1)), `  ${expr.at(-1)} AS ${prediction}`, `FROM ${table} AS ${TABLE_ALIAS}`];
  const lateral = (columns: readonly string[], names: readonly string[], as: string): string[] =>
    dialect.name !== 'postgres'
      ? // Standard SQL has no FROM-less SELECT: a one-row VALUES with a column list. DuckDB needs
        // it too: its common-subexpression optimizer takes minutes on a large SELECT list.
        ['CROSS JOIN LATERAL (VALUES (', ...columns.map((c, i) => `  ${c}${i < columns.length - 1 ? ',' : ''}`), `)) AS ${as} (${names.map(quoteIdentifier).join(', ')})`]
      : ['CROSS JOIN LATERAL (', '  SELECT', ...columns.map((c, i) => `    ${c} AS ${quoteIdentifier(names[i])}${i < columns.length - 1 ? ',' : ''}`), `) AS ${as}`];
  if (trimmed.length > 0) {
    lines.push('-- each category trimmed once per row, of the whitespace dbnc predict trims (tabs, line breaks, spaces, no-break spaces, …)');
    const names = trimmed.map((f) => f.column);
    lines.push(...lateral(names.map((n) => dialect.trim(renderer.column(n))), names, TRIMMED_ALIAS));
  }
  groups.forEach((group, g) => {
    const columns = group.map((d) => ungroup(renderer.render(d.expr)));
    lines.push(`-- ${g === 0 ? 'shared logic, named once per row' : 'more shared logic'}: ${group.map((d) => d.name).join(', ')}`.slice(0, 200));
    lines.push(...lateral(columns, group.map((d) => d.name), alias(g)));
  });
  lines[lines.length - 1] += ';';
  return lines;
}

/** Names of the definitions an expression reads directly. */
function references(e: Expr): string[] {
  switch (e.kind) {
    case 'ref':
      return [e.name];
    case 'not':
      return references(e.arg);
    case 'and':
    case 'or':
    case 'xor':
    case 'atLeast':
    case 'exactly':
    case 'sum':
      return e.args.flatMap(references);
    default:
      return [];
  }
}

const indent = (lines: readonly string[]): string[] => lines.map((l) => `  ${l}`);

/** PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN − 1), cut at a character boundary. */
const POSTGRES_IDENTIFIER_BYTES = 63;

function postgresIdentifier(name: string): string {
  let bytes = 0;
  let kept = '';
  for (const ch of name) {
    bytes += Buffer.byteLength(ch);
    if (bytes > POSTGRES_IDENTIFIER_BYTES) break;
    kept += ch;
  }
  return kept;
}

/**
 * The name an engine resolves a quoted identifier to: SQLite and DuckDB match identifiers
 * ignoring ASCII letter case even when quoted; PostgreSQL cuts them to 63 bytes. Two feature
 * columns (or a feature and the output column) that meet there cannot both exist in one table,
 * or would make the output ambiguous: an error names them instead of a query that cannot run.
 */
function checkColumnNames(columns: readonly string[], dialect: SqlDialect): void {
  const resolve = (name: string): string =>
    dialect === 'sqlite' || dialect === 'duckdb'
      ? name.replace(/[A-Z]/g, (c) => c.toLowerCase())
      : dialect === 'postgres'
        ? postgresIdentifier(name)
        : name;
  const folding =
    dialect === 'postgres' ? 'PostgreSQL keeps only the first 63 bytes of a name' : `${dialect === 'sqlite' ? 'SQLite' : 'DuckDB'} ignores letter case in names`;
  const seen = new Map<string, string>([[resolve(PREDICTION_COLUMN), PREDICTION_COLUMN]]);
  for (const column of columns) {
    const key = resolve(column);
    const other = seen.get(key);
    if (other === PREDICTION_COLUMN) {
      throw new Error(
        `SQL target (${dialect}): the feature column ${JSON.stringify(column)} ${column === other ? 'has' : `clashes with`} the name of the column the query adds, ${JSON.stringify(PREDICTION_COLUMN)}${column === other ? '' : ` (${folding})`}; rename the column and retrain`,
      );
    }
    if (other !== undefined) {
      throw new Error(`SQL target (${dialect}): the feature columns ${JSON.stringify(other)} and ${JSON.stringify(column)} are one column to the engine (${folding}); rename one and retrain`);
    }
    seen.set(key, column);
  }
}

/**
 * A `--` comment line; line breaks in names or labels cannot end it early, and invisible or
 * text-reordering characters are written `\uXXXX`.
 */
function comment(text: string): string {
  return `-- ${escapeInvisible(text.replace(/[\r\n\u2028\u2029\u0085\v\f]+/g, ' '))}`.trimEnd();
}
