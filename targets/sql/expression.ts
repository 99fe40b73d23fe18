/**
 * The SQL CASE expression of a compiled program: NULL guards first, then the head.
 *
 *   CASE
 *     WHEN "a" IS NULL OR "b" IS NULL THEN NULL           -- features read that have no "is missing" bit
 *     WHEN TRIM("c") NOT IN ('x', 'y') OR … THEN NULL      -- values `dbnc predict` would reject
 *     WHEN <rule 1> THEN 'label'                           -- decision list: first match wins
 *     …
 *     ELSE 'otherwise'
 *   END
 *
 * An argmax head picks the largest logit, ties to the lowest class index, in one pass and
 * without repeating any logit: each class c gets the key (logit_c − L)·C + (C − 1 − c) (C
 * classes, L ≤ every logit's lower bound, so keys are ≥ 0 and distinct), the largest key is
 * GREATEST(…), and its remainder mod C names the class.
 *
 * Named definitions of the plan (shared logic, sums) are either inlined — each rendered once,
 * then pasted wherever it is read — or referenced as columns of LATERAL subqueries (see
 * targets/sql.ts). N-ary nodes are split into balanced chunks of at most MAX_ARITY, so even
 * 5,880-term sums nest a few dozen levels deep (SQLite and DuckDB stop at depth 1000).
 */
import type { FeatureEncoder } from '../../src/data/spec';
import type { BitPredicate } from '../../src/data/predicate';
import type { Definition, Expr, Plan } from '../core/plan';
import { renderExpr, type ExprSyntax } from '../core/render';
import { quoteIdentifier, type Dialect } from './dialect';

/** Most arguments of one rendered AND/OR/+/GREATEST. */
export const MAX_ARITY = 16;

/** Longest inlined definition (characters) before giving up on inlining. */
export const MAX_INLINE_CHARS = 64 * 1024 * 1024;

export interface SqlRendererOptions {
  /** The (quoted) table alias to qualify feature columns with; unqualified when absent. */
  readonly qualifier?: string;
  /** How a definition is referenced (a column of a LATERAL subquery); default: inlined. */
  readonly reference?: (name: string) => string;
  /**
   * A categorical feature's trimmed value, where the query computes it once (a column of a
   * LATERAL subquery); default: the dialect's TRIM of the column, written at each use.
   */
  readonly trimmed?: (feature: string) => string;
}

export interface SqlRenderer {
  /** A feature's column, quoted (and qualified). */
  column(feature: string): string;
  /** A plan expression: a literal, or one parenthesized group. */
  render(expr: Expr): string;
  /**
   * The CASE expression's lines, unindented (`CASE`, `  WHEN …`, `END`), or one line for a
   * constant model; with `comments`, `--` lines explain the guards and the argmax.
   */
  caseLines(comments: boolean): string[];
}

export function sqlRenderer(plan: Plan, features: readonly FeatureEncoder[], dialect: Dialect, options: SqlRendererOptions = {}): SqlRenderer {
  const encoderOf = new Map(features.map((f) => [f.column, f]));
  const encoder = (p: BitPredicate): FeatureEncoder => {
    const e = encoderOf.get(p.feature);
    if (e === undefined) throw new Error(`SQL target: no encoder for feature ${JSON.stringify(p.feature)}`);
    return e;
  };
  const column = (feature: string): string => (options.qualifier ? `${options.qualifier}.` : '') + quoteIdentifier(feature);
  const trimmed = options.trimmed ?? ((feature: string): string => dialect.trim(column(feature)));
  const defs = new Map(plan.definitions.map((d) => [d.name, d]));
  // Inlined definitions are rendered once, on first use, and pasted (always parenthesized).
  const inlined = new Map<string, string>();
  const inline = (name: string): string => {
    let text = inlined.get(name);
    if (text === undefined) {
      const d = defs.get(name);
      if (d === undefined) throw new Error(`SQL target: no definition ${name}`);
      text = group(render(d.expr));
      if (text.length > MAX_INLINE_CHARS) {
        throw new Error(`SQL target: inlining shared logic makes definition ${name} ${text.length} characters long; use --dialect duckdb or postgres (they name it instead)`);
      }
      inlined.set(name, text);
    }
    return text;
  };
  const syntax = sqlSyntax(
    dialect,
    (bit, negated) => {
      const p = plan.predicates[bit];
      return literal(p, encoder(p), column(p.feature), trimmed(p.feature), negated, dialect);
    },
    options.reference ?? inline,
  );
  const render = (e: Expr): string => renderExpr(negateLiterals(e), syntax);
  return { column, render, caseLines: (comments) => caseLines(plan, dialect, render, column, trimmed, encoder, defs, comments) };
}

function caseLines(
  plan: Plan,
  dialect: Dialect,
  render: (e: Expr) => string,
  column: (feature: string) => string,
  trimmed: (feature: string) => string,
  encoder: (p: BitPredicate) => FeatureEncoder,
  defs: ReadonlyMap<string, Definition>,
  comments: boolean,
): string[] {
  const guards: string[] = [];
  const read = readFeatures(plan, encoder);
  const nullable = read.filter((f) => !f.missingBit).map((f) => `${column(f.column)} IS NULL`);
  const invalid = read.map((f) => invalidValue(f, column(f.column), trimmed(f.column), dialect)).filter((g): g is string => g !== null);
  if (nullable.length > 0) {
    if (comments) guards.push('-- a NULL in a feature without an "is missing" bit: no prediction');
    guards.push(`WHEN ${ungroup(balanced(nullable, 'OR'))} THEN NULL`);
  }
  if (invalid.length > 0) {
    if (comments) guards.push('-- a value dbnc predict would reject (unseen category, not a finite number, not a boolean): no prediction');
    guards.push(`WHEN ${ungroup(balanced(invalid, 'OR'))} THEN NULL`);
  }
  const indent = (lines: readonly string[]): string[] => lines.map((l) => `  ${l}`);

  const label = (c: number): string => dialect.string(plan.classes[c]);
  const head = plan.head;
  if (head.kind === 'decisionList') {
    const rules: string[] = [];
    let otherwise = head.otherwise;
    for (const rule of head.rules) {
      if (rule.condition.kind === 'const') {
        if (!rule.condition.value) continue;
        otherwise = rule.classIndex; // always true: later rules are unreachable
        break;
      }
      rules.push(`WHEN ${ungroup(render(rule.condition))} THEN ${label(rule.classIndex)}`);
    }
    if (guards.length === 0 && rules.length === 0) return [label(otherwise)];
    return ['CASE', ...indent([...guards, ...rules, `ELSE ${label(otherwise)}`]), 'END'];
  }

  const classes = plan.classes.length;
  if (classes === 1) return guards.length === 0 ? [label(0)] : ['CASE', ...indent([...guards, `ELSE ${label(0)}`]), 'END'];
  // Lowest value any logit can take (a sum is its offset plus a count ≥ 0; a condition is 0 or 1).
  const lowest = Math.min(
    0,
    ...head.logits.map((e) => {
      const d = e.kind === 'ref' ? defs.get(e.name)?.expr : e;
      return d?.kind === 'sum' ? d.offset : 0;
    }),
  );
  const keys = head.logits.map((e, c) => {
    const value = group(e.kind === 'sum' || (e.kind === 'ref' && e.integer) ? render(e) : dialect.toInt(render(e)));
    return `${value} * ${classes} + ${classes - 1 - c - lowest * classes}`;
  });
  const winner = [
    `CASE ${dialect.mod(balancedCall(keys, dialect), classes)}`,
    ...indent(plan.classes.map((_, c) => `WHEN ${classes - 1 - c} THEN ${label(c)}`)),
    'END',
  ];
  const shifted = lowest === 0 ? 'logit_c' : `(logit_c + ${-lowest})`;
  const explain = comments
    ? [`-- argmax, ties to the lowest class index: class c's key is ${shifted} * ${classes} + ${classes - 1} - c; the largest key's remainder mod ${classes} names the class`]
    : [];
  if (guards.length === 0) return [...explain, ...winner];
  return ['CASE', ...indent([...guards, ...explain, `ELSE ${winner[0]}`, ...winner.slice(1)]), 'END'];
}

/** Features whose bits the plan reads, in encoder order. */
function readFeatures(plan: Plan, encoder: (p: BitPredicate) => FeatureEncoder): FeatureEncoder[] {
  const seen = new Set<FeatureEncoder>();
  for (const bit of plan.usedInputs) seen.add(encoder(plan.predicates[bit]));
  return [...seen];
}

/**
 * One input bit as SQL. NULLs reach these only for features with an "is missing" bit (all
 * others are guarded first); there every value bit is false on NULL, as in the encoder.
 */
function literal(p: BitPredicate, f: FeatureEncoder, column: string, trimmed: string, negated: boolean, dialect: Dialect): string {
  if (p.op === 'is missing') return `${column} IS ${negated ? 'NOT ' : ''}NULL`;
  let positive: string;
  let negative: string;
  switch (p.op) {
    case '>':
      positive = `${dialect.number(column)} > ${dialect.double(p.value)}`;
      negative = `${dialect.number(column)} <= ${dialect.double(p.value)}`;
      break;
    case '=':
      positive = `${trimmed} = ${dialect.string(p.value)}`;
      negative = `${trimmed} <> ${dialect.string(p.value)}`;
      break;
    case 'is true':
      positive = dialect.isTrue(column);
      negative = dialect.isFalse(column);
      break;
  }
  if (!f.missingBit) return negated ? negative : positive;
  return negated ? `NOT COALESCE(${positive}, FALSE)` : `COALESCE(${positive}, FALSE)`;
}

/** A condition that is TRUE for a present value `dbnc predict` rejects (NULL or FALSE otherwise). */
function invalidValue(f: FeatureEncoder, column: string, trimmed: string, dialect: Dialect): string | null {
  switch (f.kind) {
    case 'numeric': {
      // NaN and ±Infinity (and, in SQLite, text in a numeric column) fall outside.
      const max = dialect.double(Number.MAX_VALUE);
      return `(${column} NOT BETWEEN -${max} AND ${max})`;
    }
    case 'categorical':
      return f.categories.length === 0 ? `${column} IS NOT NULL` : `${trimmed} NOT IN (${f.categories.map((c) => dialect.string(c)).join(', ')})`;
    case 'boolean':
      return dialect.invalidBoolean(column);
  }
}

/** `not(input b)` becomes the pseudo-input `-1 - b`, so a negated literal prints as `x <= t`, not `NOT (x > t)`. */
function negateLiterals(e: Expr): Expr {
  switch (e.kind) {
    case 'not':
      return e.arg.kind === 'input' ? { kind: 'input', bit: -1 - e.arg.bit } : { kind: 'not', arg: negateLiterals(e.arg) };
    case 'and':
    case 'or':
    case 'xor':
      return { kind: e.kind, args: e.args.map(negateLiterals) };
    case 'atLeast':
    case 'exactly':
      return { kind: e.kind, k: e.k, args: e.args.map(negateLiterals) };
    case 'sum':
      return { kind: 'sum', offset: e.offset, args: e.args.map(negateLiterals) };
    default:
      return e;
  }
}

/**
 * Every composite this syntax prints is wrapped in parentheses (AND, OR, XOR, +, comparisons,
 * references), so a rendered condition starting with `(` is one group; literals never start with one.
 */
function sqlSyntax(dialect: Dialect, input: (bit: number, negated: boolean) => string, ref: (name: string) => string): ExprSyntax {
  return {
    true: 'TRUE',
    false: 'FALSE',
    input: (bit) => (bit >= 0 ? input(bit, false) : input(-1 - bit, true)),
    ref,
    not: (arg) => `NOT ${group(arg)}`,
    and: (args) => `(${args.join(' AND ')})`,
    or: (args) => `(${args.join(' OR ')})`,
    // `<>` is not associative in PostgreSQL: nest pairs.
    xor: (args) => args.slice(1).reduce((acc, a) => `(${acc} <> ${group(a)})`, group(args[0])),
    toInt: (condition) => dialect.toInt(condition),
    int: (value) => (value < 0 ? `(${value})` : `${value}`),
    add: (args) => `(${args.join(' + ')})`,
    compare: (integer, op, k) => `(${integer} ${op} ${k})`,
    maxArity: MAX_ARITY,
  };
}

/** A quoted (optionally qualified) column name, TRUE or FALSE: needs no parentheses. */
const ATOM = /^(?:"(?:[^"]|"")*"\.)?"(?:[^"]|"")*"$|^(?:TRUE|FALSE)$/;

/** Parenthesized unless it already is one group (see sqlSyntax) or an atom. */
export function group(text: string): string {
  return (text.startsWith('(') && text.endsWith(')')) || ATOM.test(text) ? text : `(${text})`;
}

/** Drops one pair of outer parentheses of a group, for a condition standing alone after WHEN. */
export function ungroup(text: string): string {
  return text.startsWith('(') && text.endsWith(')') && isOneGroup(text) ? text.slice(1, -1) : text;
}

/** True when the opening parenthesis at 0 closes at the very end (quotes skipped). */
function isOneGroup(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      // Doubled quotes inside are two adjacent quoted runs: skipping run by run is the same.
      i = end < 0 ? text.length : end;
    } else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i === text.length - 1;
    }
  }
  return false;
}

/** `a OR b OR …` split into balanced parenthesized chunks of at most MAX_ARITY. */
function balanced(parts: readonly string[], op: 'AND' | 'OR'): string {
  if (parts.length === 1) return parts[0];
  if (parts.length <= MAX_ARITY) return `(${parts.join(` ${op} `)})`;
  const size = Math.ceil(parts.length / MAX_ARITY);
  const chunks: string[] = [];
  for (let i = 0; i < parts.length; i += size) chunks.push(balanced(parts.slice(i, i + size), op));
  return balanced(chunks, op);
}

/** GREATEST(…) over many arguments, nested in chunks of at most MAX_ARITY. */
function balancedCall(args: readonly string[], dialect: Dialect): string {
  if (args.length === 1) return args[0];
  if (args.length <= MAX_ARITY) return dialect.greatest(args);
  const size = Math.ceil(args.length / MAX_ARITY);
  const chunks: string[] = [];
  for (let i = 0; i < args.length; i += size) chunks.push(balancedCall(args.slice(i, i + size), dialect));
  return balancedCall(chunks, dialect);
}
